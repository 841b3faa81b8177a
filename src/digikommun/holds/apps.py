from django.apps import AppConfig


class HoldsConfig(AppConfig):
    name = "digikommun.holds"
    label = "holds"
    verbose_name = "Holds on automated decisions"
