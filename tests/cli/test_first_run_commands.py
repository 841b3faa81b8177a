"""The commands of a first run: `serve`, `services publish`, `demo load`.

Each runs as the `digikommun` command (a subprocess) on the test's own, empty database, which
the subprocess joins by its name (DIGIKOMMUN_DB_NAME), as the worker-kill test's workers do:
the command's migrate finds nothing to do, and the demo loading and serving are real.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
DIGIKOMMUN = Path(sys.executable).with_name("digikommun")


def environment(data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "digikommun.conf.settings.test",
        "DIGIKOMMUN_DB_NAME": str(connection.settings_dict["NAME"]),
    }


def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(DIGIKOMMUN), *args],
        env=environment(data_dir),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=50,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str] | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


@pytest.mark.django_db(transaction=True)
def test_serve_loads_the_demo_into_an_empty_database_and_serves_until_stopped(tmp_path):
    port = free_port()
    server = subprocess.Popen(
        [str(DIGIKOMMUN), "serve", "--port", str(port), "--no-worker"],
        env=environment(tmp_path),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 45
        answer = None
        while answer is None and time.monotonic() < deadline and server.poll() is None:
            answer = fetch(f"http://127.0.0.1:{port}/")
            if answer is None:
                time.sleep(0.2)  # polling for the server to answer, with a deadline
        assert answer is not None, "the server did not answer within 45 s"
        status, page = answer
        assert status == 200
        assert "Ekonomiskt bistånd" in page and "Boendeparkering" in page
    finally:
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=20)
    assert server.returncode == 0, output
    assert "Loaded 4 demo services" in output
    assert fetch(f"http://127.0.0.1:{port}/") is None  # stopped


@pytest.mark.django_db(transaction=True)
def test_services_publish_and_demo_load_on_an_empty_database(tmp_path):
    from digikommun.catalog.models import ServiceVersion
    from digikommun.identity.models import User

    first = run(tmp_path, "services", "publish")
    assert first.returncode == 0, first.stdout + first.stderr
    for service in ("boendeparkering", "ekonomiskt-bistand", "felanmalan", "telepresensrobot"):
        assert f"{service}: published as" in first.stdout
    again = run(tmp_path, "services", "publish")
    assert again.returncode == 0
    assert "published as" not in again.stdout and again.stdout.count("unchanged") == 4
    assert ServiceVersion.objects.count() == 4
    demo = run(tmp_path, "demo", "load")
    assert demo.returncode == 0, demo.stderr
    assert demo.stdout.strip().startswith("Loaded 4 services and 11 demo people.")
    assert ServiceVersion.objects.count() == 4  # loading again publishes nothing new
    assert User.objects.filter(is_demo_person=True).count() == 11


def test_services_publish_publishes_nothing_when_a_definition_is_broken(tmp_path):
    services = tmp_path / "services"
    shutil.copytree(ROOT / "services" / "boendeparkering", services / "boendeparkering")
    shutil.copytree(ROOT / "services" / "ekonomiskt-bistand", services / "ekonomiskt-bistand")
    (services / "boendeparkering" / "service.yaml").write_text("id: boendeparkering\n")
    result = run(tmp_path, "services", "publish", str(services))
    assert result.returncode == 1
    assert "Nothing was published: fix the errors above first." in result.stdout
