"""On SQLite too, the database refuses to change or delete audit entries.

Two triggers abort any UPDATE or DELETE on audit_entry unless the SQL function
digikommun_audit_unlocked() says 1. The application registers that function on each of its
SQLite connections (audit/apps.py) answering 0 — except under the test settings'
AUDIT_ALLOW_TEST_FLUSH, which production refuses, so the test suite can empty its tables.
Another program (the sqlite3 shell, a script) does not have the function at all, so its
UPDATE or DELETE fails with "no such function". Dropping the triggers remains possible for
whoever owns the file; the keyed chain and the checkpoints outside the database find that.
"""

from django.db import migrations

CREATE = [
    f"""
CREATE TRIGGER audit_entry_no_{op.lower()} BEFORE {op} ON audit_entry
WHEN NOT digikommun_audit_unlocked()
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: {op} on audit_entry is refused');
END;
"""
    for op in ("UPDATE", "DELETE")
]
DROP = [f"DROP TRIGGER IF EXISTS audit_entry_no_{op};" for op in ("update", "delete")]


def _on_sqlite(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for sql in statements:
                schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]

    operations = [migrations.RunPython(_on_sqlite(CREATE), _on_sqlite(DROP))]
