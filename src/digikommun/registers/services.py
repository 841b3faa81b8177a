"""Writes of registers: look up facts to prefill a draft's fields, record their sources.

`prefill` is called when a step is shown (facts keyed by the applicant) and when a step is
sent with a new key (a registration number): it fills only fields that are empty, or that
still hold what an earlier look-up filled in, so nothing the person typed is ever replaced.
A register that does not answer leaves the field to the person and is noted on the draft;
the form works as if there were no register. `sources_record` says, when the case is sent,
where each prefillable answer came from.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .base import RegisterUnavailable
from .facts import FACTS
from .models import FactSource, Lookup
from .registry import adapter_for

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Wanted:
    """A field to prefill: which fact, looked up by which key, and what it holds now."""

    field_id: str
    register: str
    fact: str
    key: str
    current: Any  # the draft's raw answer, or None when never answered


def _ask(adapter: Any, register: str, key: str) -> Any:
    if register == "population":
        return adapter.household(key)
    if register == "vehicle":
        return adapter.vehicle(key)
    return adapter.properties_owned(key)


def same_answer(register_value: Any, answer: Any) -> bool:
    """Whether an answer still says what the register gave (extra inputs of a row aside)."""
    if isinstance(register_value, list):
        return (
            isinstance(answer, list)
            and len(answer) == len(register_value)
            and all(same_answer(r, a) for r, a in zip(register_value, answer, strict=True))
        )
    if isinstance(register_value, dict):
        return isinstance(answer, dict) and all(
            same_answer(v, answer.get(k)) for k, v in register_value.items()
        )
    return (
        str(register_value if register_value is not None else "").strip()
        == str(answer if answer is not None else "").strip()
    )


def _empty(value: Any) -> bool:
    if isinstance(value, dict):
        return not any(str(v or "").strip() for v in value.values())
    return value is None or value == "" or value == []


def prefill(*, draft_key: uuid.UUID, applicant: str, wanted: Iterable[Wanted]) -> dict[str, Any]:
    """Look up what is wanted and return the answers to put into the draft, by field id."""
    if not getattr(settings, "REGISTER_ADAPTERS", None):
        return {}  # no registers in this deployment: the form is asked as it is
    done = {x.field_id: x for x in Lookup.objects.filter(draft_key=draft_key)}
    answers: dict[str, Any] = {}
    asked: dict[tuple[str, str], tuple[str, Any]] = {}
    for w in wanted:
        before = done.get(w.field_id)
        refill = before is not None and before.filled and same_answer(before.value, w.current)
        if not (w.current is None or _empty(w.current) or refill):
            continue  # the person's own answer: never replaced
        if before is not None and before.key == w.key and before.status != Lookup.Status.FAILED:
            continue  # asked already; what the person did with the answer stands
        adapter = adapter_for(w.register)
        if adapter is None:
            continue
        if (w.register, w.key) not in asked:
            try:
                asked[(w.register, w.key)] = ("ok", _ask(adapter, w.register, w.key))
            except RegisterUnavailable as exc:
                log.warning("register %s did not answer: %s", w.register, exc)
                asked[(w.register, w.key)] = ("failed", None)
            except Exception:  # an adapter's own failure must not stop the form
                log.exception("register %s failed", w.register)
                asked[(w.register, w.key)] = ("failed", None)
        outcome, result = asked[(w.register, w.key)]
        value = FACTS[(w.register, w.fact)].answer(result, applicant) if outcome == "ok" else None
        if outcome == "failed":
            status = Lookup.Status.FAILED
        else:
            status = Lookup.Status.FOUND if value is not None else Lookup.Status.NOT_FOUND
        fill = status == Lookup.Status.FOUND
        Lookup.objects.update_or_create(
            draft_key=draft_key,
            field_id=w.field_id,
            defaults={
                "register": w.register,
                "fact": w.fact,
                "key": w.key,
                "status": status,
                "value": value,
                "filled": fill,
                "looked_up_at": timezone.now(),
            },
        )
        if fill:
            answers[w.field_id] = value
        elif refill:
            answers[w.field_id] = "" if not isinstance(w.current, list) else []
    return answers


@transaction.atomic
def sources_record(
    *,
    case_id: int,
    draft_key: uuid.UUID,
    prefilled: Mapping[str, tuple[str, str]],
    answers: Mapping[str, Any],
) -> list[FactSource]:
    """Record where each prefillable field's answer came from (field id -> (register, fact)).

    Nothing is recorded for a draft no register was asked for (none configured): then every
    answer is the applicant's, as in a form without registers."""
    lookups = {x.field_id: x for x in Lookup.objects.filter(draft_key=draft_key)}
    if not lookups:
        return []
    rows = []
    for field_id, (register, fact) in prefilled.items():
        lookup = lookups.get(field_id)
        source, status = FactSource.Source.APPLICANT, FactSource.Status.TYPED
        if lookup is not None and lookup.status == Lookup.Status.FAILED:
            status = FactSource.Status.FAILED
        elif lookup is not None and lookup.status == Lookup.Status.NOT_FOUND:
            status = FactSource.Status.NOT_FOUND
        elif lookup is not None and lookup.filled:
            if same_answer(lookup.value, answers.get(field_id)):
                source, status = FactSource.Source.REGISTER, FactSource.Status.CONFIRMED
            else:
                status = FactSource.Status.CORRECTED
        rows.append(
            FactSource(
                case_id=case_id,
                field_id=field_id,
                register=register,
                fact=fact,
                source=source,
                status=status,
                looked_up_at=lookup.looked_up_at if lookup is not None else None,
                register_value=lookup.value if lookup is not None else None,
            )
        )
    FactSource.objects.filter(case_id=case_id).delete()
    return FactSource.objects.bulk_create(rows)


def lookups_forget(*, draft_key: uuid.UUID) -> None:
    Lookup.objects.filter(draft_key=draft_key).delete()
