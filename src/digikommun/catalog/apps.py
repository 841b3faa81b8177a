from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "digikommun.catalog"
    label = "catalog"
    verbose_name = "Service catalog"
