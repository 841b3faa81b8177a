from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "digikommun.portal"
    label = "portal"
    verbose_name = "Resident portal"
