"""An amount in kronor as a caseworker types it in a form: spaces (also non-breaking) as
thousands separators, a decimal comma or point; empty means none."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation


def parse_amount(text: str) -> Decimal | None:
    """The amount, None for an empty field; ValueError when it is not a number."""
    cleaned = text.replace(" ", "").replace("\u00a0", "").replace(",", ".")
    if not cleaned:
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"not an amount: {text!r}") from None
