"""Answering a request for completion with the documents it names (uploads).

A caseworker's request may name documents (the service definition's `documents`, or one
the caseworker names). The applicant uploads each in the answer: every named document needs
at least one file, judged by content like every upload (digikommun.files). The files and the
answer are kept together or not at all; the files belong to the case, named
`completion-<request>-<document>` so the caseworker's page says which document each is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from digikommun.files.services import UploadRules, files_receive, storage

from . import handling
from .models import Case, CompletionRequest


@dataclass
class AnswerProblems(Exception):
    """Documents missing or refused; `messages` say which, in the person's language."""

    messages: list[str] = field(default_factory=list)


def field_id_for(request: CompletionRequest, doc_id: str) -> str:
    return f"completion-{request.pk}-{doc_id}"


def open_request(*, case: Case) -> CompletionRequest | None:
    return case.completion_requests.filter(answered_at=None, expired_at=None).last()


def completion_answer_with_files(
    *, case_id: int, applicant, text: str, uploads: dict[str, list], too_large: dict[str, list]
) -> CompletionRequest:
    """Store the named documents and the answer; raise AnswerProblems naming what is wrong.

    The case's row is locked before anything is stored and the request is read under the
    lock, so a second post of the same answer (a double click) stores nothing and finds it
    answered. Bytes written before a failure (a refusal, a full disk) are removed again.
    """
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case_id, applicant=applicant)
        request = open_request(case=case)
        documents = (request.documents or []) if request is not None else []
        if not documents:
            return handling.completion_answer(case_id=case_id, applicant=applicant, text=text)
        lang = (get_language() or case.language or "sv")[:2]
        stored: list = []
        try:
            problems = []
            for doc in documents:
                label = (doc.get("label") or {}).get(lang) or doc.get("id")
                given = uploads.get(doc["id"]) or []
                received = files_receive(
                    owner=applicant,
                    uploads=given,
                    rules=UploadRules(),
                    too_large=too_large.get(doc["id"], []),
                    case_id=case.pk,
                    field_id=field_id_for(request, doc["id"]),
                    stored=stored,
                )
                problems += [f"{label}: {r}" for r in received.refused]
                if not received.stored and not received.refused:
                    problems.append(_("Attach %(document)s.") % {"document": label})
            if problems:
                raise AnswerProblems(problems)  # the transaction, and so the rows, roll back
            return handling.completion_answer(
                case_id=case_id, applicant=applicant, text=text, with_files=True
            )
        except Exception:
            _forget(stored)
            raise


def _forget(stored) -> None:
    """The answer failed: the bytes already written go too (their rows roll back)."""
    blobs = [s.blob for s in stored]
    for blob in blobs:
        storage().delete(blob)
