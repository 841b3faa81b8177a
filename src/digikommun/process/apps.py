from django.apps import AppConfig


class ProcessConfig(AppConfig):
    name = "digikommun.process"
    label = "process"
    verbose_name = "Process engine"

    def ready(self) -> None:
        # The process engine depends on cases, not the reverse: it subscribes to what cases
        # announce, and gives the catalog the parser of a definition's `process` section.
        from digikommun.cases import signals
        from digikommun.catalog.definition import section_parser_register

        from . import receivers
        from .schema import parse_process

        signals.case_submitted.connect(receivers.on_case_submitted, dispatch_uid="process")
        signals.decision_recorded.connect(receivers.on_decision_recorded, dispatch_uid="process")
        signals.completion_requested.connect(
            receivers.on_completion_requested, dispatch_uid="process"
        )
        section_parser_register("process", parse_process)
