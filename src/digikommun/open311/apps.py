from django.apps import AppConfig


class Open311Config(AppConfig):
    name = "digikommun.open311"
    label = "open311"
    verbose_name = "Fault reporting (Open311)"
