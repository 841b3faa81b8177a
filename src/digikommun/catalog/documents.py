"""The `documents` section of a service definition: the documents an application needs.

    documents:
      - id: rent_notice
        label: {sv: Hyresavi, en: Rent notice}
        help: {sv: …, en: …}
        required: false          # default true
        step: economy            # the step that asks for it (default: a step "documents" at
                                 # the end of the form, titled Underlag / Documents)
        show_if: {field: income, greater_than: 0}   # optional, as for any field
        accept: [pdf, jpeg, png] # optional, max_files and max_size_mb too, as for a file field

Each document becomes a `file` field of the form (digikommun.forms, kept by digikommun.files),
so uploads are judged by content and reach the case like any other attachment. A caseworker's
request for completion can name the same documents (ServiceDefinition.documents).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from digikommun.common.reader import Reader
from digikommun.common.yamlsrc import key_mark, mark_of
from digikommun.forms.schema import Step, _Scope, parse_field

DOCUMENT_KEYS = {"id", "label", "help", "required", "step", "show_if"}
FILE_KEYS = {"accept", "max_files", "max_size_mb"}
DEFAULT_STEP = {
    "id": "documents",
    "title": {"sv": "Underlag", "en": "Documents"},
    "intro": {
        "sv": "Bifoga underlagen här. Du kan fotografera dem med mobilen.",
        "en": "Attach the documents here. You can take photos of them with your phone.",
    },
}


@dataclass(frozen=True)
class Document:
    id: str
    label: dict[str, str]
    help: dict[str, str]
    required: bool
    step: str


def parse_documents(
    r: Reader, doc: Any, steps: tuple[Step, ...], seen: set[str]
) -> tuple[tuple[Step, ...], tuple[Document, ...]]:
    """The steps with each document asked as a file field, and the documents themselves."""
    raw_docs = doc.get("documents") if isinstance(doc, dict) else None
    if raw_docs is None:
        return steps, ()
    if not isinstance(raw_docs, list):
        r.fail("'documents' must be a list of documents", key_mark(doc, "documents"))
        return steps, ()
    by_step: dict[str, list] = {}
    documents: list[Document] = []
    step_ids = [s.id for s in steps]
    for raw in raw_docs:
        if not isinstance(raw, dict):
            r.fail("a document must be a mapping with id and label", mark_of(raw))
            continue
        for key in sorted(set(raw) - DOCUMENT_KEYS - FILE_KEYS):
            r.fail(f"unknown key '{key}' in a document", key_mark(raw, key))
        step_id = str(raw.get("step") or DEFAULT_STEP["id"])
        if "step" in raw and step_id not in step_ids:
            r.fail(
                f"the document's step '{step_id}' is not a step of the form", key_mark(raw, "step")
            )
            continue
        as_field = {k: v for k, v in raw.items() if k != "step"}
        as_field["type"] = "file"
        by_step.setdefault(step_id, []).append(as_field)
    new_steps = list(steps)
    if DEFAULT_STEP["id"] in by_step and DEFAULT_STEP["id"] not in step_ids:
        new_steps.append(Step(DEFAULT_STEP["id"], DEFAULT_STEP["title"], DEFAULT_STEP["intro"], ()))
    scope = _Scope()
    for index, step in enumerate(new_steps):
        for f in step.fields:
            scope.before[f.id] = f.type
        extra = []
        for as_field in by_step.get(step.id, []):
            f = parse_field(r, as_field, seen, scope)
            if f is None:
                continue
            extra.append(f)
            documents.append(Document(f.id, f.label, f.help, f.required, step.id))
        if extra:
            new_steps[index] = dataclasses.replace(step, fields=step.fields + tuple(extra))
    return tuple(new_steps), tuple(documents)
