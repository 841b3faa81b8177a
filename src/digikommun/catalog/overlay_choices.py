"""A municipality's own choices for a service definition, kept in an overlay file.

An overlay (`overlays/<name>.yaml`, docs/overlays.md) carries the rule parameters a
municipality sets (the rules engine reads those) and, optionally, a `definition:` section
with its own choices for the definition itself, in the same keys as `service.yaml`:

    definition:
      title: {sv: …, en: …}
      summary: {sv: …, en: …}
      description: {sv: …, en: …}
      department: {sv: …, en: …}
      decision_body: {sv: …, en: …}
      automation:
        delegation: {body: Socialnämnden, date: 2026-10-01, reference: SN 2026/123, example: false}
      algorithm_register:
        contact: {email: …, phone: …}

Each key given replaces the shared definition's value as a whole; anything else in the shared
files stays. The result is checked exactly as `service.yaml` is, and an error in a value the
overlay gave names the overlay's file, line and column.
"""

from __future__ import annotations

from typing import Any

from digikommun.common.reader import Reader
from digikommun.common.yamlsrc import Mark, MarkedDict, SourceError, key_mark, load_text, mark_of

KEY = "definition"
TEXTS = ("title", "summary", "description", "department", "decision_body")
# Nested keys an overlay may replace: section -> the keys inside it.
NESTED = {"automation": ("delegation",), "algorithm_register": ("contact",)}


def choices_read(r: Reader, text: str, source: str) -> dict[str, Any] | None:
    """The overlay's `definition:` section, checked for its keys; None when it has none.
    Problems are added to `r` with the overlay's file, line and column."""
    try:
        doc = load_text(text, source)
    except SourceError:
        return None  # reported with the overlay's parameters (rules.overlay)
    if not isinstance(doc, dict) or KEY not in doc:
        return None
    section = doc[KEY]
    if not isinstance(section, dict):
        r.fail(f"'{KEY}' must be a mapping of the definition's keys", key_mark(doc, KEY))
        return None
    allowed = (*TEXTS, *NESTED)
    ok = True
    for key in section:
        if key not in allowed:
            r.fail(
                f"an overlay cannot set '{key}' of the definition (it may set "
                f"{', '.join(allowed)})",
                key_mark(section, key),
            )
            ok = False
            continue
        if key in NESTED:
            inner = section[key]
            if not isinstance(inner, dict):
                r.fail(f"'{key}' must be a mapping", key_mark(section, key))
                ok = False
                continue
            for sub in inner:
                if sub not in NESTED[key]:
                    r.fail(
                        f"an overlay cannot set '{key}.{sub}' (it may set "
                        f"{', '.join(f'{key}.{s}' for s in NESTED[key])})",
                        key_mark(inner, sub),
                    )
                    ok = False
    return section if ok else None


def choices_apply(doc: Any, section: dict[str, Any]) -> Any:
    """A copy of the parsed service.yaml with the overlay's choices laid on; the values keep
    their own marks, so an error in one names the overlay."""
    if not isinstance(doc, dict):
        return doc
    result = _copy(doc)
    for key, value in section.items():
        if key in NESTED:
            base = result.get(key)
            inner = _copy(base) if isinstance(base, dict) else _empty(mark_of(value))
            for sub, sub_value in value.items():
                inner[sub] = sub_value
                _mark_key(inner, sub, key_mark(value, sub))
            result[key] = inner
        else:
            result[key] = value
        _mark_key(result, key, key_mark(section, key))
    return result


def _mark_key(mapping: MarkedDict, key: str, mark: Mark | None) -> None:
    if mark is not None:
        mapping.key_marks[key] = mark


def _copy(mapping: dict[str, Any]) -> MarkedDict:
    copy = _empty(mark_of(mapping))
    copy.update(mapping)
    copy.key_marks = dict(getattr(mapping, "key_marks", {}))
    return copy


def _empty(mark: Mark | None) -> MarkedDict:
    empty = MarkedDict()
    if mark is not None:
        empty.mark = mark
    empty.key_marks = {}
    return empty
