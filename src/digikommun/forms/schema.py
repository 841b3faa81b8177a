"""The form part of a service definition: steps and their fields, read from service.yaml.

Every problem is reported with its place in the file. Conditions (`show_if`) may only read
fields that come before them in the form, so the form can be evaluated top to bottom, the
same way on the server and in the page.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from digikommun.common.reader import Reader
from digikommun.common.yamlsrc import key_mark, mark_of

from .conditions import Condition, parse_condition
from .fields import Field, Option, Prefill
from .types import FIELD_TYPES

_ID = re.compile(r"[a-z][a-z0-9_]*\Z")

COMMON_KEYS = {
    "id",
    "type",
    "label",
    "help",
    "required",
    "default",
    "show_if",
    "autocomplete",
    "prefill",
}
TYPE_KEYS: dict[str, set[str]] = {
    "text": {"max_length", "pattern", "pattern_message"},
    "long_text": {"max_length"},
    "integer": {"min", "max"},
    "decimal": {"min", "max"},
    "money": {"min", "max"},
    "choice": {"options"},
    "multi_choice": {"options", "max_choices"},
    "date": {"earliest", "latest"},
    "month": {"earliest_months", "latest_months"},
    "file": {"accept", "max_size_mb", "max_files"},
    "location": {"center", "zoom", "bounds"},
    "group": {"fields", "min_items", "max_items", "item_label", "add_label"},
}
# Answers a condition can compare: one value, or a list of chosen values.
COMPARABLE = {
    "text",
    "long_text",
    "integer",
    "decimal",
    "money",
    "boolean",
    "choice",
    "multi_choice",
    "date",
    "month",
    "personnummer",
    "organisationsnummer",
    "email",
    "phone",
}
NOT_IN_GROUP = {"group", "file"}


@dataclass(frozen=True)
class Step:
    id: str
    title: dict[str, str]
    intro: dict[str, str]
    fields: tuple[Field, ...]
    show_if: Condition | None = None


class _Scope:
    """The fields a condition may read at this point of the form, by id -> type."""

    def __init__(self, before: dict[str, str] | None = None):
        self.before: dict[str, str] = dict(before or {})

    def check(self, r: Reader, cond: Condition | None, where: Any) -> None:
        if cond is None:
            return
        for name in sorted(cond.fields()):
            if name not in self.before:
                r.fail(
                    f"the condition reads '{name}', which is not a field earlier in the form",
                    mark_of(where),
                )
            elif self.before[name] not in COMPARABLE:
                r.fail(
                    f"a condition cannot read '{name}' (a {self.before[name]} field)",
                    mark_of(where),
                )


def _int(r: Reader, raw: dict, key: str, default: int, low: int, high: int) -> int:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        r.fail(f"'{key}' must be a whole number, {low}–{high}", key_mark(raw, key))
        return default
    return value


def _number(r: Reader, raw: dict, key: str) -> Decimal | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        r.fail(f"'{key}' must be a number", key_mark(raw, key))
        return None
    return Decimal(str(value))


def _date_limit(r: Reader, raw: dict, key: str) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if value == "today":
        return "today"
    if isinstance(value, datetime.date):
        return value.isoformat()
    r.fail(f"'{key}' must be a date like 2026-01-31, or today", key_mark(raw, key))
    return None


def _floats(r: Reader, raw: dict, key: str, n: int) -> tuple[float, ...] | None:
    value = raw.get(key)
    if value is None:
        return None
    if (
        not isinstance(value, list)
        or len(value) != n
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    ):
        r.fail(f"'{key}' must be a list of {n} numbers", key_mark(raw, key))
        return None
    return tuple(float(v) for v in value)


def _file_rules(r: Reader, raw: dict) -> dict[str, Any]:
    from digikommun.files.sniff import KINDS

    accept = raw.get("accept", ["pdf", "jpeg", "png"])
    if not isinstance(accept, list) or not accept or not all(a in KINDS for a in accept):
        r.fail(f"'accept' lists kinds of file among: {', '.join(KINDS)}", key_mark(raw, "accept"))
        accept = ["pdf", "jpeg", "png"]
    return {
        "accept": tuple(str(a) for a in accept),
        "max_size_mb": _int(r, raw, "max_size_mb", 10, 1, 50),
        "max_files": _int(r, raw, "max_files", 5, 1, 20),
    }


def _prefill(r: Reader, raw: dict, ftype: str, scope: _Scope, in_group: bool) -> Prefill | None:
    from digikommun.registers.facts import FACTS, fact_problem

    spec = raw.get("prefill")
    if spec is None:
        return None
    where = key_mark(raw, "prefill")
    if in_group:
        r.fail("a field inside a repeating group cannot be prefilled; prefill the group", where)
        return None
    if not isinstance(spec, dict) or set(spec) - {"register", "fact", "key"}:
        r.fail("'prefill' is a mapping {register: …, fact: …} with an optional key", where)
        return None
    register, fact, key = str(spec.get("register")), str(spec.get("fact")), spec.get("key")
    rows = {str(s.get("id")) for s in raw.get("fields") or [] if isinstance(s, dict)}
    problem = fact_problem(register, fact, ftype, rows)
    if problem:
        r.fail(f"prefill: {problem}", where)
        return None
    keyed_by = FACTS[(register, fact)].keyed_by
    if keyed_by == "applicant":
        if key is not None:
            r.fail(
                f"prefill: the fact '{fact}' is looked up by the applicant, not by a field", where
            )
        return Prefill(register, fact)
    if scope.before.get(str(key)) != keyed_by:
        r.fail(
            f"prefill: the fact '{fact}' needs 'key', an earlier {keyed_by} field of the form",
            where,
        )
        return None
    return Prefill(register, fact, str(key))


def parse_field(
    r: Reader, raw: Any, seen: set[str], scope: _Scope | None = None, *, in_group: bool = False
) -> Field | None:
    if not isinstance(raw, dict):
        r.fail("a field must be a mapping", mark_of(raw))
        return None
    fid, ftype = r.require(raw, "id"), r.require(raw, "type")
    if fid is None or ftype is None:
        return None
    if not _ID.match(str(fid)):
        r.fail(f"field id '{fid}' must be lower_case letters, digits and _", mark_of(fid))
    if fid in seen:
        r.fail(f"field id '{fid}' is used twice", mark_of(fid))
    seen.add(str(fid))
    if ftype not in FIELD_TYPES:
        r.fail(
            f"unknown field type '{ftype}'; known: {', '.join(sorted(FIELD_TYPES))}", mark_of(ftype)
        )
        return None
    if in_group and ftype in NOT_IN_GROUP:
        r.fail(f"a {ftype} field cannot be inside a repeating group", mark_of(ftype))
        return None
    known = COMMON_KEYS | TYPE_KEYS.get(str(ftype), set())
    if ftype == "group":
        known = known - {"required", "default"}
    for key in sorted(set(raw) - known):
        r.fail(f"unknown key '{key}' in a {ftype} field", key_mark(raw, key))
    scope = scope or _Scope()
    show_if = parse_condition(r, raw["show_if"], raw) if "show_if" in raw else None
    scope.check(r, show_if, raw.get("show_if", raw))
    prefill = _prefill(r, raw, str(ftype), scope, in_group)

    options: list[Option] = []
    for opt in raw.get("options") or []:
        if not isinstance(opt, dict) or "value" not in opt:
            r.fail("an option needs a value and a label", mark_of(opt, mark_of(raw)))
            continue
        options.append(Option(str(opt["value"]), r.text(opt, "label")))
    if FIELD_TYPES[ftype].needs_options and not options:
        r.fail(f"a {ftype} field needs options", key_mark(raw, "type"))

    pattern = raw.get("pattern")
    if pattern is not None:
        try:
            re.compile(str(pattern))
        except re.error as exc:
            r.fail(f"'pattern' is not a valid regular expression: {exc}", key_mark(raw, "pattern"))
            pattern = None
    extra: dict[str, Any] = {}
    if ftype == "file":
        extra = _file_rules(r, raw)
    elif ftype == "location":
        center = _floats(r, raw, "center", 2)
        extra = {
            "center": center,
            "zoom": _int(r, raw, "zoom", 13, 1, 19),
            "bounds": _floats(r, raw, "bounds", 4),
        }
    elif ftype == "group":
        sub_seen: set[str] = set()
        sub_scope = _Scope(scope.before)
        subs: list[Field] = []
        raw_subs = raw.get("fields")
        if not isinstance(raw_subs, list) or not raw_subs:
            r.fail("a group needs 'fields', the fields of one row", key_mark(raw, "type"))
            raw_subs = []
        for raw_sub in raw_subs:
            sub = parse_field(r, raw_sub, sub_seen, sub_scope, in_group=True)
            if sub is not None:
                subs.append(sub)
                sub_scope.before[sub.id] = sub.type
        min_items = _int(r, raw, "min_items", 0, 0, 50)
        extra = {
            "fields": tuple(subs),
            "min_items": min_items,
            "max_items": max(min_items, _int(r, raw, "max_items", 10, 1, 50)),
            "item_label": r.text(raw, "item_label"),
            "add_label": r.text(raw, "add_label"),
        }
    if ftype == "multi_choice" and "max_choices" in raw:
        extra["max_choices"] = _int(r, raw, "max_choices", len(options) or 1, 1, 100)
    if ftype == "month":
        extra.update(
            earliest_months=_int(r, raw, "earliest_months", 12, 0, 120),
            latest_months=_int(r, raw, "latest_months", 12, 0, 120),
        )
    if ftype == "date":
        extra.update(earliest=_date_limit(r, raw, "earliest"), latest=_date_limit(r, raw, "latest"))
    max_length = raw.get("max_length")
    if max_length is not None and (isinstance(max_length, bool) or not isinstance(max_length, int)):
        r.fail("'max_length' must be a whole number", key_mark(raw, "max_length"))
        max_length = None
    return Field(
        id=str(fid),
        type=str(ftype),
        label=r.text(raw, "label"),
        help=r.text(raw, "help", required=False),
        required=ftype != "group" and bool(raw.get("required", True)),
        min=_number(r, raw, "min"),
        max=_number(r, raw, "max"),
        max_length=max_length,
        options=tuple(options),
        default=None if raw.get("default") is None else str(raw.get("default")),
        pattern=None if pattern is None else str(pattern),
        pattern_message=r.text(raw, "pattern_message", required=False),
        show_if=show_if,
        autocomplete=None if raw.get("autocomplete") is None else str(raw["autocomplete"]),
        prefill=prefill,
        **extra,
    )


def parse_steps(r: Reader, doc: Any) -> tuple[tuple[Step, ...], set[str]]:
    """The steps of a definition, and the ids of all their (top-level) fields."""
    steps: list[Step] = []
    seen: set[str] = set()
    scope = _Scope()
    raw_steps = r.require(doc, "steps") or []
    if not isinstance(raw_steps, list) or not raw_steps:
        r.fail("'steps' must list at least one step", key_mark(doc, "steps"))
        raw_steps = []
    step_ids: set[str] = set()
    for raw_step in raw_steps:
        step_id = str(r.require(raw_step, "id") or "")
        if step_id in step_ids:
            r.fail(f"step id '{step_id}' is used twice", mark_of(raw_step.get("id")))
        step_ids.add(step_id)
        show_if = None
        if isinstance(raw_step, dict) and "show_if" in raw_step:
            show_if = parse_condition(r, raw_step["show_if"], raw_step)
            scope.check(r, show_if, raw_step["show_if"])
        fields: list[Field] = []
        for raw in (r.require(raw_step, "fields") or []) if isinstance(raw_step, dict) else []:
            f = parse_field(r, raw, seen, scope)
            if f is not None:
                fields.append(f)
                scope.before[f.id] = f.type
        steps.append(
            Step(
                id=step_id,
                title=r.text(raw_step, "title"),
                intro=r.text(raw_step, "intro", required=False),
                fields=tuple(fields),
                show_if=show_if,
            )
        )
    return tuple(steps), seen
