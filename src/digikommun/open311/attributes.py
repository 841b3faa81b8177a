"""A category's questions as Open311 attributes, and attribute answers as the form's answers.

Each attribute says in `datatype_description` what it takes (the limits the form applies), so
a client can check an answer before it sends it. Open311's `datetime` takes an ISO 8601 date
and time (the question is about a day, so the day in the municipality's time zone counts) or a
bare date; `number` takes a decimal point.
"""

from __future__ import annotations

from typing import Any

from django.utils import dateparse, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

DATATYPE = {
    "text": "string",
    "long_text": "text",
    "integer": "number",
    "decimal": "number",
    "money": "number",
    "date": "datetime",
    "choice": "singlevaluelist",
    "boolean": "singlevaluelist",
    "multi_choice": "multivaluelist",
}


def _tr(texts: dict[str, str] | None) -> str:
    lang = (get_language() or "sv")[:2]
    texts = texts or {}
    return texts.get(lang) or texts.get("sv") or ""


def _range(q) -> str:
    if q.min is not None and q.max is not None:
        return " " + _("from %(min)s to %(max)s") % {"min": q.min, "max": q.max}
    if q.min is not None:
        return " " + _("of at least %(min)s") % {"min": q.min}
    if q.max is not None:
        return " " + _("of at most %(max)s") % {"max": q.max}
    return ""


def describe(q) -> str:
    """What the attribute takes, in words, with the question's own help after it."""
    if q.type in ("text", "long_text"):
        limit = q.max_length or (200 if q.type == "text" else 4000)
        what = _("Text of at most %(limit)d characters.") % {"limit": limit}
    elif q.type == "integer":
        what = _("A whole number%(range)s, for example 2.") % {"range": _range(q)}
    elif q.type in ("decimal", "money"):
        what = _("A number%(range)s with a point as decimal sign, for example 2.5.") % {
            "range": _range(q)
        }
    elif q.type == "date":
        what = _(
            "A date and time in ISO 8601, for example 2026-11-20T10:00:00+01:00, or a date "
            "such as 2026-11-20; the day counts."
        )
    elif q.type in ("choice", "boolean"):
        what = _("One of the keys in values.")
    elif q.type == "multi_choice":
        what = _("One or more of the keys in values, each sent as attribute[%(code)s][].") % {
            "code": q.id
        }
    else:
        what = _("Text.")
    help_text = _tr(q.help)
    return f"{what} {help_text}".strip()


def attribute_item(q, order: int) -> dict[str, Any]:
    item: dict[str, Any] = {
        "variable": True,
        "code": q.id,
        "datatype": DATATYPE.get(q.type, "string"),
        "required": q.required,
        "datatype_description": describe(q),
        "order": order,
        "description": _tr(q.label),
    }
    if q.type == "boolean":
        item["values"] = [{"key": "yes", "name": _("Yes")}, {"key": "no", "name": _("No")}]
    elif q.options:
        item["values"] = [{"key": o.value, "name": _tr(o.label)} for o in q.options]
    return item


def photo_attribute(order: int) -> dict[str, Any]:
    """A category that needs a photo says so: send `media_url` (or upload it as `media`)."""
    return {
        "variable": True,
        "code": "media_url",
        "datatype": "string",
        "required": True,
        "datatype_description": _(
            "The http or https address of a photo of the fault, sent as media_url (or as "
            "attribute[media_url]); or upload the photo in a multipart field named media."
        ),
        "order": order,
        "description": _("A photo of the fault"),
    }


def attribute_value(q, values: list[str]) -> Any:
    """The form's raw answer for a question from the attribute's values as sent."""
    if q.type == "multi_choice":
        return values
    value = values[0].strip() if values else ""
    if q.type == "date" and "T" in value:
        moment = dateparse.parse_datetime(value.replace(" ", "+"))
        if moment is None:
            raise ValueError(
                _("Give a date and time in ISO 8601, for example 2026-11-20T10:00:00+01:00.")
            )
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return timezone.localtime(moment).date().isoformat()
    return value
