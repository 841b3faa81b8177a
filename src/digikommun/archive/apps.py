from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "digikommun.archive"
    default_auto_field = "django.db.models.BigAutoField"
