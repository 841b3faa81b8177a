from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "digikommun.registers"
    label = "registers"
    verbose_name = "Register look-ups"
