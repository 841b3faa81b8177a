"""The life of a case (ärende), as a table of allowed transitions.

A case is received when a resident submits an application. The process engine then either
decides it by the service's rules (automated decision, förvaltningslagen § 28) or hands it
to a caseworker (manual review). Every status change goes through `check_transition`; the
system refuses any transition not in the table. Statuses a person may set are kept apart
from those only the system sets.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_REVIEW = "in_review", _("Being handled by a caseworker")
    DECIDED = "decided", _("Decided")


class Actor(models.TextChoices):
    SYSTEM = "system", _("the system")
    CASEWORKER = "caseworker", _("a caseworker")


# (from, to) -> who may make the change
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (Status.RECEIVED, Status.DECIDED): frozenset({Actor.SYSTEM}),
    (Status.RECEIVED, Status.IN_REVIEW): frozenset({Actor.SYSTEM}),
    (Status.IN_REVIEW, Status.DECIDED): frozenset({Actor.CASEWORKER}),
}


class TransitionRefused(Exception):
    def __init__(self, current: str, target: str, actor: str):
        super().__init__(f"a case cannot go from {current} to {target} by {actor}")
        self.current, self.target, self.actor = current, target, actor


def check_transition(current: str, target: str, actor: str) -> None:
    if actor not in TRANSITIONS.get((current, target), frozenset()):
        raise TransitionRefused(current, target, actor)


def allowed_targets(current: str, actor: str) -> list[str]:
    return [to for (frm, to), actors in TRANSITIONS.items() if frm == current and actor in actors]
