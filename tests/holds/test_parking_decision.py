"""The parking permit decision states the vehicle, the period and the fee; the registration
number is read in the Swedish format and normalised; only a decision that goes against the
party speaks of appealing (förvaltningslagen 33 §), and a permit decision, which cannot be
appealed, then says what the party can do instead.
"""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone, translation

from digikommun.cases.models import Case, Decision
from digikommun.forms.fields import Field, FieldError
from digikommun.forms.vehicles import normalise_registration_number, parse_registration_number
from digikommun.identity.models import User
from digikommun.letters.selectors import letter_pdf
from digikommun.letters.services import letter_for_decision
from digikommun.process.steps import automated_decision
from tests.letters.factories import PARKING, submitted_case
from tests.letters.pdf import pdf_text

ERIK = "199003159820"
DECIDED = timezone.make_aware(datetime.datetime(2026, 3, 1, 10, 0))


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("abc 123", "ABC123"),
        ("ABC123", "ABC123"),
        ("abc-12d", "ABC12D"),
        (" Xyz 98a ", "XYZ98A"),
    ],
)
def test_a_registration_number_is_normalised(typed, normalised):
    assert normalise_registration_number(typed) == normalised


@pytest.mark.parametrize("typed", ["12 ABC", "AB 1234", "ÅÄÖ 123", "ABC 1D2", "ABCD12", ""])
def test_a_registration_number_in_another_format_is_refused(typed):
    with pytest.raises(ValueError):
        normalise_registration_number(typed)


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("sv", "Skriv registreringsnumret som tre bokstäver, två siffror och en siffra"),
        ("en", "Enter the registration number as three letters, two digits and a digit"),
    ],
)
def test_a_bad_registration_number_gets_a_translated_error(lang, message):
    field = Field(id="registration_number", type="registration_number", label={})
    with translation.override(lang), pytest.raises(FieldError) as caught:
        parse_registration_number(field, "12 ABC")
    assert caught.value.message.startswith(message)


def decided_parking(answers: dict[str, str], language: str = "sv") -> Case:
    person = User.objects.get(personnummer=ERIK)
    case = submitted_case("boendeparkering", answers, person=person, language=language)
    automated_decision(case_id=case.pk)
    Decision.objects.filter(case=case).update(decided_at=DECIDED)
    return Case.objects.get(pk=case.pk)


def case_page(case: Case, lang: str = "sv") -> str:
    client = Client()
    client.force_login(User.objects.get(personnummer=ERIK))
    client.cookies["django_language"] = lang
    return client.get(f"/my-pages/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()


def test_an_approved_permit_states_vehicle_period_and_fee_and_no_appeal(demo):
    case = decided_parking({**PARKING, "registration_number": "abc 123"})
    assert case.decision.outcome == "approved"
    assert case.facts["registration_number"] == "ABC123"
    letter = pdf_text(letter_pdf(letter_for_decision(decision_id=case.decision.pk)))
    assert "Fordon ABC123" in letter
    assert "Avgift 1 100 kr per månad" in letter
    assert "Tillståndet gäller 1 mars 2026 – 28 februari 2027 (exempel)" in letter
    assert "Om du anser att beslutet är fel" not in letter
    assert "Så överklagar du" not in letter and "överklagas" not in letter
    page = case_page(case)
    assert "<dt>Fordon</dt><dd>ABC123</dd>" in page
    assert "<dd>1\u00a0100\u00a0kr per månad</dd>" in page
    assert "1 mars 2026\u2009–\u200928 februari 2027 (exempel)" in page
    assert "överklagas" not in page and "Så överklagar du" not in page


def test_an_approved_permit_in_english(demo):
    case = decided_parking({**PARKING, "registration_number": "abc12d"}, language="en")
    letter = pdf_text(letter_pdf(letter_for_decision(decision_id=case.decision.pk)))
    assert "Vehicle ABC12D" in letter
    assert "Fee SEK 1,100 a month" in letter
    assert "The permit is valid 1 March 2026 – 28 February 2027 (example)" in letter
    assert "cannot be appealed" not in letter


def test_a_refused_permit_says_it_cannot_be_appealed_and_what_to_do_instead(demo):
    case = decided_parking({**PARKING, "vehicle_weight": "4200"})
    assert case.decision.outcome == "rejected"
    letter = pdf_text(letter_pdf(letter_for_decision(decision_id=case.decision.pk)))
    assert "Fordon ABC123" in letter
    assert "Avgift" not in letter and "Tillståndet gäller" not in letter
    assert "Om du anser att beslutet är fel" in letter
    assert "kan inte överklagas" in letter
    assert "ompröva" in letter
    assert "Överklagandet ska ha kommit in inom tre veckor" not in letter
    assert "Det förlänger inte tiden för att överklaga" not in letter
    page = case_page(case)
    assert "Om du anser att beslutet är fel" in page
    assert "kan inte överklagas" in page
