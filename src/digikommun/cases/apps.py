from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "digikommun.cases"
    label = "cases"
    verbose_name = "Cases"
