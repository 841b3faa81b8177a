"""The benefit figures (nyttorealisering): per service and month, how many applied, how many
were decided automatically, how long a decision took, how often more was asked for; per course
and month, how many came. Read straight from the cases and bookings, never kept by hand.

Counts under SUPPRESS_BELOW are not published (a small count in a small municipality can point
at a person); the figures derived from them (shares, times) are withheld with them.
"""

from __future__ import annotations

import datetime
import statistics
from dataclasses import asdict, dataclass, field

from django.db.models import Count, Min
from django.db.models.functions import TruncMonth
from django.utils import timezone

from digikommun.cases.models import Case, CompletionRequest, Decision
from digikommun.catalog.selectors import current_definitions

from . import figures

SUPPRESS_BELOW = 5


@dataclass
class ServiceMonth:
    service: str
    month: str  # YYYY-MM
    applications: int | None
    decided: int | None
    automated: int | None
    automated_share: float | None  # 0–1
    median_hours: float | None  # from sent to the first decision
    p90_hours: float | None
    completion_requests: int | None
    person_requests: int | None = None  # the applicant asked for a person (reconsideration)
    reconsiderations: int | None = None
    reconsiderations_changed: int | None = None  # the decision was changed
    appeals: int | None = None
    appeals_changed: int | None = None  # lapsed as asked, or changed by the court
    survey_answers: int | None = None
    survey_mean: float | None = None  # 1–5, "How easy was it?"
    hours_saved: float | None = None  # automated × the definition's manual minutes per case
    suppressed: bool = False


# The counts a public row withholds under SUPPRESS_BELOW (and what is derived from each).
COUNTS = (
    "decided",
    "automated",
    "completion_requests",
    "person_requests",
    "reconsiderations",
    "reconsiderations_changed",
    "appeals",
    "appeals_changed",
    "survey_answers",
)


@dataclass
class CourseMonth:
    course: str
    month: str
    bookings: int | None
    attended: int | None
    waiting: int | None
    participants: int | None = None  # different people who came
    repeat_visits: int | None = None  # visits by someone who had come before
    suppressed: bool = False


@dataclass
class PoolMonth:
    """A lending pool's month: loans started (picked up), people in the queue at the month's
    end (now, for this month), offers made and the median wait from request to offer."""

    pool: str
    month: str
    loans_started: int | None
    loans_waiting: int | None
    loans_offered: int | None
    median_wait_days: float | None  # from the loan's request to its offer, offers this month
    suppressed: bool = False


@dataclass
class Benefit:
    services: list[ServiceMonth] = field(default_factory=list)
    courses: list[CourseMonth] = field(default_factory=list)
    loans: list[PoolMonth] = field(default_factory=list)
    titles: dict[str, dict[str, str]] = field(default_factory=dict)


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q * 100) - 1]


def first_month(months: int = 12) -> datetime.date:
    """The first day of the earliest of the last `months` months (this one included)."""
    today = timezone.localdate()
    return (today.replace(day=1) - datetime.timedelta(days=31 * (months - 1))).replace(day=1)


