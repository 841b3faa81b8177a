"""A small world for the API tests: a decided parking case with a letter and an attachment,
and a case of financial assistance waiting for a caseworker."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.base import ContentFile

from digikommun.cases.models import Case
from digikommun.cases.workflow import Status
from digikommun.files.models import StoredFile
from digikommun.files.services import storage
from digikommun.letters.services import letter_for_decision
from digikommun.process.steps import automated_decision
from tests import answers
from tests.answers import submitted_case

KARIN = "pnr-198103129816"  # a caseworker of ekonomiskt-bistand (demo)
OMAR = "pnr-198806149814"  # a caseworker of boendeparkering (demo)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class World:
    parking: Case  # decided automatically, with a letter and an attachment
    review: Case  # ekonomiskt-bistand, in review
    letter_id: int
    attachment_key: str


def make_world() -> World:
    parking = submitted_case("boendeparkering", answers.parking())
    automated_decision(case_id=parking.pk)
    parking.refresh_from_db()
    assert parking.status == Status.DECIDED
    letter = letter_for_decision(decision_id=parking.decision.pk)
    blob = storage().save("api-test/proof.pdf", ContentFile(PDF))
    stored = StoredFile.objects.create(
        owner=parking.applicant,
        name="proof.pdf",
        kind="pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
        blob=blob,
        case_id=parking.pk,
    )
    review = submitted_case("ekonomiskt-bistand", answers.bistand(work_situation="other"))
    automated_decision(case_id=review.pk)
    review.refresh_from_db()
    assert review.status == Status.IN_REVIEW
    return World(parking, review, letter.pk, str(stored.key))
