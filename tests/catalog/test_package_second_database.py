"""A service packaged here and imported with `digikommun services import` into a second,
fresh database (a second SQLite file; a second PostgreSQL database when
DIGIKOMMUN_TEST_DB=postgres), with the municipality's own overlay: the import migrates that
database and publishes the service with its origin, and the shared example cases pass against
the overlay. A changed package is refused by the command with a clear message."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connections
from django.db.utils import load_backend

from digikommun.cli import main

from .test_packages import KOMMUN, make_package, rewrite

ROOT = Path(__file__).resolve().parents[2]
DIGIKOMMUN = Path(sys.executable).with_name("digikommun")


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(DIGIKOMMUN), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "digikommun.conf.settings.test", **env},
    )


@pytest.fixture
def second_database(tmp_path, request, django_db_blocker):
    """The environment that points the command at a second database, with no rows.

    A copy of the test database, already migrated, while no test holds it: migrating from
    nothing costs 20-40 s of CPU, the import's own migrate then finds nothing to do. On SQLite
    `VACUUM INTO`; on PostgreSQL a new database made with the test database as its template
    (which needs the test's own connection closed for that moment)."""
    request.getfixturevalue("django_db_setup")  # the test database, created and migrated
    if os.environ.get("DIGIKOMMUN_TEST_DB") != "postgres":
        path = tmp_path / "second.sqlite3"
        with django_db_blocker.unblock(), connections["default"].cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(path)])
        yield {"DIGIKOMMUN_DB_NAME": str(path)}
        return
    name = f"digikommun_second_{os.getpid()}"
    with django_db_blocker.unblock():
        settings_dict = {**connections["default"].settings_dict, "NAME": "postgres"}
        admin = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "admin")
        template = connections["default"].settings_dict["NAME"]
        connections["default"].close()
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        try:
            yield {"DIGIKOMMUN_DB_NAME": name}
        finally:
            with admin.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()


def stored_versions(env: dict[str, str], django_db_blocker) -> list[tuple[dict, dict]]:
    """(origin, files) of each version published in the second database, read directly."""
    with django_db_blocker.unblock():
        settings_dict = {**connections["default"].settings_dict, "NAME": env["DIGIKOMMUN_DB_NAME"]}
        second = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "second")
        try:
            with second.cursor() as cursor:
                cursor.execute("SELECT origin, files FROM catalog_serviceversion")
                rows = cursor.fetchall()
        finally:
            second.close()
    return [tuple(v if isinstance(v, dict) else json.loads(v) for v in row) for row in rows]


# A test database to copy (and the test in the PostgreSQL run); no transaction around the test,
# so its connection can be closed while PostgreSQL copies the database.
@pytest.mark.django_db(transaction=True)
def test_a_package_imported_into_a_second_database_passes_its_examples_with_an_overlay(
    tmp_path, second_database, capsys, django_db_blocker
):
    package = tmp_path / "ekonomiskt-bistand-2026.1.tar.gz"
    made = main(
        [
            "services", "package", "services/ekonomiskt-bistand", str(package),
            "--version", "2026.1", "--publisher", "Exempelkommun", "--created", "2026-11-01",
        ]
    )  # fmt: skip
    assert made == 0, capsys.readouterr().out
    assert package.read_bytes() == make_package()  # the command makes the same bytes
    overlay = tmp_path / "kommun.yaml"
    overlay.write_text(KOMMUN, encoding="utf-8")
    services = tmp_path / "services"

    # The second municipality: another process, another database, migrated by the import.
    imported = run(
        "services", "import", str(package), "--overlay", str(overlay), "--dest", str(services),
        env=second_database,
    )  # fmt: skip
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert "verified" in imported.stdout
    assert "ekonomiskt-bistand: published as version 1" in imported.stdout
    # The one version there is the imported one.
    [(origin, files)] = stored_versions(second_database, django_db_blocker)
    assert origin["package"] == "ekonomiskt-bistand"
    assert origin["version"] == "2026.1"
    assert origin["publisher"] == "Exempelkommun"
    assert origin["overlays"] == ["kommun"]
    assert "overlays/kommun.yaml" in files

    capsys.readouterr()
    tested = main(
        ["services", "test", str(services / "ekonomiskt-bistand"), "--overlays", "kommun"]
    )
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert tested == 0 and last.endswith(" passed, 0 failed"), last
    assert int(last.split()[0]) >= 20


def test_the_command_refuses_a_changed_package_and_installs_nothing(tmp_path, capsys):
    tampered = tmp_path / "changed.tar.gz"
    tampered.write_bytes(
        rewrite(
            make_package(),
            lambda n, b: (
                b.replace(b"value: 10000", b"value: 99000") if n.endswith("rules.yaml") else b
            ),
        )
    )
    result = main(["services", "import", str(tampered), "--dest", str(tmp_path / "services")])
    out = capsys.readouterr().out
    assert result == 1
    assert "the package has been changed since it was made" in out
    assert "rules.yaml: its content does not match its SHA-256" in out
    assert "Nothing was installed." in out
    assert not (tmp_path / "services").exists()


def test_an_overlay_that_cannot_be_read_is_refused(tmp_path, capsys):
    package = tmp_path / "p.tar.gz"
    package.write_bytes(make_package())
    missing = tmp_path / "no-such-overlay.yaml"
    result = main(
        [
            "services",
            "import",
            str(package),
            "--overlay",
            str(missing),
            "--dest",
            str(tmp_path / "s"),
        ]
    )
    out = capsys.readouterr().out
    assert result == 1
    assert f"refused: {missing}: cannot be read" in out and "Nothing was installed." in out
    assert not (tmp_path / "s").exists()
