from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "digikommun.notify"
    label = "notify"
    verbose_name = "Notifications"
