"""Answers as a person reads them: for the review page, Mina sidor and the register extract.

Only the steps and fields that are shown count; a hidden field's answer is not displayed.
The caseworker workbench can use the same function for the answers of a case.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from .answers import form_state, html_id, row_visibility
from .conditions import Condition
from .fields import Field

if TYPE_CHECKING:
    from .schema import Step


def tr(text: Mapping[str, str] | None, lang: str) -> str:
    if not text:
        return ""
    return text.get(lang) or text.get("sv") or next(iter(text.values()), "")


@dataclass
class Answer:
    field: Field
    path: str
    label: str
    lines: list[str]  # the answer as lines of text ("–" when empty)
    rows: list[tuple[str, list[Answer]]] = field(default_factory=list)  # repeating groups
    files: list[Any] = field(default_factory=list)  # StoredFile-like objects, for links

    @property
    def anchor(self) -> str:
        """The HTML id of the field's first input on its step."""
        parts = self.field.kind.parts
        return html_id(f"{self.path}.{parts[0]}" if parts else self.path)


@dataclass
class StepAnswers:
    number: int
    step: Step
    title: str
    answers: list[Answer]


def _text(f: Field, raw: Any, lang: str) -> list[str]:
    if f.is_empty(raw):
        return ["–"]
    if f.type == "boolean":
        return [_("Yes") if raw == "yes" else _("No") if raw == "no" else str(raw)]
    if f.type == "choice":
        return [f.option_label(str(raw), lang)]
    if f.type == "month":
        from .months import month_name

        return [month_name(str(raw))]
    if f.type == "multi_choice":
        values = raw if isinstance(raw, list) else [raw]
        return [", ".join(f.option_label(str(v), lang) for v in values)]
    if f.type == "address" and isinstance(raw, dict):
        postcode = str(raw.get("postcode", "")).strip()
        return [str(raw.get("street", "")).strip(), f"{postcode} {raw.get('city', '')}".strip()]
    if f.type == "location" and isinstance(raw, dict):
        return [f"{raw.get('lat', '')}, {raw.get('lng', '')}"]
    if isinstance(raw, str):
        return raw.splitlines() or [raw]
    return [str(raw)]


def item_label(group: Field, n: int, lang: str) -> str:
    label = tr(group.item_label, lang) or tr(group.label, lang)
    return label.replace("{n}", str(n)) if "{n}" in label else f"{label} {n}"


def answer_for(f: Field, raw: Any, lang: str, state_lookup, files: Mapping[str, Any]) -> Answer:
    answer = Answer(f, f.id, tr(f.label, lang), _text(f, raw, lang))
    if f.type == "file":
        keys = raw if isinstance(raw, list) else []
        answer.files = [files[str(k)] for k in keys if str(k) in files]
        answer.lines = [getattr(x, "name", str(x)) for x in answer.files] or ["–"]
    if f.type == "group":
        rows = raw if isinstance(raw, list) else []
        for i, row in enumerate(rows):
            row = row if isinstance(row, dict) else {}
            shown = row_visibility(f, row, state_lookup)
            subs = [
                Answer(s, f"{f.id}.{i}.{s.id}", tr(s.label, lang), _text(s, row.get(s.id), lang))
                for s in f.fields
                if shown[s.id]
            ]
            answer.rows.append((item_label(f, i + 1, lang), subs))
        answer.lines = [] if rows else [_("None added")]
    return answer


def step_answers(
    steps: Sequence[Step], raw: Mapping[str, Any], lang: str, files: Mapping[str, Any] = {}
) -> list[StepAnswers]:
    """The shown steps, each with its shown fields' answers."""
    state = form_state(steps, raw)
    result: list[StepAnswers] = []
    for number, step in enumerate(steps, start=1):
        if not state.steps_visible[number - 1]:
            continue
        answers = [
            answer_for(f, raw.get(f.id), lang, state.lookup, files)
            for f in step.fields
            if state.visible[f.id]
        ]
        result.append(StepAnswers(number, step, tr(step.title, lang), answers))
    return result


def describe(cond: Condition, fields: Mapping[str, Field], lang: str) -> str:
    """A condition in words, for people who see every field (JavaScript off)."""
    if cond.kind in ("all", "any"):
        parts = [describe(p, fields, lang) for p in cond.parts]
        joiner = _(" and ") if cond.kind == "all" else _(" or ")
        return joiner.join(parts)
    f = fields.get(cond.field or "")
    question = tr(f.label, lang) if f else str(cond.field)

    def value_text(v: str) -> str:
        if f is not None and f.type == "boolean":
            return _("Yes") if v == "yes" else _("No") if v == "no" else v
        return f.option_label(v, lang) if f is not None and f.options else v

    if cond.kind == "equals":
        return _("you answered “%(answer)s” to “%(question)s”") % {
            "answer": value_text(cond.value),
            "question": question,
        }
    if cond.kind == "not_equals":
        return _("you answered something other than “%(answer)s” to “%(question)s”") % {
            "answer": value_text(cond.value),
            "question": question,
        }
    if cond.kind == "in":
        return _("you answered one of %(answers)s to “%(question)s”") % {
            "answers": ", ".join(f"“{value_text(v)}”" for v in cond.value),
            "question": question,
        }
    number = format(cond.value.normalize(), "f")
    if cond.kind == "greater_than":
        return _("your answer to “%(question)s” is more than %(n)s") % {
            "question": question,
            "n": number,
        }
    return _("your answer to “%(question)s” is less than %(n)s") % {
        "question": question,
        "n": number,
    }


def condition_hint(cond: Condition, fields: Mapping[str, Field], lang: str) -> str:
    return _("Answer only if %(condition)s.") % {"condition": describe(cond, fields, lang)}
