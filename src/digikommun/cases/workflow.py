"""The life of a case (ärende), as a table of allowed transitions.

A case is received when a resident sends an application. The process engine then decides it
by the service's rules (automated decision, förvaltningslagen § 28) or hands it to a
caseworker (in review). A caseworker may ask the applicant for completion (komplettering);
the answer, or the deadline passing, brings the case back to review. A caseworker decides,
or — where the service requires four eyes — proposes a decision that a second caseworker
approves or returns. A decided case is closed by the system when the time to appeal is over.

A decided (or closed) case may be reconsidered (omprövning, förvaltningslagen 37 §): the
applicant asks for a person to look at an automated decision, or a caseworker starts it.
An appeal (överklagande, 43–46 §§) holds the case open until it is rejected as late, lapses
or the court has judged it. While either is open the closing timer leaves the case alone;
the reconsideration and the appeal have transition tables of their own in
`digikommun.appeals.workflow`, and this table holds only what the case itself goes through.

Every status change goes through `check_transition`; the system refuses any other. The
statuses a person may set are kept apart from those only the system sets (`Actor`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    # The people the definition names must confirm the application first (digikommun.cosigning).
    AWAITING_COSIGNING = "awaiting_cosigning", _("Waiting for a co-signer's confirmation")
    IN_REVIEW = "in_review", _("Being handled by a caseworker")
    AWAITING_COMPLETION = "awaiting_completion", _("Waiting for your completion")
    AWAITING_APPROVAL = "awaiting_approval", _("Decision being approved")
    DECIDED = "decided", _("Decided")
    RECONSIDERING = "reconsidering", _("The decision is being reconsidered")
    APPEALED = "appealed", _("Appealed")
    CLOSED = "closed", _("Closed")


class Actor(models.TextChoices):
    SYSTEM = "system", _("the system")
    CASEWORKER = "caseworker", _("a caseworker")
    APPLICANT = "applicant", _("the applicant")


_S, _C, _A = Actor.SYSTEM, Actor.CASEWORKER, Actor.APPLICANT

# (from, to) -> who may make the change
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (Status.RECEIVED, Status.DECIDED): frozenset({_S}),
    (Status.RECEIVED, Status.IN_REVIEW): frozenset({_S}),
    # Co-signing: held until all named people confirm; a decline or no answer goes to a person.
    (Status.RECEIVED, Status.AWAITING_COSIGNING): frozenset({_S}),
    (Status.AWAITING_COSIGNING, Status.RECEIVED): frozenset({_S}),
    (Status.AWAITING_COSIGNING, Status.IN_REVIEW): frozenset({_S}),
    (Status.IN_REVIEW, Status.AWAITING_COMPLETION): frozenset({_C}),
    (Status.AWAITING_COMPLETION, Status.IN_REVIEW): frozenset({_A, _S}),  # answered, or expired
    (Status.IN_REVIEW, Status.DECIDED): frozenset({_C}),
    (Status.IN_REVIEW, Status.AWAITING_APPROVAL): frozenset({_C}),
    (Status.AWAITING_APPROVAL, Status.DECIDED): frozenset({_C}),  # a second caseworker approves
    (Status.AWAITING_APPROVAL, Status.IN_REVIEW): frozenset({_C}),  # … or returns it
    (Status.DECIDED, Status.CLOSED): frozenset({_S}),
    # A report that needs no decision (a fault in the street) is closed when it is dealt with.
    (Status.IN_REVIEW, Status.CLOSED): frozenset({_C}),
    # Reconsideration: asked for by the applicant, or started by a caseworker; it ends with
    # the decision confirmed or changed (a new Decision), and the case decided again.
    (Status.DECIDED, Status.RECONSIDERING): frozenset({_A, _C}),
    (Status.CLOSED, Status.RECONSIDERING): frozenset({_A, _C}),
    (Status.RECONSIDERING, Status.DECIDED): frozenset({_C}),
    # Appeal: lodged by the applicant at any time (timeliness is the authority's check); it
    # ends rejected as late, lapsed, or judged by the court, and the case is decided again.
    (Status.DECIDED, Status.APPEALED): frozenset({_A}),
    (Status.CLOSED, Status.APPEALED): frozenset({_A}),
    (Status.RECONSIDERING, Status.APPEALED): frozenset({_A}),
    (Status.APPEALED, Status.DECIDED): frozenset({_C}),
}

OPEN_STATUSES = (
    Status.RECEIVED,
    Status.AWAITING_COSIGNING,
    Status.IN_REVIEW,
    Status.AWAITING_COMPLETION,
    Status.AWAITING_APPROVAL,
)


class TransitionRefused(Exception):
    def __init__(self, current: str, target: str, actor: str):
        super().__init__(f"a case cannot go from {current} to {target} by {actor}")
        self.current, self.target, self.actor = current, target, actor


def check_transition(current: str, target: str, actor: str) -> None:
    if actor not in TRANSITIONS.get((current, target), frozenset()):
        raise TransitionRefused(current, target, actor)


def allowed_targets(current: str, actor: str) -> list[str]:
    return [to for (frm, to), actors in TRANSITIONS.items() if frm == current and actor in actors]
