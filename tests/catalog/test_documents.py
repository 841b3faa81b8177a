"""The `documents` section: each document is asked as a file field on its step (or a step of
its own), keeps its label, help and whether it is required, may have a condition, and a
mistake is reported at its place."""

from __future__ import annotations

from pathlib import Path

import pytest

from digikommun.catalog.definition import DefinitionErrors, load_definition, parse_definition

SERVICES = Path(__file__).resolve().parents[2] / "services"


def files(service_yaml_tail: str) -> dict[str, str]:
    base = (SERVICES / "boendeparkering" / "service.yaml").read_text()
    return {
        "service.yaml": base + service_yaml_tail,
        "rules.yaml": (SERVICES / "boendeparkering" / "rules.yaml").read_text(),
    }


def test_financial_assistance_asks_for_its_documents_on_the_economy_step():
    definition = load_definition(SERVICES / "ekonomiskt-bistand")
    assert [d.id for d in definition.documents] == ["rent_notice", "electricity_bill", "pay_slips"]
    economy = definition.steps[definition.step_of("rent_notice")]
    assert economy.id == "economy"
    assert [f.type for f in economy.fields[-3:]] == ["file", "file", "file"]
    pay_slips = definition.field("pay_slips")
    assert pay_slips.show_if is not None and not pay_slips.required
    assert definition.field("rent_notice").label["sv"].startswith("Hyresavi")


def test_documents_without_a_step_get_a_step_of_their_own():
    definition = parse_definition(
        files(
            "documents:\n"
            "  - id: id_card\n"
            "    label: {sv: Legitimation, en: Identity card}\n"
            "    help: {sv: Ett foto, en: A photo}\n"
        ),
        folder_name="boendeparkering",
    )
    last = definition.steps[-1]
    assert last.id == "documents" and last.title["sv"] == "Underlag"
    assert [f.id for f in last.fields] == ["id_card"] and last.fields[0].required


@pytest.mark.parametrize(
    "tail, message",
    [
        ("documents: {id: x}\n", "'documents' must be a list"),
        (
            "documents:\n  - {id: x, label: {sv: X, en: X}, step: nowhere}\n",
            "the document's step 'nowhere' is not a step of the form",
        ),
        (
            "documents:\n  - {id: x, label: {sv: X, en: X}, colour: red}\n",
            "unknown key 'colour' in a document",
        ),
        (
            "documents:\n  - {id: x, label: {sv: X, en: X}, show_if: {field: nothing, equals: 1}}\n",
            "the condition reads 'nothing'",
        ),
    ],
)
def test_a_mistake_is_reported_at_its_place(tail, message):
    with pytest.raises(DefinitionErrors) as errors:
        parse_definition(files(tail), folder_name="boendeparkering")
    text = str(errors.value)
    assert message in text and "boendeparkering/service.yaml:" in text
