from django.apps import AppConfig


class TransparencyConfig(AppConfig):
    name = "digikommun.transparency"
    label = "transparency"
    verbose_name = "Transparency: benefit figures and open data"
