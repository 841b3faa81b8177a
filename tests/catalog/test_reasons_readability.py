"""Reasons a resident understands (förvaltningslagen 32 §), measured on every example case of
every service whose rules group their reasons (`reasons:` in rules.yaml):

- at most 120 words, plus 15 for each further person in the household and each further income
  line, and a LIX (läsbarhetsindex: words per sentence + 100 × words longer than six letters
  per word) of at most 35;
- while every provision applied is named, and every decisive fact is stated: the amount
  granted, or the income and the need that decided a refusal, the norm, and the amount used
  for each group of people in the household.

The prose measured is the sections' titles and lines; the sources and provisions follow them
as footnotes (each once) and are checked for presence, not measured.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest

from digikommun.catalog.definition import load_definition
from digikommun.catalog.examples import _raw
from digikommun.catalog.facts import facts_for, parse_answers
from digikommun.catalog.period import decision_date, period_start
from digikommun.common.yamlsrc import load_text
from digikommun.forms.clock import judged_on
from digikommun.rules import ParameterMissing, reasons, reasons_text
from digikommun.rules.explain import applies, format_value

SERVICES = Path(__file__).resolve().parents[2] / "services"
_WORD = re.compile(r"[0-9A-Za-zÅÄÖåäöÉéÜü][\w\-–]*")
_SENTENCE_END = re.compile(r"[.!?:](?:\s|$)")


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def lix(text: str) -> float:
    found = words(text)
    sentences = max(1, len(_SENTENCE_END.findall(text)))
    long = [w for w in found if len(re.sub(r"[^A-Za-zÅÄÖåäöÉéÜü]", "", w)) > 6]
    return len(found) / sentences + 100 * len(long) / len(found)


def test_lix_of_a_known_text():
    # 7 words, 2 sentences, 3 words longer than six letters ("pengar" has six: not long).
    assert lix("Du får pengar. Beslutet grundas på socialtjänstlagen.") == pytest.approx(
        7 / 2 + 100 * 3 / 7
    )


def example_results():
    for folder in sorted(p for p in SERVICES.iterdir() if (p / "service.yaml").exists()):
        definition = load_definition(folder)
        if definition.rules is None or not definition.rules.reason_groups:
            continue
        for path, text in sorted(definition.files.items()):
            if not path.startswith("tests/"):
                continue
            for case in load_text(text, path).get("cases", []):
                raw = {k: _raw(v) for k, v in (case.get("answers") or {}).items()}
                sent = case.get("as_of", period_start(definition, raw) or datetime.date.today())
                as_of = decision_date(definition, raw, submitted_on=sent)
                with judged_on(sent):
                    answers = parse_answers(definition, raw)
                facts = facts_for(
                    definition,
                    answers,
                    applicant_personnummer=None,
                    on=as_of,
                    applicant_age=case.get("applicant_age", 40),
                    platform={
                        n: case.get(n, 0)
                        for n in ("assistance_months_in_row", "jobbstimulans_months_used")
                    },
                )
                model = definition.rules_with(tuple(case.get("overlays") or ()))
                try:
                    result = model.evaluate(facts, as_of=as_of, trace=True)
                except ParameterMissing:
                    continue  # no decision, no reasons (the caseworker gets a notice)
                yield pytest.param(result, id=f"{definition.id}: {case['name']}")


CASES = list(example_results())


def test_there_are_cases_to_measure():
    assert len(CASES) >= 25


def _section(r: dict, title_sv: str) -> list[str]:
    return next((s["lines"] for s in r["sections"] if s["title"] == title_sv), [])


@pytest.mark.parametrize("result", CASES)
def test_reasons_are_short_and_plain(result):
    r = reasons(result, "sv")
    text = reasons_text(r)
    persons = int(result.values.get("household_size") or 1)
    income_lines = len(_section(r, "Din inkomst"))
    limit = 120 + 15 * (max(0, persons - 1) + max(0, income_lines - 1))
    assert len(words(text)) <= limit, text
    assert lix(text) <= 35, (lix(text), text)


@pytest.mark.parametrize("result", CASES)
def test_every_provision_applied_and_decisive_fact_is_stated(result):
    r = reasons(result, "sv")
    text = reasons_text(r)

    def shown(value, unit="SEK") -> bool:
        return format_value(Decimal(value), unit, "sv") in text

    # Provisions: of every decision that applied and every rule that matched.
    applied = []
    for d in result.trace.decisions:
        refs = ([d.legal] if d.legal and d.explanation and applies(d.value) else []) + [
            m.legal for m in d.matched if m.legal
        ]
        for ref in refs:
            texts = result.provisions.get(ref, {})
            applied.append(texts.get("sv", ref))
    assert applied and set(applied) <= set(r["legal"]), (applied, r["legal"])

    values = result.values
    outcome = result.outputs.get("outcome")
    if outcome == "approved" and "amount" in result.outputs:
        assert shown(result.outputs["amount"]), text
    if outcome in ("approved", "rejected") and "amount" not in result.outputs:
        # A decision without an amount (the robot loan): the rule that decided is stated with
        # its facts filled in, e.g. the weeks of absence against the committee's limit.
        matched = result.trace.decisions[-1].matched[0]
        template = matched.explanation["sv"]
        assert template.split("{")[0].split(".")[0][:20] in text and "{" not in text, text
        if "{expected_weeks}" in template:
            assert re.search(r"\d+ veckor", text), text
    if outcome == "rejected" and "counted_income" in values:
        assert shown(values["counted_income"]) and shown(values["need"]), text
    if outcome in ("approved", "rejected") and "norm" in values:
        assert shown(values["norm"]), text
        # Each group of people in the household, with the amount used for them.
        for p in result.trace.parameters:
            if p.name.startswith("norm_") and isinstance(p.value, Decimal):
                assert format_value(p.value, "SEK", "sv") in text, (p.name, text)
    if outcome == "manual":
        matched = result.trace.decisions[-1].matched[0]
        assert matched.explanation["sv"].split("{")[0].split(".")[0][:20] in text
    # An example-value notice at most once, and only when an example value was used.
    uses_example = any(p.example for p in result.trace.parameters)
    assert bool(r["example"]) == uses_example
    assert text.count("exempel") == 0  # the notice is a footnote, not repeated in the prose
    # Each source once.
    assert len(r["sources"]) == len({(s["text"], s["url"]) for s in r["sources"]})


@pytest.mark.parametrize("result", CASES[:3])
def test_english_reasons_are_in_english(result):
    r = reasons(result, "en")
    text = reasons_text(r)
    for swedish in (" kr", "Normen", "Hyra", "Inkomst", "får"):
        assert swedish not in text, text
    for ref in r["legal"]:
        assert ref.startswith(("Social Services", "Administrative Procedure", "The social")), ref
