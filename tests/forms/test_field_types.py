"""The field types added for every municipal service: each turns what a person gave into a
typed value or a clear translated error (dates, choices, identifiers, contact details,
addresses, places, files)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from digikommun.forms.fields import Field, FieldError, Option
from digikommun.forms.parsers import luhn_ok, normalise_organisationsnummer

OPTIONS = (
    Option("music", {"sv": "Musik", "en": "Music"}),
    Option("sport", {"sv": "Idrott", "en": "Sport"}),
    Option("books", {"sv": "Böcker", "en": "Books"}),
)


def field(type_, **kw):
    return Field(id="x", type=type_, label={"sv": "X", "en": "X"}, **kw)


def error_of(f: Field, raw) -> FieldError:
    with pytest.raises(FieldError) as exc:
        f.parse(raw)
    return exc.value


@pytest.mark.parametrize(
    "text, day",
    [("2024-02-29", "2024-02-29"), ("20240229", "2024-02-29"), ("2024 2 9", "2024-02-09")],
)
def test_a_date_in_the_forms_people_write_it(text, day):
    assert field("date").parse(text) == datetime.date.fromisoformat(day)


def test_a_date_that_does_not_exist_or_is_out_of_range():
    with translation.override("sv"):
        assert "som finns" in error_of(field("date"), "2026-02-30").message
        assert "år-månad-dag" in error_of(field("date"), "30/1/2026").message
    f = field("date", earliest="2020-01-01", latest="today")
    assert "2020-01-01" in error_of(f, "2019-12-31").message
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with translation.override("en"):
        assert "today" in error_of(f, tomorrow.isoformat()).message


def test_multiple_choice_keeps_the_options_order_and_refuses_too_many():
    f = field("multi_choice", options=OPTIONS, max_choices=2)
    assert f.parse(["books", "music"]) == ["music", "books"]
    assert f.parse("sport") == ["sport"]
    with translation.override("en"):
        assert "at most 2" in error_of(f, ["music", "sport", "books"]).message
        assert "options shown" in error_of(f, ["dance"]).message
        assert "at least one" in error_of(f, []).message


@pytest.mark.parametrize(
    "text, normal",
    [
        ("212000-0142", "212000-0142"),
        ("2120000142", "212000-0142"),
        ("16 212000-0142", "212000-0142"),
        ("556036-0793", "556036-0793"),
    ],
)
def test_organisation_numbers_are_checksum_validated(text, normal):
    assert field("organisationsnummer").parse(text) == normal


@pytest.mark.parametrize("text", ["212000-0143", "850709-9805", "12345", "abcdef-ghij"])
def test_wrong_organisation_numbers_are_refused(text):
    with translation.override("sv"):
        assert "organisationsnummer" in error_of(field("organisationsnummer"), text).message


@given(st.text(alphabet="0123456789", min_size=9, max_size=9).filter(lambda d: int(d[2]) >= 2))
def test_every_number_with_a_right_check_digit_is_accepted(nine):
    check = next(str(c) for c in range(10) if luhn_ok(nine + str(c)))
    assert normalise_organisationsnummer(nine + check) == f"{nine[:6]}-{nine[6:]}{check}"


@given(st.text(max_size=30))
def test_organisation_number_parsing_never_crashes(text):
    try:
        normalise_organisationsnummer(text)
    except ValueError:
        pass


@pytest.mark.parametrize(
    "text, normal",
    [
        ("070-123 45 67", "+46701234567"),
        ("+46 70 123 45 67", "+46701234567"),
        ("0046 (0)8-508 290 00", "+46850829000"),
        ("+46 (0)70-123 45 67", "+46701234567"),
        ("+46 070 123 45 67", "+46701234567"),
        ("0046 8 508 290 00", "+46850829000"),
        ("08-508 290 00", "+46850829000"),
        ("(08) 508 290 00", "+46850829000"),
        ("+44 (0)20 7946 0000", "+442079460000"),
    ],
)
def test_phone_numbers_become_international(text, normal):
    assert field("phone").parse(text) == normal


def test_email_is_checked_and_its_domain_lower_cased():
    assert field("email").parse("Anna.A@Exempel.SE") == "Anna.A@exempel.se"
    with translation.override("sv"):
        assert "e-postadress" in error_of(field("email"), "anna@").message


def test_an_address_names_the_part_that_is_wrong():
    f = field("address")
    assert f.parse({"street": " Storgatan 1 ", "postcode": "11122", "city": "Demokommun"}) == {
        "street": "Storgatan 1",
        "postcode": "111 22",
        "city": "Demokommun",
    }
    assert error_of(f, {"street": "Storgatan 1", "postcode": "1112", "city": "X"}).part == (
        "postcode"
    )
    assert error_of(f, {"street": "", "postcode": "11122", "city": "X"}).part == "street"
    assert error_of(f, {"street": "", "postcode": "", "city": ""}).part is None  # empty: required


def test_a_location_in_degrees_within_bounds():
    f = field("location", bounds=(59.2, 17.8, 59.5, 18.3))
    assert f.parse({"lat": "59,3293", "lng": "18.0686"}) == {"lat": 59.3293, "lng": 18.0686}
    assert error_of(f, {"lat": "57.7", "lng": "11.97"}).part == "lat"
    assert error_of(f, {"lat": "95", "lng": "18"}).part == "lat"
    assert error_of(f, {"lat": "59.3", "lng": "öst"}).part == "lng"


def test_files_are_counted():
    f = field("file", max_files=2)
    assert f.parse(["a", "b"]) == ["a", "b"]
    with translation.override("en"):
        assert "at most 2" in error_of(f, ["a", "b", "c"]).message
        assert "at least one" in error_of(f, []).message
    assert field("file", required=False).parse([]) is None
