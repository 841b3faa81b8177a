"""Field types with one input: text, numbers, money, dates, choices and Swedish identifiers.

Each parser gets the trimmed text (or, for multiple choice, the list of chosen values) and
returns the typed value the rules read, or raises FieldError with a translated message.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from digikommun.identity.personnummer import InvalidPersonnummer, normalise

from .clock import today
from .fields import Field, FieldError, FieldType, list_empty, read_list


def _fmt(value: Decimal) -> str:
    return f"{value:,}".replace(",", "\u00a0")


def _check_range(f: Field, value: Decimal) -> None:
    if f.min is not None and value < f.min:
        raise FieldError(_("Enter a value of at least %(min)s.") % {"min": _fmt(f.min)})
    if f.max is not None and value > f.max:
        raise FieldError(_("Enter a value of at most %(max)s.") % {"max": _fmt(f.max)})


def parse_text(f: Field, text: str) -> str:
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


def parse_long_text(f: Field, text: str) -> str:
    limit = f.max_length or 4000
    if len(text) > limit:
        raise FieldError(
            _("Write at most %(limit)d characters (you wrote %(n)d).")
            % {"limit": limit, "n": len(text)}
        )
    return text


def parse_integer(f: Field, text: str) -> int:
    cleaned = text.replace(" ", "").replace("\u00a0", "")
    if not re.fullmatch(r"[+-]?\d+", cleaned):
        raise FieldError(_("Enter a whole number, for example 2."))
    value = int(cleaned)
    _check_range(f, Decimal(value))
    return value


_DECIMAL = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def parse_decimal(f: Field, text: str) -> int | Decimal:
    """A number with a decimal point or comma, 2.5 or 2,5 (a measure, not an amount)."""
    cleaned = text.replace(" ", "").replace("\u00a0", "")
    if not _DECIMAL.fullmatch(cleaned) or len(cleaned) > 30:
        raise FieldError(_("Enter a number, for example 2.5."))
    value = Decimal(cleaned.replace(",", "."))
    _check_range(f, value)
    return int(value) if value == value.to_integral_value() else value


_MONEY = re.compile(r"[+-]?\d+(?:[.,]\d{1,2})?")


def parse_money(f: Field, text: str) -> int | Decimal:
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


def parse_boolean(f: Field, text: str) -> bool:
    if text == "yes":
        return True
    if text == "no":
        return False
    raise FieldError(_("Choose yes or no."))


def parse_choice(f: Field, text: str) -> str:
    if text not in f.option_values():
        raise FieldError(_("Choose one of the options."))
    return text


def parse_multi_choice(f: Field, values: list[str] | str) -> list[str]:
    chosen = {values} if isinstance(values, str) else {str(v) for v in values}
    if not chosen <= set(f.option_values()):
        raise FieldError(_("Choose among the options shown."))
    if f.max_choices is not None and len(chosen) > f.max_choices:
        raise FieldError(_("Choose at most %(n)d options.") % {"n": f.max_choices})
    return [v for v in f.option_values() if v in chosen]  # in the options' order


_DATE = re.compile(r"(\d{4})[-. /]?(\d{1,2})[-. /]?(\d{1,2})")


def _date_limit(text: str | None) -> datetime.date | None:
    if text is None:
        return None
    if text == "today":
        return today()
    return datetime.date.fromisoformat(text)


def parse_date(f: Field, text: str) -> datetime.date:
    match = _DATE.fullmatch(text)
    if not match:
        raise FieldError(_("Enter a date as year-month-day, for example 2026-03-14."))
    try:
        value = datetime.date(*(int(g) for g in match.groups()))
    except ValueError:
        raise FieldError(_("Enter a real date, for example 2026-03-14.")) from None
    earliest, latest = _date_limit(f.earliest), _date_limit(f.latest)
    if earliest and value < earliest:
        if f.earliest == "today":
            raise FieldError(_("Enter today's date or a later one."))
        raise FieldError(_("Enter %(date)s or a later date.") % {"date": earliest.isoformat()})
    if latest and value > latest:
        if f.latest == "today":
            raise FieldError(_("Enter today's date or an earlier one."))
        raise FieldError(_("Enter %(date)s or an earlier date.") % {"date": latest.isoformat()})
    return value


def parse_personnummer(f: Field, text: str) -> str:
    try:
        return normalise(text)
    except InvalidPersonnummer:
        raise FieldError(
            _("Enter a valid personal identity number, for example 19850709-9805.")
        ) from None


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def normalise_organisationsnummer(text: str) -> str:
    """NNNNNN-NNNN for a valid Swedish organisation number (Luhn checksum, a legal person's
    third digit of at least 2); raises ValueError otherwise. Accepts the 12-digit form 16…."""
    digits = re.sub(r"[\s-]", "", text)
    if len(digits) == 12 and digits.startswith("16"):
        digits = digits[2:]
    if not re.fullmatch(r"\d{10}", digits) or int(digits[2]) < 2 or not luhn_ok(digits):
        raise ValueError(text)
    return f"{digits[:6]}-{digits[6:]}"


def parse_organisationsnummer(f: Field, text: str) -> str:
    try:
        return normalise_organisationsnummer(text)
    except ValueError:
        raise FieldError(
            _("Enter a valid organisation number, ten digits, for example 212000-0142.")
        ) from None


def parse_email(f: Field, text: str) -> str:
    try:
        validate_email(text)
    except ValidationError:
        raise FieldError(_("Enter an email address, for example namn@exempel.se.")) from None
    local, _at, domain = text.rpartition("@")
    return f"{local}@{domain.lower()}"


def parse_phone(f: Field, text: str) -> str:
    """An international number, +46701234567, from 070-123 45 67, +46 70 …, 0046 70 …,
    0046 (0)8-… (the trunk zero, written "(0)" or kept after +46, is not dialled from abroad)."""
    cleaned = re.sub(r"[\s\-.\u00a0]", "", text).replace("(0)", "")
    cleaned = re.sub(r"[()]", "", cleaned)
    if cleaned.startswith("00"):
        cleaned = "+" + cleaned[2:]
    elif cleaned.startswith("0"):
        cleaned = "+46" + cleaned[1:]
    if cleaned.startswith("+460"):  # no Swedish number starts with 0 after the country code
        cleaned = "+46" + cleaned[4:]
    if not re.fullmatch(r"\+[1-9]\d{6,14}", cleaned):
        raise FieldError(_("Enter a phone number, for example 070-123 45 67."))
    return cleaned


def _choose_message() -> str:
    return _("Choose one of the options.")


TYPES = [
    FieldType("text", parse_text, "text"),
    FieldType("long_text", parse_long_text, "textarea"),
    FieldType("integer", parse_integer, "text", input_mode="numeric", numeric=True),
    FieldType("decimal", parse_decimal, "text", input_mode="decimal", numeric=True),
    FieldType("money", parse_money, "text", input_mode="decimal", numeric=True),
    FieldType("boolean", parse_boolean, "yesno", empty_message=lambda: _("Choose yes or no.")),
    FieldType("choice", parse_choice, "radio", needs_options=True, empty_message=_choose_message),
    FieldType(
        "multi_choice",
        parse_multi_choice,
        "checkboxes",
        needs_options=True,
        is_empty=list_empty,
        read=read_list,
        empty_message=lambda: _("Choose at least one option."),
    ),
    FieldType("date", parse_date, "date", input_mode="numeric"),
    FieldType("personnummer", parse_personnummer, "text", input_mode="numeric"),
    FieldType("organisationsnummer", parse_organisationsnummer, "text", input_mode="numeric"),
    FieldType("email", parse_email, "text", input_type="email", autocomplete="email"),
    FieldType("phone", parse_phone, "text", input_type="tel", autocomplete="tel"),
]
