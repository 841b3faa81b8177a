"""Reads of fault reporting: the services and categories, reports for the public and the API."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from digikommun.catalog.definition import ServiceDefinition
from digikommun.catalog.models import ServiceVersion
from digikommun.catalog.selectors import current_versions, definition_for

from .geo import box_around, distance_m
from .models import Report, ReportUpdate
from .schema import Category


@dataclass(frozen=True)
class FaultService:
    version: ServiceVersion
    definition: ServiceDefinition

    @property
    def config(self):
        return self.definition.fault_reporting


def fault_services() -> list[FaultService]:
    """The current fault-reporting services (usually one per municipality)."""
    found = []
    for version in current_versions():
        definition = definition_for(version)
        if definition.fault_reporting is not None:
            found.append(FaultService(version, definition))
    return found


def fault_service(service_id: str | None = None) -> FaultService | None:
    services = fault_services()
    if service_id is None:
        return services[0] if services else None
    return next((s for s in services if s.definition.id == service_id), None)


def category_find(code: str) -> tuple[FaultService, Category] | None:
    """The service and category of an Open311 service_code (the first service that has it)."""
    for service in fault_services():
        category = service.config.category(code)
        if category is not None:
            return service, category
    return None


def reports_nearby(
    *, service_id: str, code: str, lat: float, lng: float, metres: int, days: int
) -> list[Report]:
    """Open, unmerged reports of one category within `metres` and reported in the last `days`."""
    south, west, north, east = box_around(lat, lng, metres)
    since = timezone.now() - datetime.timedelta(days=days)
    candidates = Report.objects.filter(
        service_id=service_id,
        service_code=code,
        status=Report.Status.OPEN,
        merged_into__isnull=True,
        requested_at__gte=since,
        lat__range=(south, north),
        lng__range=(west, east),
    ).order_by("-requested_at")[:50]
    near = [(distance_m(lat, lng, r.lat, r.lng), r) for r in candidates]
    return [r for d, r in sorted(near, key=lambda x: x[0]) if d <= metres]


def report_by_public_id(public_id: str) -> Report | None:
    return Report.objects.filter(public_id=public_id).select_related("merged_into").first()


def report_for_case(case_id: int) -> Report | None:
    return Report.objects.filter(case_id=case_id).first()


def reports_public(*, closed_days: int = 30) -> QuerySet[Report]:
    """Open reports, and reports closed in the last `closed_days`, newest first."""
    since = timezone.now() - datetime.timedelta(days=closed_days)
    open_ = Report.objects.filter(status=Report.Status.OPEN, merged_into__isnull=True)
    closed = Report.objects.filter(status=Report.Status.CLOSED, updated_at__gte=since)
    return (open_ | closed).order_by("-requested_at", "-id")


def changeset() -> datetime.datetime | None:
    """When the fault services' definitions last changed: the discovery's `changeset`."""
    times = [s.version.published_at for s in fault_services()]
    return max(times) if times else None


@dataclass(frozen=True)
class RequestQuery:
    ids: tuple[str, ...] = ()
    service_codes: tuple[str, ...] = ()
    start: datetime.datetime | None = None
    end: datetime.datetime | None = None
    statuses: tuple[str, ...] = ()
    # Extensions: changed since or before, and pages of page_size (1-based).
    updated_after: datetime.datetime | None = None
    updated_before: datetime.datetime | None = None
    page: int = 1
    page_size: int = 1000


DEFAULT_DAYS = 90
DEFAULT_LIMIT = 1000


# The columns an Open311 request is written from: read as plain rows, not model instances,
# since an answer may hold 1,000 of them (bench/open311.py).
API_FIELDS = (
    "public_id",
    "status",
    "status_notes",
    "service_code",
    "agency_responsible",
    "requested_at",
    "updated_at",
    "expected_at",
    "address",
    "address_id",
    "state",
    "public_description",
    "case_id",
    "lat",
    "lng",
    "photo_approved",
    "photo_blob",
    "media_url",
    "merged_into_id",
)


def reports_for_api(q: RequestQuery) -> list[dict]:
    """GET requests: by ids, or by filters within a date range, newest first, at most 1,000.

    Without dates the range is the last 90 days (GeoReport v2: "the last 90 days or the first
    1,000 requests, whichever is smaller"). Each report is a mapping of API_FIELDS.
    """
    reports = Report.objects.all()
    size = max(1, min(q.page_size, DEFAULT_LIMIT))
    first = (max(q.page, 1) - 1) * size
    if q.ids:
        reports = reports.filter(public_id__in=q.ids[:DEFAULT_LIMIT])
        return list(
            reports.order_by("-requested_at", "-id").values(*API_FIELDS)[first : first + size]
        )
    start, end = q.start, q.end
    by_update = q.updated_after is not None or q.updated_before is not None
    if start is None and end is None and not by_update:
        start = timezone.now() - datetime.timedelta(days=DEFAULT_DAYS)
    elif start is None and end is not None:
        start = end - datetime.timedelta(days=DEFAULT_DAYS)
    if start is not None:
        reports = reports.filter(requested_at__gte=start)
    if end is not None:
        reports = reports.filter(requested_at__lte=end)
    if q.statuses:
        reports = reports.filter(status__in=q.statuses)
    if q.service_codes:
        reports = reports.filter(service_code__in=q.service_codes)
    if q.updated_after is not None:
        reports = reports.filter(updated_at__gt=q.updated_after)
    if q.updated_before is not None:
        reports = reports.filter(updated_at__lt=q.updated_before)
    return list(reports.order_by("-requested_at", "-id").values(*API_FIELDS)[first : first + size])


def report_extensions(rows: list[dict]) -> dict[int, dict]:
    """For `extensions=true`: each report's answers and its public notes, in two queries."""
    from digikommun.cases.models import Case

    case_ids = [r["case_id"] for r in rows]
    answers = dict(Case.objects.filter(pk__in=case_ids).values_list("pk", "answers"))
    notes: dict[int, list] = {}
    updates = (
        ReportUpdate.objects.filter(
            report__case_id__in=case_ids, source=ReportUpdate.Source.CASEWORKER
        )
        .order_by("at", "pk")
        .values("report__case_id", "at", "state", "notes")
    )
    for u in updates:
        notes.setdefault(u["report__case_id"], []).append(u)
    return {
        cid: {"answers": answers.get(cid) or {}, "notes": notes.get(cid, [])} for cid in case_ids
    }


def updates_for_api(
    *, start: datetime.datetime | None, end: datetime.datetime | None
) -> list[ReportUpdate]:
    """GET servicerequestupdates: public updates in a time range (the last 90 days by default),
    oldest first, at most 1,000."""
    if start is None and end is None:
        start = timezone.now() - datetime.timedelta(days=DEFAULT_DAYS)
    updates = ReportUpdate.objects.filter(source=ReportUpdate.Source.CASEWORKER)
    if start is not None:
        updates = updates.filter(at__gte=start)
    if end is not None:
        updates = updates.filter(at__lte=end)
    return list(updates.select_related("report").order_by("at", "pk")[:DEFAULT_LIMIT])
