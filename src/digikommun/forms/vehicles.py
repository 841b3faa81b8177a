"""The Swedish vehicle registration number as a field type: `registration_number`.

Three letters, two digits and a last character that is a digit or, since 2019, a letter
(ABC 123, ABC 12D). People write it in any case, with or without a space or hyphen; the
rules and the decision read it as capitals without spaces: "abc 123" → "ABC123".
Å, Ä and Ö are never used on plates.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from .fields import Field, FieldError, FieldType

_PLATE = re.compile(r"[A-Z]{3}[0-9]{2}[0-9A-Z]")


def normalise_registration_number(text: str) -> str:
    """ "abc 123" → "ABC123"; raises ValueError for anything not in the Swedish format."""
    cleaned = re.sub(r"[\s\-\u00a0]", "", text).upper()
    if not _PLATE.fullmatch(cleaned):
        raise ValueError(text)
    return cleaned


def parse_registration_number(f: Field, text: str) -> str:
    try:
        return normalise_registration_number(text)
    except ValueError:
        raise FieldError(
            _(
                "Enter the registration number as three letters, two digits and a digit or "
                "letter, for example ABC 123 or ABC 12D."
            )
        ) from None


TYPES = [
    FieldType(
        "registration_number",
        parse_registration_number,
        "text",
        autocomplete="off",
    ),
]
