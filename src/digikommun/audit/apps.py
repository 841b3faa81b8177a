from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "digikommun.audit"
    label = "audit"
    verbose_name = "Audit log"
