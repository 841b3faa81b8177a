"""A file added through the API to a case whose service has a file field: `field_id` brings
that field's own rules (kinds, size, how many), held under concurrent posts too; a full disk
is a 507 problem and keeps nothing; a file posted twice is two files, each counted."""

from __future__ import annotations

import errno
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile

from digikommun.audit.models import Entry
from digikommun.catalog.definition import load_definition
from digikommun.catalog.services import service_publish
from digikommun.files.models import StoredFile
from digikommun.identity.models import User
from digikommun.portal import services as portal_services
from tests.forms.test_answers import ANSWERS

from .conftest import BASE, Api, assert_problem, token_for
from .world import PDF

SHOWCASE = Path(__file__).resolve().parents[1] / "fixtures" / "services" / "falttyper"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
MB = 1024 * 1024


def showcase_case(person: str = "198507099805"):
    """A case of the test service that asks every field type, one file field among them
    (`certificate`: pdf, jpeg or png, at most 1 MB, at most 3 files): its answers put on a
    draft, which the portal's `draft_submit` judges and sends."""
    definition = load_definition(SHOWCASE)
    version = service_publish(definition=definition).version
    applicant, _ = User.objects.get_or_create(username=person, personnummer=person)
    draft = portal_services.draft_start(applicant=applicant, version=version)
    draft.raw = dict(ANSWERS)
    draft.step = len(definition.steps)
    draft.save(update_fields=["raw", "step"])
    return portal_services.draft_submit(draft=draft, definition=definition, language="sv")


def post(api: Api, case_id: int, content: bytes, name: str = "intyg.pdf", **form):
    data = {"file": SimpleUploadedFile(name, content), **form}
    return api.client.post(f"{BASE}/cases/{case_id}/attachments", data, **api.headers)


def test_the_fields_own_rules_apply(db, api_for):
    case = showcase_case()
    api = api_for("cases:write")
    made = post(api, case.pk, PNG, name="intyg.png", field_id="certificate")
    assert made.status_code == 201, made.content
    assert StoredFile.objects.get(key=made.json()["key"]).field_id == "certificate"
    # Larger than the field's 1 MB (the API's own limit for a file of no field is 10 MB).
    big = assert_problem(post(api, case.pk, PDF + b"\0" * MB, field_id="certificate"), 422)
    assert "1,0 MB" in big["errors"]["file"]
    assert post(api, case.pk, PDF + b"\0" * MB).status_code == 201  # no field: 10 MB
    # The field's kinds: a GIF is a picture, but not one the field takes.
    gif = assert_problem(
        post(api, case.pk, b"GIF89a" + b"\0" * 32, "a.gif", field_id="certificate"), 422
    )
    assert list(gif["errors"]) == ["file"]
    # At most three files in the field.
    assert post(api, case.pk, PDF, field_id="certificate").status_code == 201
    assert post(api, case.pk, PDF, field_id="certificate").status_code == 201
    fourth = assert_problem(post(api, case.pk, PDF, field_id="certificate"), 422)
    assert "3" in fourth["errors"]["file"]
    assert StoredFile.objects.filter(case_id=case.pk, field_id="certificate").count() == 3


def test_the_same_file_posted_twice_is_two_files_each_counted(db, api_for):
    case = showcase_case()
    api = api_for("cases:write")
    first = post(api, case.pk, PDF, field_id="certificate")
    again = post(api, case.pk, PDF, field_id="certificate")
    assert first.status_code == again.status_code == 201
    assert first.json()["key"] != again.json()["key"]
    assert StoredFile.objects.filter(case_id=case.pk, field_id="certificate").count() == 2
    assert (
        Entry.objects.filter(action="case.attachment_add_on_behalf", case_id=case.pk).count() == 2
    )


def _files_on_disk(settings) -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_a_full_disk_is_a_507_problem_and_keeps_nothing(db, api_for, settings, monkeypatch):
    case = showcase_case()
    api = api_for("cases:write")
    before = _files_on_disk(settings)

    def half_then_full(self, name, content):
        path = Path(self.path(name))  # half the file written, then the disk is full
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(PDF[:10])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", half_then_full)
    full = assert_problem(post(api, case.pk, PDF, field_id="certificate"), 507)
    assert full["type"].endswith("/storage-full")
    assert not StoredFile.objects.filter(case_id=case.pk).exists()
    assert not Entry.objects.filter(action="case.attachment_add_on_behalf").exists()
    assert _files_on_disk(settings) == before  # no half-written file


CLIENTS = 8


@pytest.mark.django_db(transaction=True)
def test_concurrent_posts_never_overfill_the_field(live_server):
    """Eight clients post a file to a field that holds three, at once, each over its own
    connection: exactly three are stored, the rest are refused with the field's limit. It
    guards the case's row lock on PostgreSQL (without it four or more were stored); on SQLite
    the write lock taken at BEGIN already serialises the posts."""
    case = showcase_case()
    token = token_for(["cases:write"])
    url = f"{live_server.url}{BASE}/cases/{case.pk}/attachments"
    start = threading.Barrier(CLIENTS)

    def client(n: int) -> int:
        http = requests.Session()
        start.wait(timeout=30)
        return http.post(
            url,
            files={"file": (f"intyg-{n}.pdf", PDF)},
            data={"field_id": "certificate"},
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
        ).status_code

    with ThreadPoolExecutor(max_workers=CLIENTS) as threads:
        codes = sorted(threads.map(client, range(CLIENTS)))
    assert codes == [201] * 3 + [422] * (CLIENTS - 3)
    assert StoredFile.objects.filter(case_id=case.pk, field_id="certificate").count() == 3
