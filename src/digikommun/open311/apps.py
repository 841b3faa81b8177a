from django.apps import AppConfig


class Open311Config(AppConfig):
    name = "digikommun.open311"
    label = "open311"
    verbose_name = "Fault reporting (Open311)"

    def ready(self) -> None:
        # The catalog reads a definition's `fault_reporting` section with open311's parser,
        # registered here (the catalog imports nothing of open311).
        from digikommun.catalog.definition import section_parser_register

        from .schema import parse_fault_reporting

        section_parser_register("fault_reporting", parse_fault_reporting)
