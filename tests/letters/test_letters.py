"""A decision letter states what förvaltningslagen asks, in the person's language, as PDF/A.

§ 32: the decision, its reasons and the provisions applied; § 28: that an automated decision
was made automatically, by which rule model and under which delegation, and how to ask for a
person; § 33: how to appeal and by when. The letter is made once per decision and language
and stored with its sha256. A service definition may bring its own template.
"""

from __future__ import annotations

import dataclasses
import hashlib
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from digikommun.cases.models import Case
from digikommun.catalog.models import ServiceVersion
from digikommun.catalog.selectors import definition_for
from digikommun.letters import services
from digikommun.letters.deadlines import appeal_deadline
from digikommun.letters.models import Letter
from digikommun.letters.render import render_letter
from digikommun.letters.selectors import LetterDamaged, letter_pdf, letters_for_case
from digikommun.letters.services import letter_for_decision
from digikommun.process.steps import automated_decision
from tests import answers
from tests.factories import ResidentFactory
from tests.letters.factories import BISTAND, CaseworkerDecisionFactory, submitted_case
from tests.letters.pdf import pdf_info, pdf_metadata, pdf_text, words, written_date


def automated_letter(language: str = "sv") -> tuple[Case, Letter]:
    case = submitted_case("ekonomiskt-bistand", BISTAND, language=language)
    assert automated_decision(case_id=case.pk) == "approved"
    case.refresh_from_db()
    return case, letter_for_decision(decision_id=case.decision.pk)


def test_an_automated_decision_letter_states_everything_the_law_asks(demo):
    case, letter = automated_letter("sv")
    decision = case.decision
    text = pdf_text(letter_pdf(letter))
    today = timezone.localdate(decision.decided_at)

    assert "Demokommun" in text and "Socialnämnden" in text
    assert f"Ärendenummer {case.diary_number}" in text
    assert f"Datum {written_date(today, 'sv')}" in text
    assert "Anna Andersson" in text and "Personnummer: 19850709-9805" in text
    assert "Beslut om din ansökan: Ekonomiskt bistånd" in text
    assert "Din ansökan beviljas." in text
    amount = f"{decision.amount:,.0f}".replace(",", " ")
    assert f"Belopp {amount} kr" in text
    for section in decision.reasons["sv"]["sections"]:  # the reasons as the calculation reads
        assert words(section["title"]) in text
        for line in section["lines"]:
            assert words(line) in text
    assert decision.legal_references
    for reference in decision.legal_references:
        assert words(reference) in text
    # § 28: automated, by which model version, under which delegation, and how to ask a person.
    assert "Beslutet har fattats automatiserat, vilket förvaltningslagen (2017:900) 28 §" in text
    assert decision.automated_by in text
    assert (
        "Socialnämnden har delegerat dessa beslut till det automatiserade förfarandet genom "
        "beslut den 20 januari 2026 (SN 2026/00012, delegationsordning punkt 4.1)"
    ) in text
    assert "Du kan be att en handläggare går igenom beslutet." in text
    assert f"ange ärendenummer {case.diary_number}" in text
    # § 33: an approval in full does not go against the party: no appeal instructions.
    assert "Så överklagar du" not in text
    assert "tre veckor" not in text


def test_a_rejection_says_how_and_by_when_to_appeal(demo):
    case = submitted_case("ekonomiskt-bistand", {**BISTAND, "income": "40000"})
    assert automated_decision(case_id=case.pk) == "rejected"
    case.refresh_from_db()
    decision = case.decision
    text = pdf_text(letter_pdf(letter_for_decision(decision_id=decision.pk)))
    today = timezone.localdate(decision.decided_at)
    # § 33: how to appeal (the service's text) and by when.
    assert "Så överklagar du" in text
    assert words(decision.appeal["sv"].split("\n\n")[0]) in text
    assert (
        "Överklagandet ska ha kommit in inom tre veckor från den dag du fick del av beslutet. "
        f"Om du fick del av det den {written_date(today, 'sv')}, samma dag som det fattades, "
        f"är sista dagen {written_date(appeal_deadline(today), 'sv')}."
    ) in text
    assert "Det förlänger inte tiden för att överklaga." in text


def test_the_letter_is_pdf_a_with_embedded_metadata(demo):
    _case, letter = automated_letter()
    pdf = letter_pdf(letter)
    assert pdf.startswith(b"%PDF-1.7")
    xmp = pdf_metadata(pdf)
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    info = pdf_info(pdf)
    assert "Page size:       595.276 x 841.89 pts (A4)" in info
    assert "Tagged:          yes" in info
    assert "Title:           Beslut SN" in info


def test_the_letter_is_made_once_per_decision_and_language(demo):
    case, first = automated_letter()
    again = letter_for_decision(decision_id=case.decision.pk)
    assert again.pk == first.pk and again.sha256 == first.sha256
    assert Letter.objects.filter(decision=case.decision).count() == 1
    english = letter_for_decision(decision_id=case.decision.pk, language="en")
    assert english.pk != first.pk and english.language == "en"
    assert [x.language for x in letters_for_case(case_id=case.pk)] == ["sv", "en"]
    assert first.pdf.name.startswith(f"letters/{case.year}/SN-{case.year}-")


def test_an_english_case_gets_an_english_letter(demo):
    case, letter = automated_letter("en")
    text = pdf_text(letter_pdf(letter))
    assert letter.language == "en"
    assert "Decision on your application: Financial assistance" in text
    assert "Your application is approved." in text
    assert f"Amount SEK {case.decision.amount:,.0f}" in text
    for section in case.decision.reasons["en"]["sections"]:
        for line in section["lines"]:
            assert words(line) in text
    assert "This decision was made automatically, as the Administrative Procedure Act" in text
    assert "You can ask for a caseworker to go through the decision." in text


