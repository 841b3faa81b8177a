from django.apps import AppConfig


class ProcessConfig(AppConfig):
    name = "digikommun.process"
    label = "process"
    verbose_name = "Process engine"
