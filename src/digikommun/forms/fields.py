"""Field types of a service definition's form, and how each parses what a person typed.

Every type turns the submitted text into a typed value (the fact the rules read) or raises
FieldError with a translated message. The raw text is kept by the caller either way, so
nothing a person typed is lost when it is refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from digikommun.identity.personnummer import InvalidPersonnummer, normalise


class FieldError(ValueError):
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Option:
    value: str
    label: dict[str, str]


@dataclass(frozen=True)
class Field:
    id: str
    type: str
    label: dict[str, str]
    help: dict[str, str] = field(default_factory=dict)
    required: bool = True
    min: Decimal | None = None
    max: Decimal | None = None
    max_length: int | None = None
    options: tuple[Option, ...] = ()
    default: str | None = None
    pattern: str | None = (
        None  # a regular expression the whole (upper-cased, trimmed) text must match
    )
    pattern_message: dict[str, str] = field(default_factory=dict)

    def parse(self, raw: str | None) -> Any:
        text = (raw or "").strip()
        if text == "":
            if self.required:
                raise FieldError(_("Fill in this field."))
            return None
        return FIELD_TYPES[self.type].parse(self, text)

    def option_values(self) -> list[str]:
        return [o.value for o in self.options]


@dataclass(frozen=True)
class FieldType:
    name: str
    parse: Callable[[Field, str], Any]
    widget: str  # template name under portal/widgets/
    input_mode: str | None = None  # the inputmode attribute that brings up the right keyboard
    needs_options: bool = False
    numeric: bool = False


def _check_range(f: Field, value: Decimal) -> None:
    if f.min is not None and value < f.min:
        raise FieldError(_("Enter a value of at least %(min)s.") % {"min": _fmt(f.min)})
    if f.max is not None and value > f.max:
        raise FieldError(_("Enter a value of at most %(max)s.") % {"max": _fmt(f.max)})


def _fmt(value: Decimal) -> str:
    return f"{value:,}".replace(",", "\u00a0")


def _parse_text(f: Field, text: str) -> str:
    limit = f.max_length or 200
    if len(text) > limit:
        raise FieldError(
            _("Write at most %(limit)d characters (you wrote %(n)d).")
            % {"limit": limit, "n": len(text)}
        )
    if f.pattern and not re.fullmatch(f.pattern, text):
        lang = (get_language() or "sv")[:2]
        raise FieldError(f.pattern_message.get(lang) or _("Check the format of your answer."))
    return text


def _parse_long_text(f: Field, text: str) -> str:
    return _parse_text(Field(**{**f.__dict__, "max_length": f.max_length or 4000}), text)


def _parse_integer(f: Field, text: str) -> int:
    if not re.fullmatch(r"[+-]?\d+", text.replace(" ", "").replace("\u00a0", "")):
        raise FieldError(_("Enter a whole number, for example 2."))
    value = int(text.replace(" ", "").replace("\u00a0", ""))
    _check_range(f, Decimal(value))
    return value


_MONEY = re.compile(r"[+-]?\d+(?:[.,]\d{1,2})?")


def _parse_money(f: Field, text: str) -> int | Decimal:
    cleaned = re.sub(r"(?i)\s|\u00a0|kr|sek|:-", "", text)
    if not _MONEY.fullmatch(cleaned):
        raise FieldError(_("Enter an amount in kronor, for example 4 500."))
    try:
        value = Decimal(cleaned.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern above admits only numbers
        raise FieldError(_("Enter an amount in kronor, for example 4 500.")) from None
    if value < 0 and (f.min is None or f.min >= 0):
        raise FieldError(_("Enter an amount of zero or more."))
    _check_range(f, value)
    return int(value) if value == value.to_integral_value() else value


def _parse_boolean(f: Field, text: str) -> bool:
    if text == "yes":
        return True
    if text == "no":
        return False
    raise FieldError(_("Choose yes or no."))


def _parse_choice(f: Field, text: str) -> str:
    if text not in f.option_values():
        raise FieldError(_("Choose one of the options."))
    return text


def _parse_personnummer(f: Field, text: str) -> str:
    try:
        return normalise(text)
    except InvalidPersonnummer:
        raise FieldError(
            _("Enter a valid personal identity number, for example 19850709-9805.")
        ) from None


FIELD_TYPES: dict[str, FieldType] = {
    t.name: t
    for t in [
        FieldType("text", _parse_text, "text"),
        FieldType("long_text", _parse_long_text, "textarea"),
        FieldType("integer", _parse_integer, "text", input_mode="numeric", numeric=True),
        FieldType("money", _parse_money, "text", input_mode="decimal", numeric=True),
        FieldType("boolean", _parse_boolean, "yesno"),
        FieldType("choice", _parse_choice, "radio", needs_options=True),
        FieldType("personnummer", _parse_personnummer, "text", input_mode="numeric"),
    ]
}
