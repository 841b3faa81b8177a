"""Conditions that show or skip a field or a step, from earlier answers.

One small expression form, evaluated here on the server and by portal/static/digikommun/
conditions.js in the page, with the same meaning (a test runs both on one table of cases):

    show_if: {field: has_children, equals: yes}
    show_if: {field: work_situation, not_equals: other}      # answered, and not "other"
    show_if: {field: zone, in: [inner_city, outer_city]}
    show_if: {field: income, greater_than: 10000}             # also less_than
    show_if: {all: [{…}, {…}]}                                # also any: [...]

Answers are compared as the person gave them: yes/no for a yes-or-no question, the option's
value for a choice, the text for the rest. When both sides read as numbers ("4 500 kr" and
4500) they are compared as numbers. For multiple choice, `equals` means "is among the chosen".
An unanswered field (or a hidden one) makes every test false except an `any` that another
part satisfies.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from digikommun.common.reader import Reader
from digikommun.common.yamlsrc import mark_of

TESTS = ("equals", "not_equals", "in", "greater_than", "less_than")
COMBINATIONS = ("all", "any")
KINDS = TESTS + COMBINATIONS

_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def as_number(value: Any) -> Decimal | None:
    """A number read from an answer the way conditions.js reads it, or None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    if not isinstance(value, str):
        return None
    text = re.sub(r"(?i)[\s\u00a0]|kr|sek|:-", "", value).replace(",", ".")
    if not _NUMBER.fullmatch(text):
        return None
    return Decimal(text)


def normalise(value: Any) -> str:
    """An expected value as text: yes/no for booleans, numbers without trailing zeros."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value)).normalize()
        return format(number, "f")
    return str(value).strip()


def _answered(value: Any) -> bool:
    if isinstance(value, list):
        return any(str(v).strip() for v in value)
    return isinstance(value, str) and value.strip() != ""


def _equal(answer: Any, expected: str) -> bool:
    if isinstance(answer, list):
        return expected in [str(v).strip() for v in answer]
    if not isinstance(answer, str):
        return False
    a, e = as_number(answer), as_number(expected)
    if a is not None and e is not None:
        return a == e
    return answer.strip() == expected


@dataclass(frozen=True)
class Condition:
    kind: str
    field: str | None = None
    value: Any = None  # str for equals/not_equals, tuple[str] for in, Decimal for comparisons
    parts: tuple[Condition, ...] = ()

    def fields(self) -> set[str]:
        if self.kind in COMBINATIONS:
            return set().union(*(p.fields() for p in self.parts))
        return {self.field} if self.field else set()

    def evaluate(self, lookup: Callable[[str], Any]) -> bool:
        if self.kind == "all":
            return all(p.evaluate(lookup) for p in self.parts)
        if self.kind == "any":
            return any(p.evaluate(lookup) for p in self.parts)
        answer = lookup(self.field or "")
        if not _answered(answer):
            return False
        if self.kind == "equals":
            return _equal(answer, self.value)
        if self.kind == "not_equals":
            return not _equal(answer, self.value)
        if self.kind == "in":
            return any(_equal(answer, v) for v in self.value)
        number = as_number(answer) if isinstance(answer, str) else None
        if number is None:
            return False
        if self.kind == "greater_than":
            return number > self.value
        return number < self.value  # less_than

    def as_json(self) -> dict[str, Any]:
        """The form conditions.js reads (numbers as JSON numbers, everything else as text)."""
        if self.kind in COMBINATIONS:
            return {self.kind: [p.as_json() for p in self.parts]}
        value: Any = self.value
        if self.kind == "in":
            value = list(self.value)
        elif self.kind in ("greater_than", "less_than"):
            value = float(self.value)
        return {"field": self.field, self.kind: value}


def parse_condition(r: Reader, raw: Any, where: Any = None) -> Condition | None:
    """Read a show_if mapping; report what is wrong with it at its place in the file."""
    mark = mark_of(raw, mark_of(where))
    if not isinstance(raw, dict):
        r.fail("a condition must be a mapping, e.g. {field: x, equals: yes}", mark)
        return None
    kinds = [k for k in raw if k in KINDS]
    if len(kinds) != 1:
        r.fail(f"a condition needs exactly one of: {', '.join(KINDS)}", mark)
        return None
    kind = kinds[0]
    if kind in COMBINATIONS:
        extra = set(raw) - {kind}
        items = raw[kind]
        if extra or not isinstance(items, list) or not items:
            r.fail(f"'{kind}' takes a list of conditions and nothing else", mark)
            return None
        parts = [parse_condition(r, item, raw) for item in items]
        if any(p is None for p in parts):
            return None
        return Condition(kind, parts=tuple(p for p in parts if p is not None))
    if set(raw) != {"field", kind}:
        r.fail(f"a '{kind}' condition takes 'field' and '{kind}' only", mark)
        return None
    expected = raw[kind]
    if kind == "in":
        if not isinstance(expected, list) or not expected:
            r.fail("'in' takes a list of values", mark)
            return None
        return Condition(kind, str(raw["field"]), tuple(normalise(v) for v in expected))
    if kind in ("greater_than", "less_than"):
        number = as_number(expected) if not isinstance(expected, str) else None
        if number is None:
            r.fail(f"'{kind}' takes a number", mark)
            return None
        return Condition(kind, str(raw["field"]), number)
    if isinstance(expected, list | dict) or expected is None:
        r.fail(f"'{kind}' takes one value", mark)
        return None
    return Condition(kind, str(raw["field"]), normalise(expected))
