"""What a decision states besides its outcome and amount: `decision_facts` in service.yaml.

The decision page and the letter show these lines, so that a decision names what it is
about (the vehicle, the month it covers), what it costs or pays, and for how long:

    decision_facts:
      - label: {sv: Fordon, en: Vehicle}
        fact: registration_number          # a fact as the rules read it (the normalised answer)
      - label: {sv: Avgift, en: Fee}
        output: fee                        # an output of the rules
        unit: SEK/month                    # SEK or SEK/month: shown as an amount
      - label: {sv: Giltighetstid, en: Valid}
        period: {months: 12, reference: …, example: true}   # from the decision date
        when: [approved]                   # only for these outcomes (default: every outcome)
      - label: {sv: Utbetalning, en: Payment}
        payment: {day: 25, month_offset: -1, month_fact: month, reference: …, example: true}

A `payment` is made on `day` of the month the application covers (`month_fact`, "YYYY-MM"),
moved by `month_offset` months (-1: the month before), or on the first weekday after the
decision when that day has passed. A line whose value is
missing (no fee in a rejection) is left out. Figures the municipality chooses carry their
source (`reference`) and, in demo definitions, `example: true`.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from digikommun.common.reader import Reader
from digikommun.common.yamlsrc import key_mark, mark_of

KINDS = ("fact", "output", "period", "payment")
OUTCOMES = ("approved", "partly_approved", "rejected")
_MONTH = re.compile(r"(\d{4})-(\d{2})")


@dataclass(frozen=True)
class StatedFact:
    label: dict[str, str]
    kind: str
    name: str = ""  # the fact or output read ("fact", "output"; the month fact of "payment")
    unit: str = ""
    number: int = 0  # months of a period, day of a payment
    offset: int = 0  # a payment: months from the month covered (-1: the month before)
    reference: str = ""
    example: bool = False
    when: tuple[str, ...] = OUTCOMES


@dataclass(frozen=True)
class Stated:
    """One line as shown: its label and value in one language, and the raw value."""

    label: str
    text: str
    value: Any = field(default=None, compare=False)
    example: bool = False


def parse_decision_facts(r: Reader, doc: Any) -> tuple[StatedFact, ...]:
    raw = doc.get("decision_facts") if isinstance(doc, dict) else None
    if raw is None:
        return ()
    if not isinstance(raw, list):
        r.fail("'decision_facts' must be a list", key_mark(doc, "decision_facts"))
        return ()
    return tuple(item for entry in raw if (item := _parse_one(r, entry)) is not None)


def _parse_one(r: Reader, entry: Any) -> StatedFact | None:
    if not isinstance(entry, dict):
        r.fail("each decision fact is a mapping with a label", mark_of(entry))
        return None
    label = r.text(entry, "label")
    kinds = [k for k in KINDS if k in entry]
    if len(kinds) != 1:
        r.fail(f"a decision fact names exactly one of: {', '.join(KINDS)}", mark_of(entry))
        return None
    kind = kinds[0]
    for key in sorted(set(entry) - {"label", "unit", "when", kind}):
        r.fail(f"unknown key '{key}' in a decision fact", key_mark(entry, key))
    when = entry.get("when", list(OUTCOMES))
    if not isinstance(when, list) or any(w not in OUTCOMES for w in when):
        r.fail(f"'when' lists outcomes: {', '.join(OUTCOMES)}", key_mark(entry, "when"))
        when = list(OUTCOMES)
    common = {"label": label, "kind": kind, "when": tuple(str(w) for w in when)}
    if kind in ("fact", "output"):
        return StatedFact(name=str(entry[kind]), unit=str(entry.get("unit", "")), **common)
    spec = entry[kind]
    number_key = "months" if kind == "period" else "day"
    limit = 120 if kind == "period" else 28
    number = spec.get(number_key) if isinstance(spec, dict) else None
    if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= limit:
        r.fail(f"'{kind}' needs '{number_key}', a whole number 1–{limit}", mark_of(spec))
        return None
    if not isinstance(spec.get("reference"), str) or not spec["reference"].strip():
        r.fail(f"'{kind}' needs a 'reference': the decision that sets it", mark_of(spec))
    if kind == "payment" and not isinstance(spec.get("month_fact"), str):
        r.fail("'payment' needs 'month_fact': the answer naming the month", mark_of(spec))
    offset = spec.get("month_offset", 0)
    if not isinstance(offset, int) or isinstance(offset, bool) or not -12 <= offset <= 12:
        r.fail("'month_offset' is a whole number of months, -12–12", mark_of(spec))
        offset = 0
    for key in sorted(
        set(spec) - {number_key, "reference", "example", "month_fact", "month_offset"}
    ):
        r.fail(f"unknown key '{key}' in '{kind}'", key_mark(spec, key))
    return StatedFact(
        name=str(spec.get("month_fact", "")),
        number=number,
        offset=offset,
        reference=str(spec.get("reference", "")),
        example=spec.get("example") is True,
        **common,
    )


def month_start(value: Any) -> datetime.date | None:
    """The first day of a month given as "YYYY-MM" (or a date), else None."""
    if isinstance(value, datetime.date):
        return value.replace(day=1)
    match = _MONTH.fullmatch(str(value or ""))
    if not match or not 1 <= int(match.group(2)) <= 12:
        return None
    return datetime.date(int(match.group(1)), int(match.group(2)), 1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, candidate)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - day 28 exists in every month


def payment_date(*, day: int, month: datetime.date, decided_on: datetime.date) -> datetime.date:
    """`day` of the month covered, or the first weekday after the decision if that has passed."""
    planned = month.replace(day=day)
    if planned >= decided_on:
        return planned
    paid = decided_on + datetime.timedelta(days=1)
    while paid.weekday() >= 5:
        paid += datetime.timedelta(days=1)
    return paid


def top_outputs(trace: Any) -> dict[str, Any]:
    """The rules' outputs from a stored trace (each decision's value; the last wins)."""
    outputs: dict[str, Any] = {}
    for decision in (trace or {}).get("decisions") or []:
        if isinstance(decision.get("value"), dict):
            outputs.update(decision["value"])
    return outputs


def stated_values(
    items: tuple[StatedFact, ...],
    *,
    outcome: str,
    facts: dict[str, Any],
    outputs: dict[str, Any],
    decided_on: datetime.date,
) -> list[tuple[StatedFact, Any]]:
    """Each line that applies to this outcome, with its value (a str, Decimal, date, or a
    (first, last) pair of dates for a period). Formatting is the caller's (per language)."""
    lines: list[tuple[StatedFact, Any]] = []
    for item in items:
        if outcome not in item.when:
            continue
        value: Any = None
        if item.kind == "fact":
            value = facts.get(item.name)
        elif item.kind == "output":
            value = outputs.get(item.name)
            if value is not None and item.unit.startswith("SEK"):
                value = Decimal(str(value))
        elif item.kind == "period":
            value = (decided_on, add_months(decided_on, item.number) - datetime.timedelta(days=1))
        elif item.kind == "payment":
            month = month_start(facts.get(item.name))
            if month is not None:
                month = add_months(month, item.offset)
                value = payment_date(day=item.number, month=month, decided_on=decided_on)
        if value not in (None, ""):
            lines.append((item, value))
    return lines


