"""The form part of a service definition: steps and their fields, read from service.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from digikommun.common.reader import Reader
from digikommun.common.yamlsrc import key_mark, mark_of

from .fields import FIELD_TYPES, Field, Option

_ID = re.compile(r"[a-z][a-z0-9_]*\Z")


@dataclass(frozen=True)
class Step:
    id: str
    title: dict[str, str]
    intro: dict[str, str]
    fields: tuple[Field, ...]


def parse_field(r: Reader, raw: Any, seen: set[str]) -> Field | None:
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
    options: list[Option] = []
    for opt in raw.get("options") or []:
        if not isinstance(opt, dict) or "value" not in opt:
            r.fail("an option needs a value and a label", mark_of(opt, mark_of(raw)))
            continue
        options.append(Option(str(opt["value"]), r.text(opt, "label")))
    if FIELD_TYPES[ftype].needs_options and not options:
        r.fail(f"a {ftype} field needs options", key_mark(raw, "type"))

    def number(key: str) -> Decimal | None:
        value = raw.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            r.fail(f"'{key}' must be a number", key_mark(raw, key))
            return None
        return Decimal(str(value))

    pattern = raw.get("pattern")
    if pattern is not None:
        try:
            re.compile(str(pattern))
        except re.error as exc:
            r.fail(f"'pattern' is not a valid regular expression: {exc}", key_mark(raw, "pattern"))
            pattern = None
    known = {
        "id",
        "type",
        "label",
        "help",
        "required",
        "min",
        "max",
        "max_length",
        "options",
        "default",
        "pattern",
        "pattern_message",
    }
    for key in sorted(set(raw) - known):
        r.fail(f"unknown key '{key}' in a field", key_mark(raw, key))
    return Field(
        id=str(fid),
        type=str(ftype),
        label=r.text(raw, "label"),
        help=r.text(raw, "help", required=False),
        required=bool(raw.get("required", True)),
        min=number("min"),
        max=number("max"),
        max_length=raw.get("max_length"),
        options=tuple(options),
        default=None if raw.get("default") is None else str(raw.get("default")),
        pattern=None if pattern is None else str(pattern),
        pattern_message=r.text(raw, "pattern_message", required=False),
    )


def parse_steps(r: Reader, doc: Any) -> tuple[tuple[Step, ...], set[str]]:
    """The steps of a definition, and the ids of all their fields."""
    steps: list[Step] = []
    seen: set[str] = set()
    raw_steps = r.require(doc, "steps") or []
    if not isinstance(raw_steps, list) or not raw_steps:
        r.fail("'steps' must list at least one step", key_mark(doc, "steps"))
        raw_steps = []
    for raw_step in raw_steps:
        raw_fields = r.require(raw_step, "fields") or []
        fields = [f for f in (parse_field(r, raw, seen) for raw in raw_fields) if f]
        steps.append(
            Step(
                id=str(r.require(raw_step, "id") or ""),
                title=r.text(raw_step, "title"),
                intro=r.text(raw_step, "intro", required=False),
                fields=tuple(fields),
            )
        )
    return tuple(steps), seen
