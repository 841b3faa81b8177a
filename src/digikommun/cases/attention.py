"""The workbench's inbox (Inkorg): things on a case that need a caseworker's eyes.

One door for every kind of "needs a person" signal: a message from the applicant, an answered
request for completion, a co-signer who declined, and (from the reconsideration app) a
resident asking for a person to look at an automated decision. Each calls

    case_mark_attention(case=case, reason=Attention.Reason.PERSON_REQUESTED, ref=str(obj.pk))

inside the transaction that records what happened. The case then shows a marker and a count
in the workbench queues and is listed in the "Inkorg" queue, whatever its status (a decided
or closed case too). Reading the case clears its markers for the whole team: the inbox is the
team's, so one caseworker reading the case is enough (docs/inbox.md).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Attention, Case


def case_mark_attention(*, case: Case, reason: str, ref: str = "") -> Attention:
    """Put the case in its team's inbox for `reason` (idempotent on case, reason and ref).

    `reason` is one of Attention.Reason; a new kind of signal adds its value there.
    """
    if reason not in Attention.Reason.values:
        raise ValueError(f"unknown attention reason {reason!r}")
    existing = Attention.objects.filter(case=case, reason=reason, ref=str(ref)).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Attention.objects.create(case=case, reason=reason, ref=str(ref))
    except IntegrityError:
        return Attention.objects.get(case=case, reason=reason, ref=str(ref))


def case_clear_attention(*, case: Case, user) -> list[Attention]:
    """A caseworker read the case: clear its open markers (for the team). Returns them."""
    unread = list(Attention.objects.filter(case=case, cleared_at__isnull=True))
    Attention.objects.filter(pk__in=[a.pk for a in unread]).update(
        cleared_at=timezone.now(), cleared_by=user
    )
    return unread
