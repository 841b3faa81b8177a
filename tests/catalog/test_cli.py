"""`digikommun services validate|test|publish` on the demo services and on broken ones."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def digikommun(*args, cwd=ROOT, env=None):
    return subprocess.run(
        [sys.executable, "-m", "digikommun.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "digikommun.conf.settings.test",
            **(env or {}),
        },
    )


def test_services_test_passes_every_example_case():
    result = digikommun("services", "test")
    last = result.stdout.strip().splitlines()[-1]
    assert result.returncode == 0, result.stdout + result.stderr
    passed, failed = (int(part.split()[0]) for part in last.split(", "))
    assert failed == 0 and passed >= 8, last


def test_services_test_fails_on_a_wrong_expectation(tmp_path):
    import shutil

    target = tmp_path / "boendeparkering"
    shutil.copytree(ROOT / "services" / "boendeparkering", target)
    case = (target / "tests").glob("*.yaml").__next__()
    case.write_text(case.read_text().replace("outcome: approved", "outcome: rejected", 1))
    result = digikommun("services", "test", str(target))
    assert result.returncode == 1
    assert "FAIL boendeparkering" in result.stdout
    assert result.stdout.strip().splitlines()[-1].endswith(" failed")
    assert " 0 failed" not in result.stdout.strip().splitlines()[-1]


def test_validate_reports_file_line_column(tmp_path):
    import shutil

    target = tmp_path / "boendeparkering"
    shutil.copytree(ROOT / "services" / "boendeparkering", target)
    (target / "service.yaml").write_text("id: boendeparkering\nregister: [\n")
    result = digikommun("services", "validate", str(target))
    assert result.returncode == 1
    assert "boendeparkering/service.yaml:3:1:" in result.stdout


@pytest.mark.django_db
def test_publish_stores_an_immutable_version_once(demo):
    from digikommun.catalog.definition import load_definition
    from digikommun.catalog.models import ServiceVersion
    from digikommun.catalog.services import service_publish

    definition = load_definition(ROOT / "services" / "boendeparkering")
    again = service_publish(definition=definition)
    assert not again.created
    assert ServiceVersion.objects.filter(service_id="boendeparkering").count() == 1
    assert again.version.content_hash == definition.content_hash
