from django.apps import AppConfig


class LimitsConfig(AppConfig):
    name = "digikommun.limits"
    label = "limits"
    verbose_name = "Abuse limits"
