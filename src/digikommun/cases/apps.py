from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "digikommun.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        # Files sit below cases: cases tells files who may read a case's files.
        from digikommun.files.selectors import case_access_register

        from .selectors import may_read_case_files

        case_access_register(may_read_case_files)
