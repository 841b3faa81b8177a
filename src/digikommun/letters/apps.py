from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "digikommun.letters"
    label = "letters"
    verbose_name = "Decision letters"