def _sek(amount: Decimal, lang: str) -> str:
    whole = amount == amount.to_integral_value()
    text = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    if lang == "sv":
        return text.replace(",", "\u00a0").replace(".", ",") + "\u00a0kr"
    return f"SEK\u00a0{text}"


def format_value(item: StatedFact, value: Any, lang: str) -> str:
    """A line's value in `lang` (call with translation active for `lang`: month names)."""
    from django.utils import formats

    def day(d: datetime.date) -> str:
        return formats.date_format(d, "j F Y")

    if isinstance(value, tuple):
        return f"{day(value[0])}\u2009–\u2009{day(value[1])}"
    if isinstance(value, datetime.date):
        return day(value)
    if isinstance(value, Decimal):
        text = _sek(value, lang)
        if item.unit.endswith("/month"):
            text += " per månad" if lang == "sv" else " a month"
        return text
    if item.kind == "fact" and (month := month_start(value)) is not None:
        return formats.date_format(month, "F Y")
    return str(value)


def decision_statement(
    items: tuple[StatedFact, ...],
    *,
    outcome: str,
    facts: dict[str, Any],
    trace: Any,
    decided_on: datetime.date,
    lang: str,
) -> list[Stated]:
    """The lines a decision states, in `lang` (translation active for `lang`)."""
    lines = stated_values(
        items, outcome=outcome, facts=facts, outputs=top_outputs(trace), decided_on=decided_on
    )
    return [
        Stated(
            label=item.label.get(lang) or item.label.get("sv", ""),
            text=format_value(item, value, lang),
            value=value,
            example=item.example,
        )
        for item, value in lines
    ]
