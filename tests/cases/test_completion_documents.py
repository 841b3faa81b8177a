"""A request for completion can name documents (the service's, or one the caseworker names);
the applicant answers by uploading each; a missing or refused document is refused with the
document named and nothing stored; the caseworker's case page links every uploaded file."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from digikommun.cases.models import Attention, Case, CompletionRequest
from digikommun.cases.workflow import Status
from digikommun.files.models import StoredFile
from digikommun.identity.models import User
from digikommun.process.steps import automated_decision
from tests.cases.test_process import BISTAND
from tests.portal.test_submit import filled_draft

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
KARIN, ANNA = "198103129816", "198507099805"


def client_for(pnr):
    client = Client()
    client.force_login(User.objects.get(personnummer=pnr))
    return client


def case_in_review() -> Case:
    from digikommun.portal import services as portal_services

    anna = User.objects.get(personnummer=ANNA)
    draft, definition = filled_draft(
        "ekonomiskt-bistand", {**BISTAND, "work_situation": "other"}, person=anna
    )
    case = portal_services.draft_submit(draft=draft, definition=definition, language="sv")
    automated_decision(case_id=case.pk)
    return Case.objects.get(pk=case.pk)


def ask(case: Case) -> CompletionRequest:
    response = client_for(KARIN).post(
        f"/workbench/cases/{case.pk}/completion/",
        {
            "version": case.version,
            "text": "Skicka hyresavin och ett läkarintyg.",
            "days": "7",
            "documents": ["rent_notice"],
            "other_document": "Läkarintyg",
        },
    )
    assert response.status_code == 302
    return CompletionRequest.objects.get(case=case)


def test_the_request_names_documents_and_the_upload_answers_it(demo):
    case = case_in_review()
    request = ask(case)
    assert [d["id"] for d in request.documents] == ["rent_notice", "other"]
    anna = client_for(ANNA)
    page = anna.get(f"/my-pages/cases/{case.pk}/").content.decode()
    assert 'name="doc-rent_notice"' in page and 'name="doc-other"' in page
    assert 'enctype="multipart/form-data"' in page

    response = anna.post(
        f"/my-pages/cases/{case.pk}/completion/",
        {
            "answer": "",
            "doc-rent_notice": SimpleUploadedFile("hyresavi.pdf", PDF),
            "doc-other": SimpleUploadedFile("intyg.pdf", PDF),
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    request.refresh_from_db()
    assert case.status == Status.IN_REVIEW and request.answered_at is not None
    files = StoredFile.objects.filter(case_id=case.pk)
    assert {f.field_id for f in files} == {
        f"completion-{request.pk}-rent_notice",
        f"completion-{request.pk}-other",
    }
    assert Attention.objects.filter(case=case, reason="completion_answered").exists()

    karin = client_for(KARIN)
    page = karin.get(f"/workbench/cases/{case.pk}/").content.decode()
    rent = files.get(field_id=f"completion-{request.pk}-rent_notice")
    assert f"/files/{rent.key}/" in page and "hyresavi.pdf" in page
    download = karin.get(f"/files/{rent.key}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_a_missing_document_is_named_and_nothing_is_kept(demo):
    case = case_in_review()
    ask(case)
    anna = client_for(ANNA)
    response = anna.post(
        f"/my-pages/cases/{case.pk}/completion/",
        {"answer": "Intyget kommer", "doc-rent_notice": SimpleUploadedFile("a.pdf", PDF)},
        follow=True,
    )
    page = response.content.decode()
    assert "Bifoga Läkarintyg" in page
    assert "Intyget kommer" in page  # what was typed is kept
    assert not StoredFile.objects.filter(case_id=case.pk).exists()
    assert Case.objects.get(pk=case.pk).status == Status.AWAITING_COMPLETION


def test_a_file_that_is_not_a_document_is_refused(demo):
    case = case_in_review()
    ask(case)
    response = client_for(ANNA).post(
        f"/my-pages/cases/{case.pk}/completion/",
        {
            "doc-rent_notice": SimpleUploadedFile("hyresavi.pdf", b"MZ\x90\x00 not a pdf"),
            "doc-other": SimpleUploadedFile("intyg.pdf", PDF),
        },
        follow=True,
    )
    assert "hyresavi.pdf" in response.content.decode()
    assert not StoredFile.objects.filter(case_id=case.pk).exists()


def test_a_request_without_documents_still_needs_a_text(demo):
    case = case_in_review()
    client_for(KARIN).post(
        f"/workbench/cases/{case.pk}/completion/",
        {"version": case.version, "text": "Beskriv din situation.", "days": "7"},
    )
    response = client_for(ANNA).post(
        f"/my-pages/cases/{case.pk}/completion/", {"answer": ""}, follow=True
    )
    assert "Skriv ditt svar" in response.content.decode()


def _files_on_disk() -> list[str]:
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_a_double_post_with_a_file_stores_it_once_and_both_are_thanked(demo, monkeypatch):
    """The second click read the request as open; the first answer was committed before the
    second took the case's lock: the second stores nothing and is thanked, not refused."""
    from django.db import transaction

    from digikommun.cases import completion_files

    case = case_in_review()
    client_for(KARIN).post(
        f"/workbench/cases/{case.pk}/completion/",
        {"version": case.version, "text": "Skicka hyresavin.", "days": "7"},
    )
    request = CompletionRequest.objects.get(case=case)
    request.documents = [{"id": "rent_notice", "label": {"sv": "Hyresavi", "en": "Rent"}}]
    request.save(update_fields=["documents"])
    anna = client_for(ANNA)

    def post():
        return anna.post(
            f"/my-pages/cases/{case.pk}/completion/",
            {"answer": "", "doc-rent_notice": SimpleUploadedFile("hyresavi.pdf", PDF)},
        )

    first: list = []

    class Racing:  # the first click commits just before the second opens its transaction
        def atomic(self, *args, **kwargs):
            if not first:
                monkeypatch.setattr(completion_files, "transaction", transaction)
                first.append(post())
            return transaction.atomic(*args, **kwargs)

    before = _files_on_disk()
    monkeypatch.setattr(completion_files, "transaction", Racing())
    second = post()
    assert first[0].status_code == 302 and second.status_code == 302
    assert StoredFile.objects.filter(case_id=case.pk).count() == 1
    assert len(_files_on_disk()) == len(before) + 1  # no orphan bytes
    page = anna.get(f"/my-pages/cases/{case.pk}/").content.decode()
    assert "inte längre öppen" not in page and "no longer open" not in page


def test_a_full_disk_on_the_second_document_keeps_nothing(demo, monkeypatch):
    import errno

    from django.core.files.storage import FileSystemStorage

    case = case_in_review()
    ask(case)
    real_save = FileSystemStorage._save
    saves: list = []

    def full_on_the_second(self, name, content):
        saves.append(name)
        if len(saves) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_save(self, name, content)

    before = _files_on_disk()
    monkeypatch.setattr(FileSystemStorage, "_save", full_on_the_second)
    response = client_for(ANNA).post(
        f"/my-pages/cases/{case.pk}/completion/",
        {
            "answer": "",
            "doc-rent_notice": SimpleUploadedFile("hyresavi.pdf", PDF),
            "doc-other": SimpleUploadedFile("intyg.pdf", PDF),
        },
    )
    assert response.status_code == 507
    assert len(saves) == 2
    assert not StoredFile.objects.filter(case_id=case.pk).exists()
    assert _files_on_disk() == before
    assert Case.objects.get(pk=case.pk).status == Status.AWAITING_COMPLETION
