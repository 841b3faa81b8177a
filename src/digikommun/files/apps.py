from django.apps import AppConfig


class FilesConfig(AppConfig):
    name = "digikommun.files"
    label = "files"
    verbose_name = "Uploaded files"
