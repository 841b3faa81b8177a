"""An amount typed by a caseworker: spaces and non-breaking spaces between thousands, a
decimal comma or point; empty is none; anything else is refused."""

from __future__ import annotations

from decimal import Decimal

import pytest

from digikommun.common.amounts import parse_amount


@pytest.mark.parametrize(
    ("text", "amount"),
    [("4 500", Decimal(4500)), ("4\u00a0500,50", Decimal("4500.50")), ("12.5", Decimal("12.5"))],
)
def test_amounts_as_typed(text, amount):
    assert parse_amount(text) == amount


def test_empty_is_none_and_words_are_refused():
    assert parse_amount("  ") is None
    with pytest.raises(ValueError):
        parse_amount("fyra tusen")
