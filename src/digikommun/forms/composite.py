"""Field types made of several inputs or values: address, location, file, repeating group.

- address: street, postcode and city; the postcode is five digits, written "123 45".
- location: a latitude and a longitude (picked on a map when JavaScript runs, typed
  otherwise), optionally inside the bounds the definition gives.
- file: the ids of uploaded files (digikommun.files keeps the files and judges their
  content); this module checks only how many there are.
- group: rows of sub-fields (household members, incomes); validated row by row in
  forms.answers, which knows about conditions.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from .fields import Field, FieldError, FieldType, list_empty, parts_empty, read_list, read_parts


def parse_address(f: Field, raw: Any) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise FieldError(_("Fill in the street address, postcode and city."), "street")
    street = str(raw.get("street") or "").strip()
    postcode = re.sub(r"\s", "", str(raw.get("postcode") or ""))
    city = str(raw.get("city") or "").strip()
    if not street:
        raise FieldError(_("Fill in the street address."), "street")
    if len(street) > 200:
        raise FieldError(_("Write the street address in at most 200 characters."), "street")
    if not re.fullmatch(r"[1-9]\d{4}", postcode):
        raise FieldError(_("Enter the postcode as five digits, for example 123 45."), "postcode")
    if not city:
        raise FieldError(_("Fill in the city."), "city")
    if len(city) > 100:
        raise FieldError(_("Write the city in at most 100 characters."), "city")
    return {"street": street, "postcode": f"{postcode[:3]} {postcode[3:]}", "city": city}


def _coordinate(text: Any, low: int, high: int, part: str) -> Decimal:
    cleaned = str(text or "").strip().replace(",", ".").replace("\u00a0", "").replace(" ", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or not low <= value <= high:
        if part == "lat":
            message = _("Enter the latitude as a number of degrees, for example 59.3293.")
        else:
            message = _("Enter the longitude as a number of degrees, for example 18.0686.")
        raise FieldError(message, part)
    return value.quantize(Decimal("0.000001"))


def parse_location(f: Field, raw: Any) -> dict[str, float]:
    if not isinstance(raw, dict):
        raise FieldError(_("Choose a place on the map or enter its coordinates."), "lat")
    lat = _coordinate(raw.get("lat"), -90, 90, "lat")
    lng = _coordinate(raw.get("lng"), -180, 180, "lng")
    if f.bounds is not None:
        south, west, north, east = (Decimal(str(b)) for b in f.bounds)
        if not (south <= lat <= north and west <= lng <= east):
            raise FieldError(_("The place must be within the municipality."), "lat")
    return {"lat": float(lat), "lng": float(lng)}


def parse_files(f: Field, raw: Any) -> list[str]:
    ids = [str(v) for v in (raw if isinstance(raw, list) else [raw]) if v]
    if len(ids) > f.max_files:
        raise FieldError(_("Attach at most %(n)d files.") % {"n": f.max_files})
    return ids


def parse_group(f: Field, raw: Any) -> list[dict[str, Any]]:
    """A group's rows without conditions in context; forms.answers is the full check."""
    from .answers import validate_group

    values, errors = validate_group(f, raw, context={}, path=f.id)
    if errors:
        raise FieldError(next(iter(errors.values())))
    return values


def read_group(f: Field, data: Any, name: str) -> list[dict[str, Any]]:
    given = data.get(name)
    if isinstance(given, list):  # plain data: a list of mappings, one per row
        rows = [r if isinstance(r, dict) else {} for r in given]
        return [{sub.id: sub.kind.read(sub, row, sub.id) for sub in f.fields} for row in rows]
    try:
        count = int(data.get(f"{name}.rows", 0) or 0)
    except (TypeError, ValueError):
        count = 0
    count = max(0, min(count, f.max_items))
    return [
        {sub.id: sub.kind.read(sub, data, f"{name}.{i}.{sub.id}") for sub in f.fields}
        for i in range(count)
    ]


def group_empty(raw: Any) -> bool:
    return not raw


TYPES = [
    FieldType(
        "address",
        parse_address,
        "address",
        is_empty=parts_empty,
        read=read_parts("street", "postcode", "city"),
        empty_message=lambda: _("Fill in the street address, postcode and city."),
        parts=("street", "postcode", "city"),
    ),
    FieldType(
        "location",
        parse_location,
        "location",
        is_empty=parts_empty,
        read=read_parts("lat", "lng"),
        empty_message=lambda: _("Choose a place on the map or enter its coordinates."),
        parts=("lat", "lng"),
    ),
    FieldType(
        "file",
        parse_files,
        "file",
        is_empty=list_empty,
        read=read_list,
        empty_message=lambda: _("Attach at least one file."),
    ),
    FieldType(
        "group",
        parse_group,
        "group",
        is_empty=group_empty,
        read=read_group,
        empty_message=lambda: _("Add at least one."),
    ),
]
