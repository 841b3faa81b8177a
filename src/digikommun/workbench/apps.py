from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "digikommun.workbench"
    label = "workbench"
    verbose_name = "Caseworker workbench"
