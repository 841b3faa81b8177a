"""Limits on what a draft stores, whatever the page sent (autosave included).

A step is judged only when it is sent, so a draft keeps what was typed even when it is
too long: the person sees the error and shortens it. What is stored is still bounded:
a text at most twice its field's limit (and never more than STORE_MAX_CHARS), a repeating
group at most a few rows past its maximum, and no NUL characters anywhere. A value past
these is refused with a translated error and the value stored before is kept.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from digikommun.forms.fields import Field

STORE_MAX_CHARS = 20_000  # no single stored answer is longer than this
DEFAULT_LIMITS = {"text": 200, "long_text": 4000}
OTHER_MAX_CHARS = 1000  # numbers, dates, choices, places: far above any real answer


def _char_cap(f: Field | None) -> int:
    if f is None:
        return OTHER_MAX_CHARS
    limit = f.max_length or DEFAULT_LIMITS.get(f.type)
    if limit is None:
        return OTHER_MAX_CHARS
    return min(STORE_MAX_CHARS, max(2 * limit, limit + 500))


def _problem(f: Field | None, value: Any) -> str | None:
    if isinstance(value, str):
        if "\x00" in value:
            return _("The answer contains a character that cannot be saved (NUL). Remove it.")
        cap = _char_cap(f)
        if len(value) > cap:
            return _(
                "The answer is far too long to be saved (%(n)d characters; at most %(cap)d "
                "can be kept). Shorten it; what you had saved before is kept."
            ) % {"n": len(value), "cap": cap}
        return None
    if isinstance(value, list):
        max_rows = (f.max_items + 5) if f is not None and f.type == "group" else 100
        if len(value) > max_rows:
            return _("Too many rows or choices to be saved.")
        for item in value:
            problem = _problem_in_row(f, item) if isinstance(item, dict) else _problem(f, item)
            if problem:
                return problem
        return None
    if isinstance(value, dict):
        return _problem_in_row(f, value)
    return None


def _problem_in_row(f: Field | None, row: dict) -> str | None:
    sub = {s.id: s for s in (f.fields if f is not None else ())}
    if len(row) > 100:
        return _("Too many rows or choices to be saved.")
    for key, value in row.items():
        if not isinstance(key, str) or "\x00" in key or len(key) > 100:
            return _("The answer contains a character that cannot be saved (NUL). Remove it.")
        problem = _problem(sub.get(key), value)
        if problem:
            return problem
    return None


def store_problems(fields: dict[str, Field], updates: dict[str, Any]) -> dict[str, str]:
    """Errors by field id for the updates that must not be stored."""
    problems = {}
    for field_id, value in updates.items():
        problem = _problem(fields.get(field_id), value)
        if problem:
            problems[field_id] = problem
    return problems
