"""The life of a fault report, as a table of allowed transitions.

A fault report is received when someone reports it (on the web or through Open311). A
caseworker starts work on it (in progress) and ends it as done, as not the municipality's to
deal with (another owner: a private road, the state's road authority, a housing company), or
as a duplicate of another report (merging does that). Open311 knows only `open` and `closed`:
received and in progress are open, the three ends are closed. Richer clients read the
detailed state through the `servicerequestupdates` extension and `extensions=true`, under the
names FixMyStreet's Open311 client maps (`IN_PROGRESS`, `FIXED`, `DUPLICATE`,
`NOT_COUNCILS_RESPONSIBILITY`).

This table is the report's own; the case beneath it (cases/workflow.py) only goes from in
review to closed when a report reaches an end. Only a caseworker changes a report's state;
the system sets `duplicate` when a caseworker merges one report into another.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import pgettext_lazy


class State(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("fault report state", "Received")
    IN_PROGRESS = "in_progress", pgettext_lazy("fault report state", "In progress")
    DONE = "done", pgettext_lazy("fault report state", "Done")
    NOT_OURS = "not_ours", pgettext_lazy("fault report state", "Not the municipality's")
    DUPLICATE = "duplicate", pgettext_lazy("fault report state", "Already reported")


class Actor(models.TextChoices):
    SYSTEM = "system", "the system"
    CASEWORKER = "caseworker", "a caseworker"


_S, _C = Actor.SYSTEM, Actor.CASEWORKER

# (from, to) -> who may make the change
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (State.RECEIVED, State.IN_PROGRESS): frozenset({_C}),
    (State.RECEIVED, State.DONE): frozenset({_C}),
    (State.RECEIVED, State.NOT_OURS): frozenset({_C}),
    (State.RECEIVED, State.DUPLICATE): frozenset({_S}),  # merged into another report
    (State.IN_PROGRESS, State.DONE): frozenset({_C}),
    (State.IN_PROGRESS, State.NOT_OURS): frozenset({_C}),
    (State.IN_PROGRESS, State.DUPLICATE): frozenset({_S}),
}

OPEN_STATES = frozenset({State.RECEIVED, State.IN_PROGRESS})

# Open311's two statuses, and the extended status codes of FixMyStreet's client.
OPEN311_STATUS = {s: ("open" if s in OPEN_STATES else "closed") for s in State.values}
EXTENDED_STATUS = {
    State.RECEIVED: "OPEN",
    State.IN_PROGRESS: "IN_PROGRESS",
    State.DONE: "FIXED",
    State.NOT_OURS: "NOT_COUNCILS_RESPONSIBILITY",
    State.DUPLICATE: "DUPLICATE",
}
# What an Open311 client may send to servicerequestupdates, and the state it asks for.
STATE_OF_STATUS = {
    "OPEN": State.RECEIVED,
    "IN_PROGRESS": State.IN_PROGRESS,
    "ACTION_SCHEDULED": State.IN_PROGRESS,
    "INVESTIGATING": State.IN_PROGRESS,
    "FIXED": State.DONE,
    "CLOSED": State.DONE,
    "NOT_COUNCILS_RESPONSIBILITY": State.NOT_OURS,
    "DUPLICATE": State.DUPLICATE,
}


class TransitionRefused(Exception):
    def __init__(self, current: str, target: str, actor: str):
        super().__init__(f"a fault report cannot go from {current} to {target} by {actor}")
        self.current, self.target, self.actor = current, target, actor


def check_transition(current: str, target: str, actor: str) -> None:
    if actor not in TRANSITIONS.get((current, target), frozenset()):
        raise TransitionRefused(current, target, actor)


def allowed_targets(current: str, actor: str) -> list[str]:
    return [to for (frm, to), actors in TRANSITIONS.items() if frm == current and actor in actors]


def is_open(state: str) -> bool:
    return state in OPEN_STATES
