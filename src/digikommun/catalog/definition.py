"""Service definitions on disk: `services/<id>/service.yaml`, `rules.yaml`, `tests/*.yaml`.

`load_definition(folder)` reads and checks everything a published service needs and returns
an immutable ServiceDefinition, or raises DefinitionErrors listing every problem found,
each with file, line and column. The format is documented in docs/service-definitions.md.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from digikommun.common.yamlsrc import Mark, SourceError, key_mark, load_text, mark_of
from digikommun.forms.fields import FIELD_TYPES, Field, Option
from digikommun.rules import Model, ModelError, load_model_text

LANGS = ("sv", "en")
# Facts the platform derives itself; a definition may read them without asking for them.
DERIVED_FACTS = {"applicant_age": "the applicant's age in whole years on the application date"}
PROCESS_STEPS = {"automated_decision", "manual_review", "notify", "close"}
_ID = re.compile(r"[a-z][a-z0-9_]*\Z")
_SERVICE_ID = re.compile(r"[a-z][a-z0-9-]*\Z")
_REGISTER = re.compile(r"[A-ZÅÄÖ]{1,4}\Z")


class DefinitionErrors(Exception):
    def __init__(self, errors: list[SourceError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass(frozen=True)
class Step:
    id: str
    title: dict[str, str]
    intro: dict[str, str]
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class ServiceDefinition:
    id: str
    folder: Path
    title: dict[str, str]
    summary: dict[str, str]
    description: dict[str, str]
    department: dict[str, str]
    decision_body: dict[str, str]
    register: str
    legal_basis: tuple[dict[str, str], ...]
    delegation: dict[str, Any]
    appeal: dict[str, str]
    retention_years: int
    steps: tuple[Step, ...]
    process: tuple[str, ...]
    rules: Model
    files: dict[str, str] = field(repr=False)  # relative path -> text, the published content

    @property
    def content_hash(self) -> str:
        digest = hashlib.sha256()
        for name in sorted(self.files):
            digest.update(name.encode() + b"\0" + self.files[name].encode() + b"\0")
        return digest.hexdigest()

    def fields(self) -> Iterator[Field]:
        for step in self.steps:
            yield from step.fields

    def field(self, field_id: str) -> Field:
        for f in self.fields():
            if f.id == field_id:
                return f
        raise KeyError(field_id)

    @property
    def automated(self) -> bool:
        return "automated_decision" in self.process


class _Reader:
    """Collects errors instead of stopping at the first, so one run shows them all."""

    def __init__(self) -> None:
        self.errors: list[SourceError] = []

    def fail(self, message: str, mark: Mark | None) -> None:
        self.errors.append(SourceError(message, mark))

    def require(self, mapping: Any, key: str, where: Mark | None = None) -> Any:
        if not isinstance(mapping, dict):
            self.fail("expected a mapping (key: value)", mark_of(mapping, where))
            return None
        if key not in mapping:
            self.fail(f"'{key}' is missing", mark_of(mapping, where))
            return None
        return mapping[key]

    def text(self, mapping: Any, key: str, *, required: bool = True) -> dict[str, str]:
        value = self.require(mapping, key) if required else (mapping or {}).get(key)
        if value is None:
            return {}
        if isinstance(value, str):
            self.fail(f"'{key}' needs a text per language: sv and en", mark_of(value))
            return {}
        if not isinstance(value, dict):
            self.fail(f"'{key}' must be a mapping with sv and en", key_mark(mapping, key))
            return {}
        for lang in LANGS:
            if not isinstance(value.get(lang), str) or not value.get(lang).strip():
                self.fail(f"'{key}' has no {lang} text", mark_of(value))
        unknown = set(value) - set(LANGS)
        for lang in sorted(unknown):
            self.fail(
                f"'{key}' has an unknown language '{lang}' (use sv, en)", key_mark(value, lang)
            )
        return {lang: str(value.get(lang, "")) for lang in LANGS}


def _field(r: _Reader, raw: Any, seen: set[str]) -> Field | None:
    if not isinstance(raw, dict):
        r.fail("a field must be a mapping", mark_of(raw))
        return None
    fid, ftype = r.require(raw, "id"), r.require(raw, "type")
    if fid is None or ftype is None:
        return None
    if not _ID.match(str(fid)):
        r.fail(f"field id '{fid}' must be lower_case letters, digits and _", mark_of(fid))
    if fid in seen:
        r.fail(f"field id '{fid}' is used twice", mark_of(fid))
    seen.add(str(fid))
    if ftype not in FIELD_TYPES:
        r.fail(
            f"unknown field type '{ftype}'; known: {', '.join(sorted(FIELD_TYPES))}", mark_of(ftype)
        )
        return None
    options: list[Option] = []
    for opt in raw.get("options") or []:
        if not isinstance(opt, dict) or "value" not in opt:
            r.fail("an option needs a value and a label", mark_of(opt, mark_of(raw)))
            continue
        options.append(Option(str(opt["value"]), r.text(opt, "label")))
    if FIELD_TYPES[ftype].needs_options and not options:
        r.fail(f"a {ftype} field needs options", key_mark(raw, "type"))

    def number(key: str) -> Decimal | None:
        value = raw.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            r.fail(f"'{key}' must be a number", key_mark(raw, key))
            return None
        return Decimal(str(value))

    pattern = raw.get("pattern")
    if pattern is not None:
        try:
            re.compile(str(pattern))
        except re.error as exc:
            r.fail(f"'pattern' is not a valid regular expression: {exc}", key_mark(raw, "pattern"))
            pattern = None
    known = {
        "id",
        "type",
        "label",
        "help",
        "required",
        "min",
        "max",
        "max_length",
        "options",
        "default",
        "pattern",
        "pattern_message",
    }
    for key in sorted(set(raw) - known):
        r.fail(f"unknown key '{key}' in a field", key_mark(raw, key))
    return Field(
        id=str(fid),
        type=str(ftype),
        label=r.text(raw, "label"),
        help=r.text(raw, "help", required=False),
        required=bool(raw.get("required", True)),
        min=number("min"),
        max=number("max"),
        max_length=raw.get("max_length"),
        options=tuple(options),
        default=None if raw.get("default") is None else str(raw.get("default")),
        pattern=None if pattern is None else str(pattern),
        pattern_message=r.text(raw, "pattern_message", required=False),
    )


def read_files(folder: Path) -> dict[str, str]:
    """The texts a definition consists of, by path relative to its folder."""
    files: dict[str, str] = {}
    for name in ("service.yaml", "rules.yaml"):
        if (folder / name).exists():
            files[name] = (folder / name).read_text(encoding="utf-8")
    if (folder / "tests").is_dir():
        for path in sorted((folder / "tests").glob("*.yaml")):
            files[f"tests/{path.name}"] = path.read_text(encoding="utf-8")
    return files


def load_definition(folder: Path) -> ServiceDefinition:
    folder = Path(folder)
    try:
        files = read_files(folder)
    except UnicodeDecodeError as exc:
        raise DefinitionErrors(
            [SourceError(f"not UTF-8 text: {exc}", Mark(folder.name, 1, 1))]
        ) from None
    return parse_definition(files, folder_name=folder.name, folder=folder)


def parse_definition(
    files: dict[str, str], *, folder_name: str, folder: Path | None = None
) -> ServiceDefinition:
    """Check and build a definition from its texts (from disk, or a published version)."""
    r = _Reader()

    def rel(name: str) -> str:
        return f"{folder_name}/{name}"

    if "service.yaml" not in files:
        raise DefinitionErrors([SourceError("service.yaml is missing", Mark(folder_name, 1, 1))])
    try:
        doc = load_text(files["service.yaml"], rel("service.yaml"))
    except SourceError as exc:
        raise DefinitionErrors([exc]) from None

    sid = r.require(doc, "id")
    if sid is not None and not _SERVICE_ID.match(str(sid)):
        r.fail("the service id must be lower-case letters, digits and -", mark_of(sid))
    if sid is not None and str(sid) != folder_name:
        r.fail(f"the service id '{sid}' must equal its folder name '{folder_name}'", mark_of(sid))
    register = r.require(doc, "register")
    if register is not None and not _REGISTER.match(str(register)):
        r.fail("the register prefix is 1–4 capital letters, e.g. SN", mark_of(register))

    steps: list[Step] = []
    seen: set[str] = set()
    raw_steps = r.require(doc, "steps") or []
    if not isinstance(raw_steps, list) or not raw_steps:
        r.fail("'steps' must list at least one step", key_mark(doc, "steps"))
        raw_steps = []
    for raw_step in raw_steps:
        fields = [
            f for f in (_field(r, raw, seen) for raw in (r.require(raw_step, "fields") or [])) if f
        ]
        steps.append(
            Step(
                id=str(r.require(raw_step, "id") or ""),
                title=r.text(raw_step, "title"),
                intro=r.text(raw_step, "intro", required=False),
                fields=tuple(fields),
            )
        )

    process = r.require(doc, "process") or []
    for step_name in process:
        if step_name not in PROCESS_STEPS:
            r.fail(
                f"unknown process step '{step_name}'; known: {', '.join(sorted(PROCESS_STEPS))}",
                mark_of(step_name),
            )

    retention = r.require(doc, "retention") or {}
    years = retention.get("years") if isinstance(retention, dict) else None
    if not isinstance(years, int) or years < 1:
        r.fail(
            "retention needs 'years', a whole number of at least 1",
            mark_of(retention, mark_of(doc)),
        )
        years = 0

    delegation = doc.get("delegation") if isinstance(doc, dict) else None
    if "automated_decision" in process:
        if not isinstance(delegation, dict) or not all(
            k in delegation for k in ("body", "date", "reference")
        ):
            r.fail(
                "an automated decision needs 'delegation' with body, date and reference "
                "(the delegation order that allows it)",
                key_mark(doc, "process"),
            )

    rules_model = None
    if "rules.yaml" in files:
        try:
            rules_model = load_model_text(files["rules.yaml"], rel("rules.yaml"))
        except ModelError as exc:
            r.errors.append(
                SourceError(exc.message, Mark(exc.source, exc.line or 1, exc.column or 1))
            )
    else:
        r.fail("rules.yaml is missing", Mark(folder_name, 1, 1))

    if rules_model is not None:
        provided = seen | set(DERIVED_FACTS)
        for name in rules_model.inputs:
            if name not in provided:
                r.fail(
                    f"the rules read '{name}', which no form field asks for",
                    Mark(rel("rules.yaml"), 1, 1),
                )

    titles = {
        k: r.text(doc, k)
        for k in ("title", "summary", "description", "department", "decision_body", "appeal")
    }
    legal = [
        r.text({"legal_basis": item}, "legal_basis")
        for item in (r.require(doc, "legal_basis") or [])
    ]

    if r.errors:
        raise DefinitionErrors(r.errors)
    return ServiceDefinition(
        id=str(sid),
        folder=folder or Path(folder_name),
        register=str(register),
        legal_basis=tuple(legal),
        delegation=dict(delegation or {}),
        retention_years=years,
        steps=tuple(steps),
        process=tuple(str(p) for p in process),
        rules=rules_model,
        files=files,
        **titles,
    )


def definition_folders(path: Path) -> list[Path]:
    """A single service folder, or every service folder under a services directory."""
    path = Path(path)
    if (path / "service.yaml").exists():
        return [path]
    return sorted(p for p in path.iterdir() if (p / "service.yaml").exists())
