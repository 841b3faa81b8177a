"""Uploads are refused before they are read whole: by Content-Length before anything reads
the body, and by the photo's own limit while it streams in (the rest is never written to
disk). A full disk while receiving or storing gives a clear page (507), not a server error,
and leaves no file behind. Long file names keep their extension when shortened."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from django.core.files.uploadedfile import InMemoryUploadedFile, SimpleUploadedFile
from django.test import Client

from digikommun.files.services import NAME_MAX, clean_name
from digikommun.limits import uploads
from tests.open311.conftest import FARSTA, JPEG

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def report_data(**overrides):
    data = {
        "category": "litter",
        "lat": FARSTA[0],
        "lng": FARSTA[1],
        "description": "Full papperskorg.",
        "a_litter_kind": "bin_full",
    }
    data.update(overrides)
    return data


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize("lang, text", [("sv", "För stort för att skicka"), ("en", "Too large")])
def test_a_body_larger_than_the_limit_is_refused_by_its_length_unread(fault, settings, lang, text):
    settings.UPLOAD_MAX_REQUEST_BYTES = 1 * MB
    client = Client(HTTP_ACCEPT_LANGUAGE=lang)
    # The test client's payload refuses to be read past what it holds: claiming 500 MB
    # with a small body shows the body is not read at all.
    response = client.post(
        "/felanmalan/report/",
        report_data(),
        CONTENT_LENGTH=str(500 * MB),
    )
    assert response.status_code == 413
    assert text in response.content.decode()
    from digikommun.open311.models import Report

    assert not Report.objects.exists()


def test_a_large_photo_stops_being_read_at_its_limit(fault, settings, monkeypatch):
    from digikommun.open311.models import Report

    written = []
    real = uploads.DiskSafeTemporaryFileUploadHandler.receive_data_chunk

    def counting(self, raw_data, start):
        written.append(len(raw_data))
        return real(self, raw_data, start)

    monkeypatch.setattr(uploads.DiskSafeTemporaryFileUploadHandler, "receive_data_chunk", counting)
    big = SimpleUploadedFile("stor.jpg", JPEG + b"\0" * (12 * MB), content_type="image/jpeg")
    response = Client().post("/felanmalan/report/", report_data(photo=big))
    assert response.status_code == 400
    assert "Fotot är större än 10 MB" in response.content.decode()
    assert sum(written) <= 10 * MB + 64 * 1024  # at most the limit and one chunk, not 12 MB
    assert not Report.objects.exists()
    # What was typed is kept in the form.
    assert "Full papperskorg." in response.content.decode()


@pytest.mark.parametrize(
    "lang, text", [("sv", "Filen kunde inte sparas"), ("en", "could not be stored")]
)
def test_a_full_disk_while_receiving_gives_a_clear_page(fault, settings, monkeypatch, lang, text):
    from digikommun.open311.models import Report

    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # to a temporary file
    settings.FILE_UPLOAD_TEMP_DIR = str(Path(settings.MEDIA_ROOT).parent / "upload-tmp")
    os.makedirs(settings.FILE_UPLOAD_TEMP_DIR, exist_ok=True)

    monkeypatch.setattr(
        uploads.DiskSafeTemporaryFileUploadHandler, "receive_data_chunk", _enospc_on_write()
    )
    photo = SimpleUploadedFile("lampa.jpg", JPEG + b"\0" * 4096, content_type="image/jpeg")
    response = Client(HTTP_ACCEPT_LANGUAGE=lang).post(
        "/felanmalan/report/", report_data(photo=photo)
    )
    assert response.status_code == 507
    assert text in response.content.decode()
    assert not Report.objects.exists()
    assert os.listdir(settings.FILE_UPLOAD_TEMP_DIR) == []  # the temporary file is gone


def _enospc_on_write():
    real = uploads.DiskSafeTemporaryFileUploadHandler.receive_data_chunk

    def receive(self, raw_data, start):
        real_file = self.file

        class Full:
            name = real_file.name

            def write(self, data):
                raise OSError(errno.ENOSPC, "No space left on device")

            def close(self):
                real_file.close()

        self.file = Full()
        return real(self, raw_data, start)

    return receive


def test_a_full_disk_while_storing_leaves_no_partial_file(fault, settings, monkeypatch):
    from digikommun.open311.models import Report

    def chunks_then_full(self, chunk_size=None):
        yield JPEG
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(InMemoryUploadedFile, "chunks", chunks_then_full)
    photo = SimpleUploadedFile("lampa.jpg", JPEG, content_type="image/jpeg")
    before = stored_files(settings)
    response = Client().post("/felanmalan/report/", report_data(photo=photo))
    assert response.status_code == 507
    assert "Filen kunde inte sparas" in response.content.decode()
    assert not Report.objects.exists()
    assert stored_files(settings) == before  # no orphan, no half-written file


def test_long_file_names_keep_their_extension():
    name = clean_name("a" * 300 + ".pdf")
    assert name.endswith(".pdf") and len(name) <= NAME_MAX
    assert clean_name("kvitto.pdf") == "kvitto.pdf"
    odd = clean_name("b" * 300)  # no extension: simply cut
    assert len(odd) == NAME_MAX


@pytest.mark.parametrize("lang, text", [("sv", "högst 1 MB"), ("en", "at most 1 MB")])
def test_the_api_answers_a_body_too_large_with_problem_details(db, settings, lang, text):
    settings.UPLOAD_MAX_REQUEST_BYTES = 1 * MB
    response = Client(HTTP_ACCEPT_LANGUAGE=lang).post(
        "/api/v1/cases/1/attachments",
        {"file": "x"},
        CONTENT_LENGTH=str(500 * MB),
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 413 and text in problem["detail"]
