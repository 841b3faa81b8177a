"""What a generated form step needs in its template: each field with its value, its error,
its hint texts tied to it, and (for fields shown by a condition on the same page) the
condition for conditions.js and a sentence saying when to answer, for when JavaScript is off.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from digikommun.catalog.definition import ServiceDefinition
from digikommun.files.selectors import files_by_key
from digikommun.files.services import kinds_text, size_text
from digikommun.files.sniff import accept_attribute
from digikommun.forms.answers import form_state, html_id, row_visibility
from digikommun.forms.display import condition_hint, item_label, tr
from digikommun.forms.fields import Field
from digikommun.registers.selectors import field_notes

from .models import Draft

DEFAULT_CENTER = (59.3293, 18.0686)


def lang() -> str:
    return (get_language() or "sv")[:2]


@dataclass
class BoundRow:
    index: int
    label: str
    fields: list[BoundField]
    remove_action: str


@dataclass
class BoundField:
    field: Field
    path: str
    value: Any
    error: str | None = None
    error_key: str | None = None
    show_if: str | None = None  # JSON for conditions.js
    scope: str = ""  # the row a sub-field belongs to, e.g. "children.0"
    initially_hidden: bool = False
    condition_text: str = ""
    rows: list[BoundRow] = field(default_factory=list)
    files: list[Any] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    source_note: str = ""  # "From the population register" (digikommun.registers)

    @property
    def kind(self):
        return self.field.kind

    @property
    def widget(self) -> str:
        return f"portal/widgets/{self.kind.widget}.html"

    @property
    def name(self) -> str:
        return self.path

    @property
    def html_id(self) -> str:
        return html_id(self.path)

    @property
    def label(self) -> str:
        return tr(self.field.label, lang())

    @property
    def help(self) -> str:
        return tr(self.field.help, lang())

    @property
    def input_mode(self) -> str | None:
        return self.kind.input_mode

    @property
    def input_type(self) -> str:
        return self.kind.input_type

    @property
    def autocomplete(self) -> str:
        return self.field.autocomplete or self.kind.autocomplete or "off"

    @property
    def format_hint(self) -> str:
        """A hint the type itself gives (the format of a date, the files allowed)."""
        if self.field.type == "date":
            return _("Write it as year-month-day, for example 2026-03-14.")
        if self.field.type == "file":
            return _("%(kinds)s, at most %(size)s per file, at most %(n)d files.") % {
                "kinds": kinds_text(self.field.accept),
                "size": size_text(self.field.max_size_mb * 1024 * 1024),
                "n": self.field.max_files,
            }
        if self.field.type == "organisationsnummer":
            return _("Ten digits, for example 212000-0142.")
        return ""

    @property
    def hint_ids(self) -> list[str]:
        ids = []
        if self.condition_text:
            ids.append(f"{self.html_id}-condition")
        if self.help:
            ids.append(f"{self.html_id}-hint")
        if self.format_hint:
            ids.append(f"{self.html_id}-format")
        if self.source_note:
            ids.append(f"{self.html_id}-source")
        return ids

    @property
    def described_by(self) -> str:
        ids = list(self.hint_ids)
        if self.error or self.refusals:
            ids.append(f"{self.html_id}-error")
        return " ".join(ids)

    @property
    def error_anchor(self) -> str:
        if self.error_key and self.error_key != self.path:
            return html_id(self.error_key)
        if self.kind.parts:
            return html_id(f"{self.path}.{self.kind.parts[0]}")
        return self.html_id

    def part(self, name: str) -> str:
        return str(self.value.get(name, "")) if isinstance(self.value, dict) else ""

    def part_error(self, name: str) -> bool:
        return self.error_key == f"{self.path}.{name}" or (
            self.error is not None and self.error_key == self.path
        )

    @property
    def parts(self) -> list[dict[str, Any]]:
        labels = {
            "street": (_("Street address"), "street-address", "text", None),
            "postcode": (_("Postcode"), "postal-code", "text", "numeric"),
            "city": (_("City"), "address-level2", "text", None),
            "lat": (_("Latitude"), "off", "text", "decimal"),
            "lng": (_("Longitude"), "off", "text", "decimal"),
        }
        return [
            {
                "name": f"{self.path}.{p}",
                "id": html_id(f"{self.path}.{p}"),
                "label": labels[p][0],
                "autocomplete": labels[p][1],
                "type": labels[p][2],
                "inputmode": labels[p][3],
                "value": self.part(p),
                "invalid": self.part_error(p),
                "narrow": p in ("postcode", "lat", "lng"),
            }
            for p in self.kind.parts
        ]

    @property
    def choices(self) -> list[dict[str, Any]]:
        if self.field.type == "boolean":
            options = [("yes", _("Yes")), ("no", _("No"))]
        else:
            options = [(o.value, tr(o.label, lang())) for o in self.field.options]
        chosen = self.value if isinstance(self.value, list) else [self.value]
        return [
            {
                "value": value,
                "label": label,
                "id": self.html_id if i == 0 else f"{self.html_id}-{i + 1}",
                "checked": value in chosen,
            }
            for i, (value, label) in enumerate(options)
        ]

    @property
    def month_choices(self) -> list[dict[str, Any]]:
        """The months one may choose; an earlier answer outside them is kept as a choice.
        Unanswered, the current month is chosen (most apply for the month they are in)."""
        from digikommun.forms.clock import today
        from digikommun.forms.months import choices, month_name

        found = choices(self.field)
        value = str(self.value or "") or today().strftime("%Y-%m")
        if value and value not in {v for v, _label in found}:
            found.append((value, month_name(value)))
        return [{"value": v, "label": label, "checked": v == value} for v, label in found]

    @property
    def accept(self) -> str:
        return accept_attribute(self.field.accept)

    @property
    def map_options(self) -> str:
        f = self.field
        center = f.center or getattr(settings, "PORTAL_MAP_CENTER", DEFAULT_CENTER)
        return json.dumps(
            {
                "center": list(center),
                "zoom": f.zoom,
                "bounds": list(f.bounds) if f.bounds else None,
                "tiles": getattr(settings, "PORTAL_MAP_TILE_URL", OSM_TILES),
                "attribution": getattr(settings, "PORTAL_MAP_ATTRIBUTION", OSM_ATTRIBUTION),
                "lat": html_id(f"{self.path}.lat"),
                "lng": html_id(f"{self.path}.lng"),
                "label": _("Map: click to choose the place. You can also type the coordinates."),
            }
        )

    @property
    def add_label(self) -> str:
        return tr(self.field.add_label, lang()) or _("Add")

    @property
    def can_add(self) -> bool:
        return len(self.rows) < self.field.max_items


OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = "© OpenStreetMap"


def _error_for(
    path: str, errors: Mapping[str, str], composite: bool
) -> tuple[str | None, str | None]:
    if path in errors:
        return errors[path], path
    if composite:
        for key, message in errors.items():
            if key.startswith(path + ".") and key.count(".") == path.count(".") + 1:
                return message, key
    return None, None


def _bind(f: Field, path: str, raw: Any, errors: Mapping[str, str]) -> BoundField:
    error, key = _error_for(path, errors, bool(f.kind.parts))
    return BoundField(field=f, path=path, value=raw, error=error, error_key=key)


def _dynamic(bf: BoundField, cond, fields: Mapping[str, Field], shown: bool, scope: str = ""):
    bf.show_if = json.dumps(cond.as_json())
    bf.scope = scope
    bf.initially_hidden = not shown
    bf.condition_text = condition_hint(cond, fields, lang())


def step_context(
    *,
    definition: ServiceDefinition,
    draft: Draft,
    number: int,
    errors: Mapping[str, str],
    refusals: Mapping[str, list[str]] | None = None,
) -> dict[str, Any]:
    index = number - 1
    step = definition.steps[index]
    state = form_state(definition.steps, draft.raw)
    here = {f.id for f in step.fields}
    everything = {f.id: f for f in definition.fields()}
    known: dict[str, Any] = {}
    bound: list[BoundField] = []
    for f in step.fields:
        cond = f.show_if
        dynamic = cond is not None and bool(cond.fields() & here)
        if cond is not None and not dynamic and not state.visible[f.id]:
            continue  # hidden by answers on earlier steps: not asked at all
        default = f.default if f.default is not None and not f.kind.parts else ""
        raw = draft.raw.get(f.id, default if f.type not in ("group", "file") else [])
        bf = _bind(f, f.id, raw, errors)
        if dynamic:
            _dynamic(bf, cond, everything, state.visible[f.id])
            known.update({n: state.context.get(n) for n in cond.fields() - here})
        if f.type == "file":
            found = files_by_key(keys=raw or [])
            bf.files = [found[k] for k in raw or [] if k in found]
            bf.refusals = list((refusals or {}).get(f.id, []))
        if f.type == "group":
            bf.rows = _rows(f, raw, errors, state, here, everything, known)
        bound.append(bf)
    notes = field_notes(draft_key=draft.key, raw=draft.raw)
    for bf in bound:
        bf.source_note = notes.get(bf.field.id, "")
    summary = _summary(bound)
    return {
        "service": definition,
        "draft": draft,
        "step": step,
        "number": number,
        "total": len(definition.steps),
        "fields": bound,
        "errors": summary,
        "known_json": json.dumps(known),
        "version": draft.updated_at.isoformat() if draft.updated_at else "",
        "has_files": any(bf.field.type == "file" for bf in bound),
        "has_map": any(bf.field.type == "location" for bf in bound),
        "has_conditions": any(bf.show_if for bf in bound)
        or any(s.show_if for bf in bound for row in bf.rows for s in row.fields),
    }


def _rows(f, raw, errors, state, here, everything, known) -> list[BoundRow]:
    rows: list[BoundRow] = []
    for i, row in enumerate(raw if isinstance(raw, list) else []):
        row = row if isinstance(row, dict) else {}
        shown = row_visibility(f, row, state.lookup)
        siblings = {s.id for s in f.fields}
        subs: list[BoundField] = []
        for s in f.fields:
            cond = s.show_if
            dynamic = cond is not None and bool(cond.fields() & (siblings | here))
            if cond is not None and not dynamic and not shown[s.id]:
                continue
            default = s.default if s.default is not None and not s.kind.parts else ""
            bf = _bind(s, f"{f.id}.{i}.{s.id}", row.get(s.id, default), errors)
            if dynamic:
                fields = {**everything, **{x.id: x for x in f.fields}}
                _dynamic(bf, cond, fields, shown[s.id], scope=f"{f.id}.{i}")
                known.update({n: state.context.get(n) for n in cond.fields() - siblings - here})
            subs.append(bf)
        rows.append(BoundRow(i, item_label(f, i + 1, lang()), subs, f"remove:{f.id}:{i}"))
    return rows


def _summary(bound: list[BoundField]) -> list[dict[str, str]]:
    """The error summary: every message, in the order of the page, linked to its input."""
    items: list[dict[str, str]] = []
    for bf in bound:
        if bf.error:
            items.append({"href": bf.error_anchor, "label": bf.label, "message": bf.error})
        for message in bf.refusals:
            items.append({"href": bf.html_id, "label": bf.label, "message": message})
        for row in bf.rows:
            for sub in row.fields:
                if sub.error:
                    items.append(
                        {
                            "href": sub.error_anchor,
                            "label": f"{row.label}: {sub.label}",
                            "message": sub.error,
                        }
                    )
    return items
