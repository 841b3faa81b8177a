from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "digikommun.identity"
    label = "identity"
    verbose_name = "Identity"
