"""Each field type turns what a person typed into a typed value, or a clear translated error."""

from decimal import Decimal

import pytest
from django.utils import translation

from digikommun.forms.fields import Field, FieldError, Option


def field(type_, **kw):
    return Field(id="x", type=type_, label={"sv": "X", "en": "X"}, **kw)


@pytest.mark.parametrize(
    "text, value",
    [
        ("4500", 4500),
        ("4 500", 4500),
        ("4\u00a0500 kr", 4500),
        ("12,50", Decimal("12.50")),
        ("0", 0),
    ],
)
def test_money_accepts_the_ways_people_write_amounts(text, value):
    assert field("money").parse(text) == value


@pytest.mark.parametrize("text", ["abc", "12,345", "-5", "1e5", "4500 euro"])
def test_money_refuses_what_is_not_an_amount(text):
    with pytest.raises(FieldError):
        field("money", min=Decimal(0)).parse(text)


def test_errors_are_translated():
    with translation.override("sv"):
        with pytest.raises(FieldError) as sv:
            field("integer").parse("två")
    with translation.override("en"):
        with pytest.raises(FieldError) as en:
            field("integer").parse("two")
    assert sv.value.message == "Ange ett heltal, till exempel 2."
    assert en.value.message == "Enter a whole number, for example 2."


def test_integer_range():
    f = field("integer", min=Decimal(0), max=Decimal(12))
    assert f.parse(" 3 ") == 3
    with pytest.raises(FieldError):
        f.parse("13")
    with pytest.raises(FieldError):
        f.parse("-1")


def test_required_and_optional():
    with pytest.raises(FieldError):
        field("text").parse("  ")
    assert field("text", required=False).parse("") is None


def test_boolean_and_choice():
    assert field("boolean").parse("yes") is True
    assert field("boolean").parse("no") is False
    with pytest.raises(FieldError):
        field("boolean").parse("maybe")
    f = field("choice", options=(Option("a", {"sv": "A", "en": "A"}),))
    assert f.parse("a") == "a"
    with pytest.raises(FieldError):
        f.parse("b")


def test_personnummer_is_checksum_validated_and_normalised():
    f = field("personnummer")
    assert f.parse("850709-9805") == "198507099805"
    with pytest.raises(FieldError):
        f.parse("850709-9806")


def test_text_pattern_with_its_own_message():
    f = field(
        "text",
        pattern="[A-Z]{3} ?[0-9]{2}[0-9A-Z]",
        pattern_message={"sv": "Fel format", "en": "Wrong format"},
    )
    assert f.parse("ABC 123") == "ABC 123"
    with translation.override("en"):
        with pytest.raises(FieldError, match="Wrong format"):
            f.parse("12345")