def _month(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m") if value else ""


def benefit(*, months: int = 12, public: bool = True) -> Benefit:
    """The last `months` months, oldest first. `public` applies the suppression."""
    first = first_month(months)
    since = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    definitions = current_definitions()
    result = Benefit(titles={d.id: d.title for d in definitions})
    minutes = {d.id: d.manual_minutes_per_case for d in definitions}

    cases = Case.objects.filter(submitted_at__gte=since)
    applied = {
        (r["service_id"], _month(r["m"])): r["n"]
        for r in cases.annotate(m=TruncMonth("submitted_at"))
        .values("service_id", "m")
        .annotate(n=Count("id"))
    }
    # The first decision of each case (a reconsidered case may have more than one).
    firsts = (
        Decision.objects.filter(case__submitted_at__gte=since)
        .values("case_id", "case__service_id", "case__submitted_at")
        .annotate(at=Min("decided_at"))
    )
    first_by_case = {r["case_id"]: r for r in firsts}
    automated_cases = set(
        Decision.objects.filter(case_id__in=first_by_case, decided_by__isnull=True)
        .exclude(automated_by="")
        .values_list("case_id", flat=True)
    )
    hours: dict[tuple[str, str], list[float]] = {}
    automated: dict[tuple[str, str], int] = {}
    for case_id, r in first_by_case.items():
        key = (r["case__service_id"], _month(r["case__submitted_at"]))
        hours.setdefault(key, []).append((r["at"] - r["case__submitted_at"]).total_seconds() / 3600)
        if case_id in automated_cases:
            automated[key] = automated.get(key, 0) + 1
    completions = {
        (r["case__service_id"], _month(r["m"])): r["n"]
        for r in CompletionRequest.objects.filter(case__submitted_at__gte=since)
        .annotate(m=TruncMonth("case__submitted_at"))
        .values("case__service_id", "m")
        .annotate(n=Count("id"))
    }
    reviews = figures.reviews(since)
    answers = figures.survey(first.strftime("%Y-%m"))
    for service, month in sorted(applied, key=lambda k: (k[0], k[1])):
        key = (service, month)
        n = applied[key]
        times = sorted(hours.get(key, []))
        n_auto = automated.get(key, 0)
        survey_n, survey_mean = answers.get(key, (0, None))
        per_case = minutes.get(service)
        row = ServiceMonth(
            service=service,
            month=month,
            applications=n,
            decided=len(times),
            automated=n_auto,
            automated_share=(n_auto / len(times)) if times else None,
            median_hours=statistics.median(times) if times else None,
            p90_hours=_pct(times, 0.9),
            completion_requests=completions.get(key, 0),
            survey_answers=survey_n,
            survey_mean=survey_mean,
            hours_saved=None if per_case is None else n_auto * per_case / 60,
            person_requests=reviews["person_requests"].get(key, 0),
            reconsiderations=reviews["reconsiderations"].get(key, 0),
            reconsiderations_changed=reviews["reconsiderations_changed"].get(key, 0),
            appeals=reviews["appeals"].get(key, 0),
            appeals_changed=reviews["appeals_changed"].get(key, 0),
        )
        if public:
            row = _suppress(row)
        result.services.append(row)
    result.courses = _courses(since, public)
    result.loans = _loans(first, public)
    return result


def _suppress(row: ServiceMonth) -> ServiceMonth:
    """A month under SUPPRESS_BELOW applications shows nothing; a smaller count in a larger
    month is withheld with what is computed from it."""
    if row.applications is not None and row.applications < SUPPRESS_BELOW:
        return ServiceMonth(
            row.service, row.month, None, None, None, None, None, None, None, suppressed=True
        )
    for name in COUNTS:
        value = getattr(row, name)
        if value is not None and 0 < value < SUPPRESS_BELOW:
            setattr(row, name, None)
            row.suppressed = True
    if row.automated is None:
        row.automated_share = row.hours_saved = None
    if row.decided is None:
        row.median_hours = row.p90_hours = None
    if row.survey_answers is None:
        row.survey_mean = None
    return row


def _courses(since: datetime.datetime, public: bool) -> list[CourseMonth]:
    from digikommun.courses.models import Booking
    from digikommun.courses.workflow import State

    rows: dict[tuple[str, str], CourseMonth] = {}
    counted = (
        Booking.objects.filter(session__starts_at__gte=since)
        .annotate(m=TruncMonth("session__starts_at"))
        .values("session__course__code", "m", "state")
        .annotate(n=Count("id"))
    )
    for r in counted:
        key = (r["session__course__code"], _month(r["m"]))
        row = rows.setdefault(key, CourseMonth(key[0], key[1], 0, 0, 0))
        if r["state"] != State.CANCELLED:
            row.bookings += r["n"]
        if r["state"] == State.ATTENDED:
            row.attended += r["n"]
        if r["state"] == State.WAITING:
            row.waiting += r["n"]
    people = figures.course_people(since)
    out = []
    for key in sorted(rows):
        row = rows[key]
        row.participants, row.repeat_visits = people.get(key, (0, 0))
        if public:
            for name in ("bookings", "attended", "waiting", "participants", "repeat_visits"):
                value = getattr(row, name)
                if 0 < value < SUPPRESS_BELOW:
                    setattr(row, name, None)
                    row.suppressed = True
        out.append(row)
    return out


def _month_starts(first: datetime.date) -> list[datetime.date]:
    today = timezone.localdate()
    months, month = [], first
    while month <= today:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def _loans(first: datetime.date, public: bool) -> list[PoolMonth]:
    """Per pool and month from the loans and their history (lending): a loan waits from its
    request (created) until it first leaves the waiting states (offered or withdrawn)."""
    from digikommun.lending.models import Loan, LoanEvent
    from digikommun.lending.workflow import WAITING

    now = timezone.now()
    waiting = sorted(WAITING)
    left: dict[int, datetime.datetime] = {
        r["loan_id"]: r["at"]
        for r in LoanEvent.objects.filter(from_state__in=waiting)
        .exclude(to_state__in=waiting)
        .exclude(to_state="")
        .values("loan_id")
        .annotate(at=Min("at"))
    }
    loans = list(Loan.objects.values("pk", "pool__key", "created_at", "offered_at", "picked_up_at"))
    out = []
    for pool in sorted({r["pool__key"] for r in loans}):
        mine = [r for r in loans if r["pool__key"] == pool]
        for start in _month_starts(first):
            naive = datetime.datetime.combine(start, datetime.time.min)
            begin = timezone.make_aware(naive)
            end = min(timezone.make_aware(naive + datetime.timedelta(days=32)).replace(day=1), now)
            started = sum(1 for r in mine if r["picked_up_at"] and begin <= r["picked_up_at"] < end)
            in_queue = sum(
                1
                for r in mine
                if r["created_at"] < end and (r["pk"] not in left or left[r["pk"]] >= end)
            )
            waits = sorted(
                (r["offered_at"] - r["created_at"]).total_seconds() / 86400
                for r in mine
                if r["offered_at"] and begin <= r["offered_at"] < end
            )
            if not (started or in_queue or waits):
                continue
            row = PoolMonth(
                pool=pool,
                month=start.strftime("%Y-%m"),
                loans_started=started,
                loans_waiting=in_queue,
                loans_offered=len(waits),
                median_wait_days=max(statistics.median(waits), 0.0) if waits else None,
            )
            if public:
                for name in ("loans_started", "loans_waiting", "loans_offered"):
                    value = getattr(row, name)
                    if 0 < value < SUPPRESS_BELOW:
                        setattr(row, name, None)
                        row.suppressed = True
                if row.loans_offered is None:
                    row.median_wait_days = None
            out.append(row)
    return out


def as_records(data: Benefit) -> list[dict]:
    """One flat record per row, for the CSV and the JSON."""
    return (
        [{"kind": "service", **asdict(r)} for r in data.services]
        + [{"kind": "course", **asdict(r)} for r in data.courses]
        + [{"kind": "loan", **asdict(r)} for r in data.loans]
    )


@dataclass
class TeamMonth:
    team: str
    month: str
    cases: int
    decided_by_hand: int
    median_hours: float | None  # to a decision by hand


def by_team(*, months: int = 12) -> list[TeamMonth]:
    """For staff only (never suppressed): per team and month, the cases routed to the team,
    how many of them a person decided, and the median time to that decision."""
    first = first_month(months)
    since = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    out: dict[tuple[str, str], TeamMonth] = {}
    cases = Case.objects.filter(submitted_at__gte=since, team__isnull=False)
    for r in cases.values("team__slug", "submitted_at"):
        key = (r["team__slug"], _month(r["submitted_at"]))
        out.setdefault(key, TeamMonth(key[0], key[1], 0, 0, None)).cases += 1
    hours: dict[tuple[str, str], list[float]] = {}
    manual = Decision.objects.filter(
        case__submitted_at__gte=since, case__team__isnull=False, decided_by__isnull=False
    ).values("case__team__slug", "case__submitted_at", "decided_at")
    for d in manual:
        key = (d["case__team__slug"], _month(d["case__submitted_at"]))
        row = out.setdefault(key, TeamMonth(key[0], key[1], 0, 0, None))
        row.decided_by_hand += 1
        hours.setdefault(key, []).append(
            (d["decided_at"] - d["case__submitted_at"]).total_seconds() / 3600
        )
    for key, values in hours.items():
        out[key].median_hours = statistics.median(values)
    return [out[k] for k in sorted(out)]
