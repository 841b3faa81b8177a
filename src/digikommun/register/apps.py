from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "digikommun.register"
    label = "algorithm_register"
    verbose_name = "Public register of automated decision models"
