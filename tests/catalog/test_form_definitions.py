"""The form part of a definition: every field type, conditions, repeating groups, derived
facts and catalog texts load, and every mistake is reported at its place in the file."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from digikommun.catalog.definition import DefinitionErrors, load_definition
from digikommun.catalog.examples import run_examples
from digikommun.catalog.facts import facts_for, parse_answers
from digikommun.catalog.selectors import period_start
from digikommun.forms.clock import judged_on

ROOT = Path(__file__).resolve().parents[2]
SHOWCASE = ROOT / "tests" / "fixtures" / "services" / "falttyper"


def copy(tmp_path, source=SHOWCASE) -> Path:
    target = tmp_path / source.name
    shutil.copytree(source, target)
    return target


def errors_after(tmp_path, old: str, new: str, source=SHOWCASE) -> str:
    folder = copy(tmp_path, source)
    text = (folder / "service.yaml").read_text()
    assert old in text, old
    (folder / "service.yaml").write_text(text.replace(old, new, 1))
    with pytest.raises(DefinitionErrors) as exc:
        load_definition(folder)
    return "\n".join(str(e) for e in exc.value.errors)


def test_the_showcase_loads_and_its_example_passes():
    d = load_definition(SHOWCASE)
    assert {f.type for f in d.fields()} >= {"address", "location", "file", "group", "date"}
    assert [r.problems for r in run_examples(d)] == [()]
    assert d.presentation.draft_days == 3
    assert d.presentation.life_situations == ("leisure",)


def test_a_condition_may_only_read_an_earlier_field(tmp_path):
    text = errors_after(
        tmp_path,
        "show_if: {field: ctl_choice, equals: a}",
        "show_if: {field: dep_any, equals: a}",
    )
    assert "reads 'dep_any', which is not a field earlier in the form" in text
    assert "falttyper/service.yaml:" in text


def test_a_condition_cannot_read_a_group(tmp_path):
    text = errors_after(
        tmp_path,
        "show_if: {field: ctl_choice, equals: a}",
        "show_if: {field: members, equals: a}",
    )
    assert "a condition cannot read 'members' (a group field)" in text


def test_unknown_keys_and_kinds_are_named(tmp_path):
    text = errors_after(
        tmp_path, "accept: [pdf, jpeg, png]", "accept: [pdf, exe]\n        colour: red"
    )
    assert "'accept' lists kinds of file among" in text
    assert "unknown key 'colour' in a file field" in text


def test_a_file_cannot_be_in_a_group(tmp_path):
    text = errors_after(
        tmp_path,
        "          - id: name\n            type: text",
        "          - id: name\n            type: file",
    )
    assert "a file field cannot be inside a repeating group" in text


def test_derived_facts_are_checked(tmp_path):
    text = errors_after(
        tmp_path,
        "total_income: {sum: incomes, of: amount}",
        "total_income: {sum: incomes, of: kind}\n  other: {count: nowhere}",
    )
    assert "'of' must name a number or money field of the group" in text
    assert "'nowhere' is not a repeating group or a file field of the form" in text


def test_the_rules_may_read_a_derived_fact_but_not_an_unknown_one(tmp_path):
    text = errors_after(tmp_path, "  total_income: {sum: incomes, of: amount}\n", "")
    assert "the rules read 'total_income', which no form field asks for" in text


def test_life_situations_come_from_the_shared_list(tmp_path):
    text = errors_after(tmp_path, "life_situations: [leisure]", "life_situations: [pets]")
    assert "unknown life situation 'pets'" in text


def test_children_per_age_band_are_counted_on_the_first_day_of_the_month_applied_for():
    d = load_definition(ROOT / "services" / "ekonomiskt-bistand")
    raw = {
        "month": "2026-06",
        "adults": "1",
        "children": [
            {"first_name": "A", "birth_date": "2019-05-31"},  # turns 7 the day before
            {"first_name": "B", "birth_date": "2019-06-02"},  # still 6
            {"first_name": "C", "birth_date": "2005-01-01"},  # 21: not a child of the norm
        ],
        "resides_in_municipality": "yes",
        "income": "0",
        "housing_cost": "0",
        "electricity_cost": "0",
        "assets": "0",
        "work_situation": "seeking_work",
    }
    with judged_on(datetime.date(2026, 6, 1)):
        answers = parse_answers(d, raw)
    facts = facts_for(d, answers, applicant_personnummer=None, on=period_start(d, answers))
    assert facts["children_7_10"] == 1
    assert facts["children_4_6"] == 1
    assert sum(facts[k] for k in facts if k.startswith(("children_", "young_"))) == 2
    assert facts["work_situation_other"] is None  # hidden: the fact is null


def test_no_children_gives_zero_in_every_band():
    d = load_definition(ROOT / "services" / "ekonomiskt-bistand")
    facts = facts_for(d, {"children": None}, applicant_personnummer=None, on=datetime.date.today())
    assert facts["children_0"] == 0 and facts["young_adults_19_20"] == 0
