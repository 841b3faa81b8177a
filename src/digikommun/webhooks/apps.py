from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "digikommun.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        # Webhooks sit above the parts whose events they send: those parts announce, and
        # webhooks subscribes here (none of them imports webhooks).
        from digikommun.cases import signals as cases
        from digikommun.cosigning import signals as cosigning
        from digikommun.letters import signals as letters
        from digikommun.open311 import signals as open311
        from digikommun.process import recovery

        from . import receivers, sending

        cases.case_notice.connect(receivers.on_case_notice, dispatch_uid="webhooks")
        cases.decision_made.connect(receivers.on_decision_made, dispatch_uid="webhooks")
        cases.completion_requested.connect(
            receivers.on_completion_requested, dispatch_uid="webhooks"
        )
        letters.letter_created.connect(receivers.on_letter_created, dispatch_uid="webhooks")
        open311.report_state_changed.connect(
            receivers.on_report_state_changed, dispatch_uid="webhooks"
        )
        cosigning.cosigning_done.connect(receivers.on_cosigning_done, dispatch_uid="webhooks")
        if sending.sweep not in recovery.SWEEPS:
            recovery.SWEEPS.append(sending.sweep)
