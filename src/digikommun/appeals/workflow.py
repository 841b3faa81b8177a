"""The life of a reconsideration (omprövning) and of an appeal (överklagande), as tables.

A **reconsideration** (förvaltningslagen 2017:900, 37 §) is opened when the applicant asks
for a person to look at an automated decision (the human intervention GDPR art. 22(3)
promises), when a caseworker starts one, or when an appeal comes in (39 §: the authority
reconsiders first). A caseworker confirms the decision or changes it; a change to the
party's detriment is allowed only on one of 38 §'s grounds, which must then be recorded.

An **appeal** (43–46 §§) is lodged with the authority that decided. A caseworker checks that
it came in on time (44 §: three weeks from the day the party received the decision). A late
appeal is rejected by a decision of its own (45 §), unless one of 45 §'s exceptions holds.
An appeal on time is reconsidered first; if the decision is changed as the appellant asked,
the appeal lapses (39 §); otherwise it is sent to the court with the case's documents (46 §)
and covers any new decision (39 §). The court's judgment is recorded when it comes.

Every change goes through `check`; the statuses only the system sets are kept apart.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from digikommun.cases.workflow import Actor


class TransitionRefused(Exception):
    def __init__(self, what: str, current: str, target: str, actor: str):
        super().__init__(f"a {what} cannot go from {current} to {target} by {actor}")
        self.current, self.target, self.actor = current, target, actor


class ReconsiderationStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a caseworker")
    CONFIRMED = "confirmed", _("The decision was confirmed")
    CHANGED = "changed", _("The decision was changed")


class AppealStatus(models.TextChoices):
    RECEIVED = "received", _("Received: the municipality checks that it came in on time")
    RECONSIDERING = "reconsidering", _("The municipality reconsiders its decision")
    LAPSED = "lapsed", _("Lapsed: the decision was changed as you asked")
    REJECTED = "rejected", _("Rejected: it came in too late")
    SENT_TO_COURT = "sent_to_court", _("Sent to the court")
    JUDGED = "judged", _("The court has judged")


_S, _C = Actor.SYSTEM, Actor.CASEWORKER
_R = ReconsiderationStatus
_P = AppealStatus

RECONSIDERATION: dict[tuple[str, str], frozenset[str]] = {
    (_R.OPEN, _R.CONFIRMED): frozenset({_C}),
    (_R.OPEN, _R.CHANGED): frozenset({_C}),
}

APPEAL: dict[tuple[str, str], frozenset[str]] = {
    # 45 §: the authority that decided checks the time; on time (or excused) it reconsiders.
    (_P.RECEIVED, _P.RECONSIDERING): frozenset({_C}),
    (_P.RECEIVED, _P.REJECTED): frozenset({_C}),
    # The outcome of the reconsideration moves the appeal on (the system, in the same step).
    (_P.RECONSIDERING, _P.LAPSED): frozenset({_S}),
    (_P.RECONSIDERING, _P.SENT_TO_COURT): frozenset({_S}),
    (_P.SENT_TO_COURT, _P.JUDGED): frozenset({_C}),
}

APPEAL_OPEN = (_P.RECEIVED, _P.RECONSIDERING, _P.SENT_TO_COURT)


def check_reconsideration(current: str, target: str, actor: str) -> None:
    if actor not in RECONSIDERATION.get((current, target), frozenset()):
        raise TransitionRefused("reconsideration", current, target, actor)


def check_appeal(current: str, target: str, actor: str) -> None:
    if actor not in APPEAL.get((current, target), frozenset()):
        raise TransitionRefused("appeal", current, target, actor)


def allowed(table: dict[tuple[str, str], frozenset[str]], current: str, actor: str) -> list[str]:
    return [to for (frm, to), actors in table.items() if frm == current and actor in actors]
