"""Reads of decision letters."""

from __future__ import annotations

import hashlib

from .models import Letter


class LetterDamaged(Exception):
    """The stored file is not the letter that was made (its sha256 differs)."""


def letters_for_case(*, case_id: int) -> list[Letter]:
    return list(Letter.objects.filter(case_id=case_id).order_by("created_at", "pk"))


def letter_for_case(*, case_id: int, letter_id: int) -> Letter | None:
    return Letter.objects.filter(case_id=case_id, pk=letter_id).first()


def letter_pdf(letter: Letter) -> bytes:
    """The letter's PDF bytes, checked against the sha256 recorded when it was made."""
    with letter.pdf.open("rb") as handle:
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != letter.sha256:
        raise LetterDamaged(f"letter {letter.pk}: the stored file does not match its sha256")
    return data
