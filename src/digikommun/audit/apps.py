from django.apps import AppConfig
from django.db.backends.signals import connection_created


def _unlocked() -> int:
    from django.conf import settings

    return 1 if getattr(settings, "AUDIT_ALLOW_TEST_FLUSH", False) else 0


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """The function the SQLite append-only triggers ask (migration 0003)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "digikommun_audit_unlocked", 0, _unlocked, deterministic=False
        )


class AuditConfig(AppConfig):
    name = "digikommun.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        connection_created.connect(register_sqlite_function, dispatch_uid="audit-sqlite-function")
