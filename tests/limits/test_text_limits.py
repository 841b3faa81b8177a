"""Texts written on a case (notes, messages, answers, reasons) are bounded where they are
stored: past TEXT_MAX_CHARS, or with a NUL character, they are refused with a translated
message and what was typed stays in the form."""

from __future__ import annotations

import pytest
from django.test import Client

from digikommun.cases import handling
from digikommun.cases.models import CaseMessage, CaseNote
from digikommun.identity.models import User
from tests.workbench.test_workbench import ANNA, KARIN, review_cases

pytestmark = pytest.mark.django_db


def client_for(pnr: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(personnummer=pnr))
    return client


@pytest.mark.parametrize(
    "text, code",
    [("x" * (handling.TEXT_MAX_CHARS + 1), "too_long"), ("a\x00b", "nul")],
)
def test_a_note_past_the_limits_is_refused(demo, text, code):
    [case] = review_cases(1)
    karin = User.objects.get(personnummer=KARIN)
    with pytest.raises(handling.InvalidAction) as refused:
        handling.case_note_add(case_id=case.pk, author=karin, text=text)
    assert refused.value.errors == {"note": code}
    assert not CaseNote.objects.filter(case=case).exists()


def test_the_workbench_names_the_problem_and_keeps_the_text(demo):
    [case] = review_cases(1)
    response = client_for(KARIN).post(f"/workbench/cases/{case.pk}/note/", {"note": "hej\x00då"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Texten innehåller ett tecken som inte kan sparas (NUL)" in page


def test_a_residents_message_past_the_limit_is_refused_and_kept(demo):
    [case] = review_cases(1)
    anna = client_for(ANNA)
    text = "y" * (handling.TEXT_MAX_CHARS + 10)
    anna.post(f"/my-pages/cases/{case.pk}/message/", {"message": text})
    assert anna.session["case_message_draft"] == text  # shown again in the form
    page = anna.get(f"/my-pages/cases/{case.pk}/")
    assert "Texten är för lång för att sparas" in page.content.decode()
    assert not CaseMessage.objects.filter(case=case).exists()