def caseworker_case(language: str) -> Case:
    case = submitted_case(
        "ekonomiskt-bistand", answers.bistand(work_situation="other"), language=language
    )
    assert automated_decision(case_id=case.pk) == "manual review"
    return Case.objects.get(pk=case.pk)


def test_a_caseworker_decision_names_the_caseworker_and_not_section_28(demo):
    case = caseworker_case("en")
    decision = CaseworkerDecisionFactory(case=case, amount=Decimal("1234.50"))
    text = pdf_text(letter_pdf(letter_for_decision(decision_id=decision.pk)))
    assert (
        "This decision was made by Karin Lund, caseworker, on behalf of the social welfare "
        "committee."
    ) in text
    assert "Your application is partly approved." in text
    assert "Amount SEK 1,234.50" in text
    assert "The rent is higher than is reasonable locally." in text
    assert "Socialtjänstlagen (2025:400) 12 kap. 7 §" in text
    assert "If you have questions" in text
    assert "Administrative Procedure Act (2017:900) section 28" not in text
    assert "Your appeal must have arrived within three weeks" in text


def test_reasons_missing_in_the_letters_language_are_given_in_another(demo):
    case = caseworker_case("en")
    decision = CaseworkerDecisionFactory(
        case=case, reasons={"sv": ["Skälet finns bara på svenska."]}
    )
    text = pdf_text(letter_pdf(letter_for_decision(decision_id=decision.pk)))
    assert "Skälet finns bara på svenska." in text


def with_service_template(case: Case, template: str) -> None:
    current = case.service_version
    version = ServiceVersion.objects.create(
        service_id=current.service_id,
        number=current.number + 100,
        # The catalog caches parsed definitions by id and hash: the hash must follow the files.
        content_hash=hashlib.sha256(template.encode()).hexdigest(),
        files={**current.files, "letters/decision.html": template},
        title=current.title,
        is_current=False,
    )
    Case.objects.filter(pk=case.pk).update(service_version=version)


def test_a_service_may_bring_its_own_template(demo):
    case = caseworker_case("sv")
    with_service_template(
        case,
        '{% extends "letters/decision.html" %}'
        "{% block letterhead %}<p>Särskild brevmall för {{ service_title }}</p>{% endblock %}",
    )
    decision = CaseworkerDecisionFactory(case=Case.objects.get(pk=case.pk))
    letter = letter_for_decision(decision_id=decision.pk)
    text = pdf_text(letter_pdf(letter))
    assert letter.template == "service"
    assert "Särskild brevmall för Ekonomiskt bistånd" in text
    assert "Skäl för beslutet" in text  # the rest is the platform's default


def test_a_service_template_cannot_make_the_renderer_read_files(demo, tmp_path):
    secret = tmp_path / "secret.css"
    secret.write_text('main::before { content: "READ FROM DISK"; }')
    case = caseworker_case("sv")
    with_service_template(
        case,
        f'<html><head><link rel="stylesheet" href="file://{secret}"></head>'
        "<body><main>Beslut {{ diary_number }}</main></body></html>",
    )
    decision = CaseworkerDecisionFactory(case=Case.objects.get(pk=case.pk))
    text = pdf_text(letter_pdf(letter_for_decision(decision_id=decision.pk)))
    assert f"Beslut {case.diary_number}" in text
    assert "READ FROM DISK" not in text


def test_a_damaged_stored_file_is_refused(demo):
    _case, letter = automated_letter()
    with open(letter.pdf.path, "r+b") as handle:
        handle.seek(100)
        handle.write(b"X")
    with pytest.raises(LetterDamaged):
        letter_pdf(letter)


def test_a_decision_that_cannot_be_appealed_gets_no_deadline(demo):
    case = caseworker_case("sv")
    decision = CaseworkerDecisionFactory(case=case)
    definition = definition_for(case.service_version)
    not_appealable = dataclasses.replace(definition, appealable=False)
    rendered = render_letter(decision=decision, definition=not_appealable, language="sv")
    text = pdf_text(rendered.pdf)
    assert "Om du anser att beslutet är fel" in text
    assert "Överklagandet ska ha kommit in inom tre veckor" not in text


def test_a_lost_race_returns_the_winners_letter_and_leaves_no_stray_file(demo, monkeypatch):
    case = caseworker_case("sv")
    decision = CaseworkerDecisionFactory(case=case)
    real_render = services.render_letter
    winner: list[Letter] = []

    def render_while_another_worker_finishes(**kwargs):
        rendered = real_render(**kwargs)
        monkeypatch.setattr(services, "render_letter", real_render)
        winner.append(letter_for_decision(decision_id=decision.pk))  # the other worker
        return rendered

    folder = Path(settings.MEDIA_ROOT) / "letters"
    before = set(folder.rglob("*.pdf"))
    monkeypatch.setattr(services, "render_letter", render_while_another_worker_finishes)
    letter = letter_for_decision(decision_id=decision.pk)
    assert letter.pk == winner[0].pk
    assert Letter.objects.filter(decision=decision).count() == 1
    assert set(folder.rglob("*.pdf")) - before == {Path(letter.pdf.path)}


def test_the_applicant_downloads_their_letter_and_no_one_else_can(demo, client):
    case, letter = automated_letter()
    url = f"/my-pages/cases/{case.pk}/letters/{letter.pk}/"
    client.force_login(case.applicant)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content == letter_pdf(letter)
    other = ResidentFactory(personnummer="198112289874", first_name="Sven")
    assert other.pk != case.applicant_id
    client.force_login(other)
    assert client.get(url).status_code == 404
