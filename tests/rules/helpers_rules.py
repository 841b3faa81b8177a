"""Shared helpers for the rules-engine tests (not a test module)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
BISTAND = ROOT / "services" / "ekonomiskt-bistand" / "rules.yaml"
PARKERING = ROOT / "services" / "boendeparkering" / "rules.yaml"
AS_OF_2019 = dt.date(2019, 6, 1)
AS_OF_2014 = dt.date(2014, 6, 1)


def household(**overrides: Any) -> dict[str, Any]:
    """Facts for a single adult without children who is seeking work; override any."""
    facts: dict[str, Any] = {
        "adults": 1,
        "children_0": 0,
        "children_1_2": 0,
        "children_3": 0,
        "children_4_6": 0,
        "children_7_10": 0,
        "children_11_14": 0,
        "children_15_18": 0,
        "young_adults_19_20": 0,
        "young_adults_19_20_all": 0,
        "children_0_school_lunch": 0,
        "children_1_2_school_lunch": 0,
        "children_3_school_lunch": 0,
        "children_4_6_school_lunch": 0,
        "children_work_income": 0,
        "children_work_income_earlier": 0,
        "children_with_work_income": 0,
        "assistance_months_in_row": 0,
        "jobbstimulans_months_used": 0,
        "income": 2000,
        "housing_cost": 5000,
        "electricity_cost": 300,
        "assets": 500,
        "resides_in_municipality": True,
        "work_situation": "seeking_work",
        "applicant_age": 30,
    }
    facts.update(overrides)
    return facts


def table_model(
    hit_policy: str, rules: str, inputs: str = "[x]", outputs: str = "[out]", extra: str = ""
) -> str:
    """rules.yaml text for a one-table model over a number input ``x`` and string ``s``."""
    return f"""
id: t
title: {{sv: T, en: T}}
inputs:
  x: {{type: number, label: {{sv: x, en: x}}}}
  s: {{type: string, label: {{sv: s, en: s}}}}
decisions:
  - id: d
    title: {{sv: D, en: D}}
    table:
      hit_policy: {hit_policy}
      inputs: {inputs}
      outputs: {outputs}
{extra}      rules:
{rules}
"""
