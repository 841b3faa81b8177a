"""Uploads done right: the kind of a file is judged by its content, not its name; a size
limit holds while the upload is read; each refused file gets its own message and nothing
else entered is lost; files live outside the web root and only those allowed see them; a
sent application's files belong to its case."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from digikommun.files import selectors
from digikommun.files.models import StoredFile
from digikommun.files.sniff import sniff
from digikommun.identity.models import User
from digikommun.portal.models import Draft

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
ELF = b"\x7fELF\x02\x01\x01" + b"\0" * 64
WINDOWS = b"MZ\x90\x00" + b"\0" * 64
ZIP = b"PK\x03\x04" + b"\0" * 64


@pytest.mark.parametrize(
    "head, kind, program",
    [
        (PDF, "pdf", False),
        (PNG, "png", False),
        (b"\xff\xd8\xff\xe0" + b"\0" * 16, "jpeg", False),
        (ELF, None, True),
        (WINDOWS, None, True),
        (b"#!/bin/sh\nrm -rf /\n", None, True),
        (ZIP, None, False),
        (b"just some text", None, False),
    ],
)
def test_the_kind_of_a_file_comes_from_its_bytes(head, kind, program):
    found = sniff(head)
    assert found.kind == kind and found.is_program == program


def attachments_step(resident, answers=None) -> tuple[Draft, str]:
    from tests.browser.helpers import SHOWCASE

    resident.post("/services/falttyper/apply/")
    draft = Draft.objects.latest("pk")
    draft.raw, draft.step = dict(answers or SHOWCASE), 7
    draft.save()
    return draft, f"/applications/{draft.key}/step/5/"


def upload(name: str, content: bytes, kind="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=kind)


def test_a_renamed_program_is_refused_by_name_and_the_rest_is_kept(resident, showcase):
    draft, url = attachments_step(resident)
    response = resident.post(
        url,
        {
            "note": "Se intyget",
            "certificate": [upload("intyg.pdf", WINDOWS), upload("kvitto.pdf", PDF)],
            "action": "next",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "intyg.pdf: filen är ett program" in page
    assert 'value="Se intyget"' in page
    draft.refresh_from_db()
    assert draft.raw["note"] == "Se intyget"
    [kept] = StoredFile.objects.filter(draft_key=draft.key)
    assert (
        kept.name == "kvitto.pdf"
        and kept.kind == "pdf"
        and draft.raw["certificate"] == [str(kept.key)]
    )
    stored = Path(settings.MEDIA_ROOT) / "uploads" / kept.blob
    assert stored.read_bytes() == PDF and not stored.suffix  # no name, no extension on disk
    assert not str(stored).startswith(str(settings.STATIC_ROOT))


def test_a_file_over_the_limit_is_stopped_while_it_is_read(resident, showcase):
    draft, url = attachments_step(resident)
    big = upload("stor.pdf", PDF + b"0" * (1024 * 1024 + 10))
    response = resident.post(url, {"certificate": big, "note": "kvar", "action": "next"})
    page = response.content.decode()
    assert "stor.pdf: filen är större än 1,0 MB" in page
    assert 'value="kvar"' in page
    assert not StoredFile.objects.exists()


def test_a_kind_the_field_does_not_take_is_refused(resident, showcase):
    _draft, url = attachments_step(resident)
    page = resident.post(url, {"certificate": upload("a.docx", ZIP), "action": "next"}).content
    assert "a.docx: filens innehåll är inte av tillåten typ (PDF-dokument, JPEG-bild eller " in (
        page.decode()
    )


def test_at_most_the_number_of_files_the_field_allows(resident, showcase):
    _draft, url = attachments_step(resident)
    files = [upload(f"{n}.pdf", PDF) for n in range(4)]
    page = resident.post(url, {"certificate": files, "action": "next"}).content.decode()
    assert "3.pdf: du kan bifoga högst 3 filer." in page
    assert StoredFile.objects.count() == 3


def test_files_go_with_the_case_and_only_those_allowed_may_see_them(client, resident, showcase):
    draft, url = attachments_step(resident)
    resident.post(
        url, {"certificate": [upload("ett.pdf", PDF), upload("två.png", PNG, "image/png")]}
    )
    removed = StoredFile.objects.get(name="två.png")
    resident.post(url, {"action": f"remove_file:{removed.key}"})
    assert not StoredFile.objects.filter(pk=removed.pk).exists()
    resident.post(url, {"action": "next"})
    assert resident.post(f"/applications/{draft.key}/review/").status_code == 302
    draft.refresh_from_db()
    [attached] = selectors.files_for_case(case_id=draft.submitted_case_id)
    assert attached.name == "ett.pdf"
    assert draft.submitted_case.answers["certificate"] == [str(attached.key)]
    case_page = resident.get(f"/my-pages/cases/{draft.submitted_case_id}/").content.decode()
    assert f"/files/{attached.key}/" in case_page

    download = resident.get(f"/files/{attached.key}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment")
    assert "no-store" in download["Cache-Control"]

    client.logout()
    assert client.get(f"/files/{attached.key}/").status_code == 302  # to the login page
    other = User.objects.get(personnummer="199003159820")
    client.force_login(other, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(f"/files/{attached.key}/").status_code == 404
    other.user_permissions.add(Permission.objects.get(codename="view_storedfile"))
    client.force_login(
        User.objects.get(pk=other.pk), backend="django.contrib.auth.backends.ModelBackend"
    )
    assert client.get(f"/files/{attached.key}/").status_code == 200  # staff with the permission
    # Reads of someone else's file are audit-logged; the owner's own downloads are not.
    from digikommun.audit.models import Entry

    [read] = Entry.objects.filter(action="file.read")
    assert (read.actor_id, read.case_id) == (other.pk, draft.submitted_case_id)
    assert read.detail == {"file": str(attached.key), "name": "ett.pdf"}


def test_purging_expired_drafts_removes_their_files_and_bytes(
    resident, showcase, django_capture_on_commit_callbacks
):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    expired, url = attachments_step(resident)
    resident.post(url, {"certificate": [upload("ett.pdf", PDF)], "note": "x"})
    [gone] = StoredFile.objects.filter(draft_key=expired.key)
    gone_bytes = Path(settings.MEDIA_ROOT) / "uploads" / gone.blob
    assert gone_bytes.exists()
    kept, kept_url = attachments_step(resident)  # a second draft, still within its time
    resident.post(kept_url, {"certificate": [upload("två.pdf", PDF)], "note": "y"})
    [stays] = StoredFile.objects.filter(draft_key=kept.key)
    Draft.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - datetime.timedelta(days=1)
    )
    # The bytes go once the row's removal is committed.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("drafts_purge")
    assert not Draft.objects.filter(pk=expired.pk).exists()
    assert not StoredFile.objects.filter(pk=gone.pk).exists()
    assert not gone_bytes.exists()
    assert StoredFile.objects.filter(pk=stays.pk).exists()
    assert (Path(settings.MEDIA_ROOT) / "uploads" / stays.blob).exists()
