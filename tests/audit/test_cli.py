"""`digikommun audit verify` prints the chain's state and exits 1 when it is broken.

Tested through audit.cli.main, in the test's own database (the command itself only adds
Django's setup with the configured settings).
"""

from __future__ import annotations

import pytest
from django.db import connection

from digikommun.audit import cli
from digikommun.audit.services import audit_log

pytestmark = pytest.mark.django_db


def test_an_intact_log_prints_its_size_and_exits_0(capsys):
    for _ in range(3):
        audit_log(actor=None, action="case.read", case_id=1)
    assert cli.main(["verify"]) == 0
    assert capsys.readouterr().out.startswith("audit log: 3 entries, chain intact;")


def test_a_broken_log_names_the_entry_and_exits_1(capsys):
    for _ in range(4):
        audit_log(actor=None, action="case.read", case_id=1)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only")
        cursor.execute("UPDATE audit_entry SET action = 'case.nothing' WHERE seq = 2")
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only")
    assert cli.main(["verify", "--batch", "2"]) == 1
    assert capsys.readouterr().out == (
        "audit log: chain broken at entry 2: hash does not match its content\n"
    )


def test_an_unknown_action_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["shred"])
    assert exit_info.value.code == 2
