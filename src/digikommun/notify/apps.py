from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "digikommun.notify"
    label = "notify"
    verbose_name = "Notifications"

    def ready(self) -> None:
        # Cases announce what the applicant may be told of; notify queues the email in the
        # same transaction (cases does not import notify).
        from digikommun.cases import signals

        from .services import on_case_notice

        signals.case_notice.connect(on_case_notice, dispatch_uid="notify")
