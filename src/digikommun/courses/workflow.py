"""The life of a course booking, as a table of allowed transitions.

Someone signs up for a session of a course: they get a place (booked) while there is one, or
a place in the waiting list (waiting). A booked place that is cancelled goes at once to the
first in the waiting list (the system moves it up). After the session the teacher records
who came (attended) or not (absent), and may correct it. Cancelling is the participant's or
the staff's; moving up is the system's; attendance is the teacher's.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import pgettext_lazy


class State(models.TextChoices):
    BOOKED = "booked", pgettext_lazy("booking state", "Place booked")
    WAITING = "waiting", pgettext_lazy("booking state", "On the waiting list")
    CANCELLED = "cancelled", pgettext_lazy("booking state", "Cancelled")
    ATTENDED = "attended", pgettext_lazy("booking state", "Attended")
    ABSENT = "absent", pgettext_lazy("booking state", "Did not come")


class Actor(models.TextChoices):
    PARTICIPANT = "participant", "the participant"
    STAFF = "staff", "the staff"
    TEACHER = "teacher", "the teacher"
    SYSTEM = "system", "the system"


_P, _S, _T, _Y = Actor.PARTICIPANT, Actor.STAFF, Actor.TEACHER, Actor.SYSTEM

# (from, to) -> who may make the change
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (State.BOOKED, State.CANCELLED): frozenset({_P, _S}),
    (State.WAITING, State.CANCELLED): frozenset({_P, _S}),
    (State.WAITING, State.BOOKED): frozenset({_Y}),  # a place came free
    (State.BOOKED, State.ATTENDED): frozenset({_T}),
    (State.BOOKED, State.ABSENT): frozenset({_T}),
    (State.ATTENDED, State.ABSENT): frozenset({_T}),  # corrections
    (State.ABSENT, State.ATTENDED): frozenset({_T}),
}

ACTIVE = frozenset({State.BOOKED, State.WAITING})


class TransitionRefused(Exception):
    def __init__(self, current: str, target: str, actor: str):
        super().__init__(f"a booking cannot go from {current} to {target} by {actor}")
        self.current, self.target, self.actor = current, target, actor


def check_transition(current: str, target: str, actor: str) -> None:
    if actor not in TRANSITIONS.get((current, target), frozenset()):
        raise TransitionRefused(current, target, actor)
