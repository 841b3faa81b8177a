"""The registry of field types: name -> FieldType (how it parses, reads and renders)."""

from __future__ import annotations

from . import composite, months, parsers, vehicles
from .fields import FieldType

FIELD_TYPES: dict[str, FieldType] = {
    t.name: t for t in [*parsers.TYPES, *months.TYPES, *composite.TYPES, *vehicles.TYPES]
}
