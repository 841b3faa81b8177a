"""Service definitions on disk: `services/<id>/service.yaml`, `rules.yaml`, `tests/*.yaml`.

`load_definition(folder)` reads and checks everything a published service needs and returns
an immutable ServiceDefinition, or raises DefinitionErrors listing every problem found,
each with file, line and column. The format is documented in docs/service-definitions.md.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from digikommun.common.reader import Reader
from digikommun.common.yamlsrc import Mark, SourceError, key_mark, load_text, mark_of
from digikommun.forms.fields import Field
from digikommun.forms.schema import Step, parse_steps
from digikommun.rules import (
    Model,
    ModelError,
    apply_overlay_text,
    load_model_text,
    overlay_sets_parameters,
)

from .algorithm_register import RegisterInfo, parse_register_info
from .decision_facts import StatedFact, parse_decision_facts
from .derived import DerivedFact, parse_derived
from .documents import parse_documents
from .legal import Automation, parse_legal
from .overlay_choices import choices_apply, choices_read
from .period import parse_period
from .presentation import Presentation, parse_presentation
from .retention import Retention, parse_retention

# Facts the platform derives itself; a definition may read them without asking for them.
DERIVED_FACTS = {
    "applicant_age": "the applicant's age in whole years on the application date",
    # From the applicant's earlier decided cases of the same service (cases.history).
    "assistance_months_in_row": "months in an unbroken row, just before the month applied "
    "for, for which the applicant was granted the service",
    "jobbstimulans_months_used": "earlier granted months whose decision left part of the "
    "wages out (the rules' decision earned_income_left_out)",
}
_SERVICE_ID = re.compile(r"[a-z][a-z0-9-]*\Z")
_REGISTER = re.compile(r"[A-ZÅÄÖ]{1,4}\Z")


_OVERLAID: dict[tuple[str, tuple[str, ...]], Model] = {}
# Parsers of the sections that belong to apps above the catalog ("process", "fault_reporting"):
# each app registers its parser in its AppConfig.ready, so the catalog imports none of them.
_SECTION_PARSERS: dict[str, Callable[..., Any]] = {}


def section_parser_register(name: str, parser: Callable[..., Any]) -> None:
    _SECTION_PARSERS[name] = parser


def _section_parser(name: str) -> Callable[..., Any]:
    try:
        return _SECTION_PARSERS[name]
    except KeyError:
        raise RuntimeError(
            f"no parser for the '{name}' section: is the app that owns it installed?"
        ) from None


class DefinitionErrors(Exception):
    def __init__(self, errors: list[SourceError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


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
    appeal: dict[str, str]
    retention: Retention
    steps: tuple[Step, ...]
    process: Any  # digikommun.process.schema.ProcessConfig, parsed by the process app
    rules: Model | None  # None for a service without an automated decision (fault reports)
    files: dict[str, str] = field(repr=False)  # relative path -> text, the published content
    presentation: Presentation = field(default_factory=Presentation)
    derived_facts: tuple[DerivedFact, ...] = ()
    appealable: bool = True
    # A location-based fault-reporting service (digikommun.open311.schema), else None.
    fault_reporting: Any = None
    # The law that lets a machine decide, and the delegation order (catalog.legal).
    automation: Automation = field(default_factory=Automation)
    # What the decision states besides outcome and amount (catalog.decision_facts).
    decision_facts: tuple[StatedFact, ...] = ()
    # The month field naming the period an application covers (`period: {field: month}`).
    period_field: str | None = None
    # The documents the application needs (catalog.documents), each also a file field.
    documents: tuple[Any, ...] = ()
    # Who must confirm an application before it is handled (digikommun.cosigning.schema).
    cosigning: Any = None
    # What the public register of automated decision models says (catalog.algorithm_register).
    algorithm_register: RegisterInfo = field(default_factory=RegisterInfo)
    # A caseworker's time for one case decided by hand, for the benefit figures (hours saved
    # = this × the cases the rules decided); None when not given.
    manual_minutes_per_case: int | None = None
    # The pool a granted case borrows from (digikommun.lending.schema).
    lending: Any = None

    @property
    def content_hash(self) -> str:
        digest = hashlib.sha256()
        for name in sorted(self.files):
            digest.update(name.encode() + b"\0" + self.files[name].encode() + b"\0")
        return digest.hexdigest()

    @property
    def overlay_names(self) -> tuple[str, ...]:
        """The overlays this definition carries (overlays/<name>.yaml)."""
        return tuple(
            sorted(
                name.removeprefix("overlays/").removesuffix(".yaml")
                for name in self.files
                if name.startswith("overlays/")
            )
        )

    def rules_with(self, overlays: tuple[str, ...] | list[str] = ()) -> Model | None:
        """The rules with the named overlays laid on, in order; names it does not carry are
        skipped (a deployment names its overlays once, for every service)."""
        names = tuple(n for n in overlays if n in self.overlay_names)
        if self.rules is None or not names:
            return self.rules
        key = (self.content_hash, names)
        model = _OVERLAID.get(key)
        if model is None:
            model = self.rules
            for name in names:
                source = f"{self.id}/overlays/{name}.yaml"
                model = apply_overlay_text(model, self.files[f"overlays/{name}.yaml"], source)
            if len(_OVERLAID) > 64:
                _OVERLAID.clear()
            _OVERLAID[key] = model
        return model

    def fields(self) -> Iterator[Field]:
        for step in self.steps:
            yield from step.fields

    def field(self, field_id: str) -> Field:
        for f in self.fields():
            if f.id == field_id:
                return f
        raise KeyError(field_id)

    def step_of(self, field_id: str) -> int:
        """The index of the step that asks for a (top-level) field."""
        for index, step in enumerate(self.steps):
            if any(f.id == field_id for f in step.fields):
                return index
        raise KeyError(field_id)

    @property
    def automated(self) -> bool:
        return self.process.automated

    @property
    def delegation(self) -> dict[str, Any]:
        """The delegation order for automated decisions as a mapping ({} when none)."""
        delegation = self.automation.delegation
        return delegation.as_dict() if delegation is not None else {}


def read_files(folder: Path) -> dict[str, str]:
    """The texts a definition consists of, by path relative to its folder."""
    files: dict[str, str] = {}
    for name in ("service.yaml", "rules.yaml"):
        if (folder / name).exists():
            files[name] = (folder / name).read_text(encoding="utf-8")
    # A service's own letter templates (letters/decision.html overrides the platform's).
    if (folder / "letters").is_dir():
        for path in sorted((folder / "letters").glob("*.html")):
            files[f"letters/{path.name}"] = path.read_text(encoding="utf-8")
    # Geometry a service names (a fault-reporting service's boundary and districts).
    if (folder / "geo").is_dir():
        for path in sorted((folder / "geo").glob("*.geojson")):
            files[f"geo/{path.name}"] = path.read_text(encoding="utf-8")
    # Overlays: a deployment's own parameter values (docs/overlays.md).
    if (folder / "overlays").is_dir():
        for path in sorted((folder / "overlays").glob("*.yaml")):
            files[f"overlays/{path.name}"] = path.read_text(encoding="utf-8")
    if (folder / "tests").is_dir():
        for path in sorted((folder / "tests").glob("*.yaml")):
            files[f"tests/{path.name}"] = path.read_text(encoding="utf-8")
    return files


def load_definition(folder: Path, *, overlays: tuple[str, ...] = ()) -> ServiceDefinition:
    folder = Path(folder)
    try:
        files = read_files(folder)
    except UnicodeDecodeError as exc:
        raise DefinitionErrors(
            [SourceError(f"not UTF-8 text: {exc}", Mark(folder.name, 1, 1))]
        ) from None
    return parse_definition(files, folder_name=folder.name, folder=folder, overlays=overlays)


def parse_definition(
    files: dict[str, str],
    *,
    folder_name: str,
    folder: Path | None = None,
    overlays: tuple[str, ...] | list[str] = (),
) -> ServiceDefinition:
    """Check and build a definition from its texts (from disk, or a published version).

    `overlays` names the overlays whose `definition:` choices (title, texts, delegation,
    contact) are laid on, in order; names the definition does not carry are skipped. Every
    overlay it carries is checked, applied or not (docs/overlays.md)."""
    r = Reader()

    def rel(name: str) -> str:
        return f"{folder_name}/{name}"

    if "service.yaml" not in files:
        raise DefinitionErrors([SourceError("service.yaml is missing", Mark(folder_name, 1, 1))])
    try:
        doc = load_text(files["service.yaml"], rel("service.yaml"))
    except SourceError as exc:
        raise DefinitionErrors([exc]) from None

    # The municipality's own choices for the definition (overlays/<name>.yaml, `definition:`).
    choices: dict[str, dict[str, Any]] = {}
    for name in sorted(files):
        if name.startswith("overlays/"):
            section = choices_read(r, files[name], rel(name))
            if section is not None:
                choices[name.removeprefix("overlays/").removesuffix(".yaml")] = section
    base_doc = doc
    for name in overlays:
        if name in choices:
            doc = choices_apply(doc, choices[name])

    sid = r.require(doc, "id")
    if sid is not None and not _SERVICE_ID.match(str(sid)):
        r.fail("the service id must be lower-case letters, digits and -", mark_of(sid))
    if sid is not None and str(sid) != folder_name:
        r.fail(f"the service id '{sid}' must equal its folder name '{folder_name}'", mark_of(sid))
    register = r.require(doc, "register")
    if register is not None and not _REGISTER.match(str(register)):
        r.fail("the register prefix is 1–4 capital letters, e.g. SN", mark_of(register))

    fault_reporting = None
    if isinstance(doc, dict) and "fault_reporting" in doc:
        # A fault-reporting service: its form is made from its categories and their questions.
        fault_reporting = _section_parser("fault_reporting")(r, doc, files, source=rel)
        steps, seen = fault_reporting.steps, fault_reporting.field_ids
    else:
        steps, seen = parse_steps(r, doc)
    steps, documents = parse_documents(r, doc, steps, seen)
    cosigning = _section_parser("cosigning")(r, doc, steps)
    derived = parse_derived(r, doc, steps)
    period_field = parse_period(r, doc, steps)
    presentation = parse_presentation(r, doc)

    process = _section_parser("process")(r, doc)
    lending = _section_parser("lending")(r, doc, provided_facts(seen, derived))

    retention = parse_retention(r, doc)

    rules_model = None
    if "rules.yaml" in files:
        try:
            rules_model = load_model_text(files["rules.yaml"], rel("rules.yaml"))
        except ModelError as exc:
            r.errors.append(
                SourceError(exc.message, Mark(exc.source, exc.line or 1, exc.column or 1))
            )
    elif process.automated:
        # A service whose process has no automated decision needs no decision model.
        r.fail("rules.yaml is missing", Mark(folder_name, 1, 1))

    for name in sorted(files):
        if not name.startswith("overlays/"):
            continue
        try:
            if rules_model is not None:
                apply_overlay_text(rules_model, files[name], rel(name))
            elif overlay_sets_parameters(files[name], rel(name)):
                r.fail(
                    "an overlay's parameters need the service's rules.yaml", Mark(rel(name), 1, 1)
                )
        except ModelError as exc:
            r.errors.append(
                SourceError(exc.message, Mark(exc.source, exc.line or 1, exc.column or 1))
            )

    if rules_model is not None:
        provided = seen | set(DERIVED_FACTS) | {d.name for d in derived}
        for name in rules_model.inputs:
            if name not in provided:
                r.fail(
                    f"the rules read '{name}', which no form field asks for "
                    "and no derived fact gives",
                    Mark(rel("rules.yaml"), 1, 1),
                )

    decision_facts = parse_decision_facts(r, doc)
    for item in decision_facts:
        if item.kind in ("fact", "payment") and item.name not in provided_facts(seen, derived):
            r.fail(
                f"the decision fact reads '{item.name}', which no form field asks for",
                key_mark(doc, "decision_facts"),
            )

    titles = {
        k: r.text(doc, k)
        for k in ("title", "summary", "description", "department", "decision_body", "appeal")
    }
    legal, automation = parse_legal(r, doc, automated=process.automated)
    algorithm_register = parse_register_info(r, doc)
    # An overlay not laid on now is still checked, each on its own, so a bad value in it is
    # found before a deployment names it.
    for name, section in choices.items():
        if name not in overlays:
            _choices_check(r, choices_apply(base_doc, section), automated=process.automated)
    # Whether the decision can be appealed (förvaltningslagen 33 §); the appeal text says how,
    # or, when false, why not and what the person can do instead.
    appealable = doc.get("appealable", True) if isinstance(doc, dict) else True
    if not isinstance(appealable, bool):
        r.fail("'appealable' must be true or false", key_mark(doc, "appealable"))
        appealable = True

    manual_minutes = doc.get("manual_minutes_per_case") if isinstance(doc, dict) else None
    if manual_minutes is not None and (
        isinstance(manual_minutes, bool)
        or not isinstance(manual_minutes, int)
        or manual_minutes < 0
    ):
        r.fail(
            "'manual_minutes_per_case' must be a whole number of minutes, 0 or more",
            key_mark(doc, "manual_minutes_per_case"),
        )
        manual_minutes = None

    if r.errors:
        raise DefinitionErrors(r.errors)
    return ServiceDefinition(
        manual_minutes_per_case=manual_minutes,
        id=str(sid),
        folder=folder or Path(folder_name),
        register=str(register),
        legal_basis=tuple(legal),
        retention=retention,
        steps=tuple(steps),
        process=process,
        rules=rules_model,
        files=files,
        presentation=presentation,
        derived_facts=derived,
        appealable=appealable,
        fault_reporting=fault_reporting,
        automation=automation,
        decision_facts=decision_facts,
        period_field=period_field,
        documents=documents,
        cosigning=cosigning,
        algorithm_register=algorithm_register,
        lending=lending,
        **titles,
    )


def _choices_check(r: Reader, doc: Any, *, automated: bool) -> None:
    """Check the definition's overlaid keys; report only problems in the overlay's values
    (the shared file's own are reported by the main parse)."""
    check = Reader()
    for key in ("title", "summary", "description", "department", "decision_body"):
        check.text(doc, key)
    parse_legal(check, doc, automated=automated)
    parse_register_info(check, doc)
    mark = mark_of(doc)
    source = mark.source if mark is not None else None
    r.errors.extend(e for e in check.errors if e.source != source)


def provided_facts(seen: set[str], derived: tuple[DerivedFact, ...]) -> set[str]:
    return seen | set(DERIVED_FACTS) | {d.name for d in derived}


def definition_folders(path: Path) -> list[Path]:
    """A single service folder, or every service folder under a services directory."""
    path = Path(path)
    if (path / "service.yaml").exists():
        return [path]
    return sorted(p for p in path.iterdir() if (p / "service.yaml").exists())
