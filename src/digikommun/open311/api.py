from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import dateparse, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import selectors, workflow
from .api_format import ApiError, endpoint, read_post, render_open311
from .attributes import attribute_item, attribute_value, photo_attribute
from .keys import api_key_find, api_key_use
from .models import Report
from .services import (
    InvalidUpdate,
    ReportRefused,
    Submission,
    report_client_update,
    report_submit,
    site_url,
)

SPEC = "http://wiki.open311.org/GeoReport_v2"


def _lang() -> str:
    return (get_language() or "sv")[:2]


def _tr(texts: dict[str, str] | None) -> str:
    texts = texts or {}
    return texts.get(_lang()) or texts.get("sv") or ""


def iso(value: datetime.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _key(request: HttpRequest, *, required: bool):
    """The request's api_key, counted against its rate limit; ApiError when it fails."""
    data = read_post(request) if request.method == "POST" else request.GET
    text = data.get("api_key") or request.GET.get("api_key")
    if not text:
        if required:
            raise ApiError(403, _("api_key is missing: a key is needed to send to this API."))
        return None
    key = api_key_find(text)
    if key is None:
        raise ApiError(403, _("api_key is not valid (unknown or revoked)."))
    if not api_key_use(key):
        raise ApiError(429, _("Too many requests with this api_key; wait a minute and try again."))
    return key


@endpoint("GET")
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    _key(request, required=False)
    base = request.build_absolute_uri(reverse("open311:services", kwargs={"fmt": fmt}))
    changeset = iso(selectors.changeset())
    data = {
        "changeset": changeset,
        "contact": _("Questions about the API: the municipality's contact centre."),
        "key_service": _("API keys are issued by the municipality's administrator."),
        "endpoints": [
            {
                "specification": SPEC,
                "url": base.rsplit("/", 1)[0],
                "changeset": changeset,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return render_open311(data, fmt, root="discovery")


def _service_item(category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": _tr(category.name),
        "description": _tr(category.description),
        "metadata": bool(category.questions) or category.photo == "required",
        "type": "realtime",
        "keywords": ", ".join(category.keywords),
        "group": _tr(category.group),
    }


@endpoint("GET")
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    _key(request, required=False)
    items = [_service_item(c) for s in selectors.fault_services() for c in s.config.categories]
    return render_open311(items, fmt, root="services")


@endpoint("GET")
def service_definition(request: HttpRequest, fmt: str, code: str) -> HttpResponse:
    _key(request, required=False)
    found = selectors.category_find(code)
    if found is None:
        raise ApiError(404, _("There is no service with service_code %(code)s.") % {"code": code})
    _service, category = found
    attributes = [attribute_item(q, i) for i, q in enumerate(category.questions, start=1)]
    if category.photo == "required":
        attributes.append(photo_attribute(len(attributes) + 1))
    data = {"service_code": category.code, "attributes": attributes}
    return render_open311(data, fmt, root="service_definition")


def photo_url(report: dict) -> str | None:
    if not report["photo_approved"]:
        return None
    if report["photo_blob"]:
        return site_url(reverse("open311:photo", kwargs={"public_id": report["public_id"]}))
    return report["media_url"] or None


def request_item(report: dict, names: dict[str, str], tz, extra: dict | None = None) -> dict:
    """One request, from a row of selectors.API_FIELDS (and, with extensions, its extras)."""

    def iso_(value):
        return value.astimezone(tz).isoformat(timespec="seconds") if value else None

    notes = report["status_notes"]
    if report["merged_into_id"] and not notes:
        notes = _("Merged with another report.")
    is_open = report["status"] == Report.Status.OPEN
    item = {
        "service_request_id": report["public_id"],
        "status": report["status"],
        "status_notes": notes or None,
        "service_name": names.get(report["service_code"], report["service_code"]),
        "service_code": report["service_code"],
        # Published only as a caseworker cleared or worded it: a reporter's own words may
        # name or describe people (docs/open311.md).
        "description": report["public_description"] or None,
        "agency_responsible": report["agency_responsible"] or None,
        "service_notice": None,
        "requested_datetime": iso_(report["requested_at"]),
        "updated_datetime": iso_(report["updated_at"]),
        "expected_datetime": iso_(report["expected_at"]) if is_open else None,
        "address": report["address"] or None,
        "address_id": report["address_id"] or None,
        "zipcode": None,
        "lat": report["lat"],
        "long": report["lng"],
        "media_url": photo_url(report),
    }
    if extra is not None:
        item["extended_attributes"] = {
            "detailed_status": workflow.EXTENDED_STATUS.get(report["state"], "OPEN"),
            "attributes": {
                k: v
                for k, v in extra["answers"].items()
                if k not in ("category", "location", "address", "description")
            },
            "notes": [
                {
                    "datetime": iso_(n["at"]),
                    "detailed_status": workflow.EXTENDED_STATUS.get(n["state"], "OPEN"),
                    "description": n["notes"] or None,
                }
                for n in extra["notes"]
            ],
        }
    return item


def _names() -> dict[str, str]:
    return {c.code: _tr(c.name) for s in selectors.fault_services() for c in s.config.categories}


def _when(request: HttpRequest, name: str) -> datetime.datetime | None:
    text = request.GET.get(name, "").strip()
    if not text:
        return None
    value = dateparse.parse_datetime(text.replace(" ", "+"))
    if value is None:
        day = dateparse.parse_date(text)
        if day is not None:
            value = datetime.datetime.combine(day, datetime.time.min)
    if value is None:
        raise ApiError(
            400,
            _("%(name)s must be an ISO 8601 date and time, for example 2026-11-27T08:15:30+01:00.")
            % {"name": name},
        )
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _list(request: HttpRequest, name: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in request.GET.get(name, "").split(",") if v.strip())


def _whole(request: HttpRequest, name: str, default: int, low: int, high: int) -> int:
    text = request.GET.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or not low <= int(text) <= high:
        raise ApiError(
            400,
            _("%(name)s must be a whole number from %(low)d to %(high)d.")
            % {"name": name, "low": low, "high": high},
        )
    return int(text)


def _extensions(request: HttpRequest) -> bool:
    return request.GET.get("extensions", "").strip().lower() == "true"


def _items(request: HttpRequest, rows: list[dict]) -> list[dict]:
    names, tz = _names(), timezone.get_current_timezone()
    extras = selectors.report_extensions(rows) if _extensions(request) else None
    return [request_item(r, names, tz, extras[r["case_id"]] if extras else None) for r in rows]


@endpoint("GET", "POST")
def requests_(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _post_request(request, fmt)
    return _get_requests(request, fmt)


def _get_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    _key(request, required=False)
    start, end = _when(request, "start_date"), _when(request, "end_date")
    if start and end:
        if end < start:
            raise ApiError(400, _("end_date is earlier than start_date."))
        if end - start > datetime.timedelta(days=selectors.DEFAULT_DAYS):
            raise ApiError(400, _("start_date and end_date may not span more than 90 days."))
    statuses = _list(request, "status")
    for status in statuses:
        if status not in Report.Status.values:
            raise ApiError(400, _("status is open or closed."))
    ids = _list(request, "service_request_id")
    if len(ids) > selectors.DEFAULT_LIMIT:
        raise ApiError(400, _("Ask for at most 1,000 service_request_id values at a time."))
    query = selectors.RequestQuery(
        ids=ids,
        service_codes=_list(request, "service_code"),
        start=start,
        end=end,
        statuses=statuses,
        updated_after=_when(request, "updated_after"),
        updated_before=_when(request, "updated_before"),
        page=_whole(request, "page", 1, 1, 100_000),
        page_size=_whole(request, "page_size", selectors.DEFAULT_LIMIT, 1, selectors.DEFAULT_LIMIT),
    )
    items = _items(request, selectors.reports_for_api(query))
    return render_open311(items, fmt, root="service_requests")


def _post_request(request: HttpRequest, fmt: str) -> HttpResponse:
    key = _key(request, required=True)
    data = request.POST
    code = data.get("service_code", "").strip()
    if not code:
        raise ApiError(400, _("service_code is missing."))
    found = selectors.category_find(code)
    if found is None:
        raise ApiError(404, _("There is no service with service_code %(code)s.") % {"code": code})
    service, category = found
    answers: dict[str, Any] = {}
    problems: list[str] = []
    for q in category.questions:
        values = data.getlist(f"attribute[{q.id}][]") or data.getlist(f"attribute[{q.id}]")
        try:
            answers[q.id] = attribute_value(q, values)
        except ValueError as exc:
            problems.append(f"attribute[{q.id}]: {exc}")
    if problems:
        raise ApiError(400, *problems)
    submission = Submission(
        category=code,
        lat=data.get("lat", ""),
        lng=data.get("long", ""),
        address=data.get("address_string", ""),
        address_id=data.get("address_id", ""),
        description=data.get("description", ""),
        answers=answers,
        photo=request.FILES.get("media"),
        media_url=data.get("media_url", "") or data.get("attribute[media_url]", ""),
        email=data.get("email", ""),
    )
    try:
        report = report_submit(
            service=service, submission=submission, api_key=key, language=_lang()
        )
    except ReportRefused as exc:
        fields = {"location": "lat/long", "photo": "media_url", "address": "address_string"}
        raise ApiError(
            400,
            *[
                f"{fields.get(k, 'attribute[' + k + ']' if k in answers else k)}: {v}"
                for k, v in exc.errors.items()
            ],
        ) from None
    page = request.build_absolute_uri(
        reverse("open311:report_page", kwargs={"public_id": report.public_id})
    )
    item = {
        "service_request_id": report.public_id,
        "service_notice": _("Thank you. Follow the report at %(url)s") % {"url": page},
        "account_id": None,
    }
    return render_open311([item], fmt, root="service_requests")


@endpoint("GET")
def token(request: HttpRequest, fmt: str, token: str) -> HttpResponse:
    _key(request, required=False)
    report = None
    try:
        report = Report.objects.filter(token=token).first()
    except Exception:  # not a UUID
        report = None
    if report is None:
        raise ApiError(404, _("There is no request with token %(token)s.") % {"token": token})
    return render_open311(
        [{"service_request_id": report.public_id, "token": str(report.token)}],
        fmt,
        root="service_requests",
    )


@endpoint("GET")
def request_one(request: HttpRequest, fmt: str, request_id: str) -> HttpResponse:
    _key(request, required=False)
    found = selectors.reports_for_api(selectors.RequestQuery(ids=(request_id,)))
    if not found:
        raise ApiError(404, _("There is no service request %(id)s.") % {"id": request_id})
    return render_open311(_items(request, found), fmt, root="service_requests")


@endpoint("GET", "POST")
def request_updates(request: HttpRequest, fmt: str) -> HttpResponse:
    """The service request updates extension (FixMyStreet's `servicerequestupdates`)."""
    if request.method == "POST":
        return _post_update(request, fmt)
    _key(request, required=False)
    start, end = _when(request, "start_date"), _when(request, "end_date")
    if start and end and end < start:
        raise ApiError(400, _("end_date is earlier than start_date."))
    tz = timezone.get_current_timezone()
    items = [
        {
            "update_id": str(u.pk),
            "service_request_id": u.report.public_id,
            "status": workflow.EXTENDED_STATUS.get(u.state, "OPEN"),
            "updated_datetime": u.at.astimezone(tz).isoformat(timespec="seconds"),
            "description": u.notes or None,
            "media_url": None,
        }
        for u in selectors.updates_for_api(start=start, end=end)
    ]
    return render_open311(items, fmt, root="service_request_updates")


def _post_update(request: HttpRequest, fmt: str) -> HttpResponse:
    key = _key(request, required=True)
    data = request.POST
    request_id = data.get("service_request_id", "").strip()
    if not request_id:
        raise ApiError(400, _("service_request_id is missing."))
    report = selectors.report_by_public_id(request_id)
    if report is None:
        raise ApiError(404, _("There is no service request %(id)s.") % {"id": request_id})
    try:
        update = report_client_update(
            report=report,
            api_key=key,
            description=data.get("description", ""),
            requested_status=data.get("status", ""),
        )
    except InvalidUpdate as exc:
        raise ApiError(400, exc.message) from None
    return render_open311([{"update_id": str(update.pk)}], fmt, root="service_request_updates")
