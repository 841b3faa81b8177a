"""Field types of a service definition's form, and how each parses what a person typed.

Every type turns the submitted answer into a typed value (the fact the rules read) or raises
FieldError with a translated message. The raw answer is kept by the caller either way, so
nothing a person typed is lost when it is refused.

A raw answer is what the form sends, kept as JSON in the draft: a string for most types, a
list of strings for multiple choice and files, a mapping of parts for an address or a
location, and a list of such mappings (one per row) for a repeating group.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from .conditions import Condition


class FieldError(ValueError):
    """A refused answer. `part` names the input of a composite field the message is about."""

    def __init__(self, message: str, part: str | None = None):
        self.message = message
        self.part = part
        super().__init__(message)


@dataclass(frozen=True)
class Option:
    value: str
    label: dict[str, str]


@dataclass(frozen=True)
class Prefill:
    """`prefill: {register: population, fact: children}`: the answer is looked up in a register
    (digikommun.registers) and shown as such; `key` names the earlier field whose answer is
    looked up (a registration number) when the applicant's personnummer is not the key."""

    register: str
    fact: str
    key: str | None = None


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
    pattern: str | None = None  # a regular expression the whole (trimmed) text must match
    pattern_message: dict[str, str] = field(default_factory=dict)
    show_if: Condition | None = None
    # date: the earliest and latest date allowed, an ISO date or "today"
    earliest: str | None = None
    latest: str | None = None
    # month: how many months before and after the current one may be chosen
    earliest_months: int | None = None
    latest_months: int | None = None
    # multi_choice: at most this many options
    max_choices: int | None = None
    # file: kinds judged by content (see digikommun.files.sniff), size per file, count
    accept: tuple[str, ...] = ("pdf", "jpeg", "png")
    max_size_mb: int = 10
    max_files: int = 5
    # location: the map's starting point and the area a place must lie in
    center: tuple[float, float] | None = None
    zoom: int = 13
    bounds: tuple[float, float, float, float] | None = None  # south, west, north, east
    # group (repeating): the fields of one row, and how many rows
    fields: tuple[Field, ...] = ()
    min_items: int = 0
    max_items: int = 10
    item_label: dict[str, str] = field(default_factory=dict)  # "{n}" is the row number
    add_label: dict[str, str] = field(default_factory=dict)
    autocomplete: str | None = None  # the HTML autocomplete token (WCAG 1.3.5)
    prefill: Prefill | None = None  # looked up in a register (docs/registers.md)

    @property
    def kind(self) -> FieldType:
        from .types import FIELD_TYPES

        return FIELD_TYPES[self.type]

    def is_empty(self, raw: Any) -> bool:
        return self.kind.is_empty(raw)

    def parse(self, raw: Any) -> Any:
        """The typed value of a raw answer, None when it is empty and optional."""
        kind = self.kind
        if kind.is_empty(raw):
            if self.required:
                raise FieldError(kind.empty_message())
            return None
        value = raw.strip() if isinstance(raw, str) else raw
        return kind.parse(self, value)

    def option_values(self) -> list[str]:
        return [o.value for o in self.options]

    def option_label(self, value: str, lang: str) -> str:
        for o in self.options:
            if o.value == value:
                return o.label.get(lang) or o.label.get("sv") or value
        return value


def text_empty(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() == "") or raw == []


def parts_empty(raw: Any) -> bool:
    if not isinstance(raw, dict):
        return text_empty(raw)
    return all(str(v or "").strip() == "" for v in raw.values())


def list_empty(raw: Any) -> bool:
    if isinstance(raw, list):
        return not any(str(v).strip() for v in raw if v is not None)
    return text_empty(raw)


def read_text(f: Field, data: Any, name: str) -> Any:
    return data.get(name, "")


def read_list(f: Field, data: Any, name: str) -> list[str]:
    if hasattr(data, "getlist"):
        return [v for v in data.getlist(name) if v != ""]
    value = data.get(name)
    if value is None or value == "":
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


def read_parts(*parts: str) -> Callable[[Field, Any, str], dict[str, str]]:
    def read(f: Field, data: Any, name: str) -> dict[str, str]:
        whole = data.get(name)
        if isinstance(whole, dict):  # a plain mapping (example cases, tests)
            return {p: str(whole.get(p) or "") for p in parts}
        return {p: data.get(f"{name}.{p}", "") for p in parts}

    return read


@dataclass(frozen=True)
class FieldType:
    name: str
    parse: Callable[[Field, Any], Any]
    widget: str  # template name under portal/widgets/
    input_mode: str | None = None  # the inputmode attribute that brings up the right keyboard
    input_type: str = "text"
    autocomplete: str | None = None
    needs_options: bool = False
    numeric: bool = False
    is_empty: Callable[[Any], bool] = text_empty
    read: Callable[[Field, Any, str], Any] = read_text
    empty_message: Callable[[], str] = lambda: _("Fill in this field.")
    parts: tuple[str, ...] = ()  # the inputs of a composite field


def __getattr__(name: str) -> Any:
    # The registry lives in forms.types, which imports the parser modules, which import this
    # one; it stays importable from here as it always was.
    if name == "FIELD_TYPES":
        from .types import FIELD_TYPES

        return FIELD_TYPES
    raise AttributeError(name)
