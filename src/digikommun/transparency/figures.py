"""The benefit figures beyond applications and decisions, each per (service, month):
requests for a person, reconsiderations and appeals with their outcome (in the month the
application was sent), survey answers (in the month of the decision), and per course and
month the people who came and how many came again.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from digikommun.appeals.models import Appeal, Origin, Reconsideration
from digikommun.appeals.workflow import AppealStatus, ReconsiderationStatus

Key = tuple[str, str]

# An appeal "changed" the decision when the municipality changed it as asked (it lapsed) or
# the court changed it in whole or in part.
APPEAL_CHANGED = Q(status=AppealStatus.LAPSED) | Q(
    judgment__in=[Appeal.Judgment.CHANGED, Appeal.Judgment.PARTLY]
)


def _month(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m") if value else ""


def _by_case_month(qs, **extra) -> dict[Key, int]:
    rows = (
        qs.annotate(m=TruncMonth("case__submitted_at"))
        .values("case__service_id", "m")
        .annotate(n=Count("id", **extra))
    )
    return {(r["case__service_id"], _month(r["m"])): r["n"] for r in rows}


def reviews(since: datetime.datetime) -> dict[str, dict[Key, int]]:
    """Requests for a person, reconsiderations (and how many changed the decision), appeals
    (and how many changed it), by the month the application was sent."""
    recon = Reconsideration.objects.filter(case__submitted_at__gte=since)
    appeals = Appeal.objects.filter(case__submitted_at__gte=since)
    return {
        "person_requests": _by_case_month(recon.filter(origin=Origin.RESIDENT)),
        "reconsiderations": _by_case_month(recon),
        "reconsiderations_changed": _by_case_month(
            recon.filter(status=ReconsiderationStatus.CHANGED)
        ),
        "appeals": _by_case_month(appeals),
        "appeals_changed": _by_case_month(appeals.filter(APPEAL_CHANGED)),
    }


def survey(first_month: str) -> dict[Key, tuple[int, float]]:
    """(answers, mean score 1–5) by service and month of the decision."""
    from .models import SurveyAnswer

    rows = (
        SurveyAnswer.objects.filter(month__gte=first_month)
        .values("service_id", "month")
        .annotate(n=Count("id"), mean=Avg("score"))
    )
    return {(r["service_id"], r["month"]): (r["n"], float(r["mean"])) for r in rows}


def _person(booking: dict) -> str:
    if booking["user_id"]:
        return f"u{booking['user_id']}"
    return (booking["email"] or booking["phone"] or booking["name"]).strip().lower()


def course_people(since: datetime.datetime) -> dict[Key, tuple[int, int]]:
    """(participants, repeat visits) per course and month: the different people who came,
    and the visits by someone who had come to a session (of any course) before."""
    from digikommun.courses.models import Booking
    from digikommun.courses.workflow import State

    attended = Booking.objects.filter(state=State.ATTENDED).order_by("session__starts_at", "pk")
    seen: set[str] = set()
    people: dict[Key, set[str]] = defaultdict(set)
    repeats: dict[Key, int] = defaultdict(int)
    fields = ("user_id", "email", "phone", "name", "session__starts_at", "session__course__code")
    for b in attended.values(*fields):
        person = _person(b)
        if b["session__starts_at"] >= since:
            key = (b["session__course__code"], _month(b["session__starts_at"]))
            people[key].add(person)
            if person in seen:
                repeats[key] += 1
        seen.add(person)
    return {key: (len(p), repeats[key]) for key, p in people.items()}
