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
from .models import Report
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


@dataclass(frozen=True)
class RequestQuery:
    ids: tuple[str, ...] = ()
    service_codes: tuple[str, ...] = ()
    start: datetime.datetime | None = None
    end: datetime.datetime | None = None
    statuses: tuple[str, ...] = ()


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
    if q.ids:
        return list(
            reports.filter(public_id__in=q.ids).order_by("-requested_at", "-id").values(*API_FIELDS)
        )
    start, end = q.start, q.end
    if start is None and end is None:
        start = timezone.now() - datetime.timedelta(days=DEFAULT_DAYS)
    elif start is None:
        start = end - datetime.timedelta(days=DEFAULT_DAYS)
    if start is not None:
        reports = reports.filter(requested_at__gte=start)
    if end is not None:
        reports = reports.filter(requested_at__lte=end)
    if q.statuses:
        reports = reports.filter(status__in=q.statuses)
    if q.service_codes:
        reports = reports.filter(service_code__in=q.service_codes)
    return list(reports.order_by("-requested_at", "-id").values(*API_FIELDS)[:DEFAULT_LIMIT])
