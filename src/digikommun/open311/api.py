"""Open311 GeoReport v2 under /open311/v2/, in XML (required by the standard) and JSON.

    GET  discovery.{fmt}             the service discovery document
    GET  services.{fmt}              every category of every fault-reporting service
    GET  services/{code}.{fmt}       a category's questions as attributes
    POST requests.{fmt}              a new report (api_key required, rate-limited per key)
    GET  tokens/{token}.{fmt}        the service_request_id of a token
    GET  requests.{fmt}              reports, filtered; the last 90 days or 1,000 at most
    GET  requests/{id}.{fmt}         one report

Errors are a list of {code, description} with the HTTP status of the code. The views parse
the request, call one service or selector, and render; `render_open311` writes both formats.
The reporter's own description, email and unapproved photos are never returned.
"""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import dateparse, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import selectors
from .keys import api_key_find, api_key_use
from .models import Report
from .services import ReportRefused, Submission, report_submit, site_url

SPEC = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-27T00:00:00+01:00"
# The element name of one item in each list, for XML.
ITEM = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}
DATATYPE = {
    "text": "string",
    "long_text": "text",
    "integer": "number",
    "money": "number",
    "date": "datetime",
    "choice": "singlevaluelist",
    "boolean": "singlevaluelist",
    "multi_choice": "multivaluelist",
}


class ApiError(Exception):
    def __init__(self, status: int, *descriptions: str):
        super().__init__(descriptions[0])
        self.status, self.descriptions = status, descriptions


def _lang() -> str:
    return (get_language() or "sv")[:2]


def _tr(texts: dict[str, str] | None) -> str:
    texts = texts or {}
    return texts.get(_lang()) or texts.get("sv") or ""


def _xml_value(parent: ET.Element, tag: str, value: Any) -> None:
    el = ET.SubElement(parent, tag)
    if isinstance(value, dict):
        for k, v in value.items():
            _xml_value(el, k, v)
    elif isinstance(value, list):
        for item in value:
            _xml_value(el, ITEM.get(tag, "item"), item)
    elif isinstance(value, bool):
        el.text = "true" if value else "false"
    elif value is not None:
        el.text = str(value)


def render_open311(data: Any, fmt: str, *, root: str, status: int = 200) -> HttpResponse:
    """A list (or one object) as JSON, or as XML under `root` with one element per item."""
    if fmt == "json":
        return JsonResponse(
            data, safe=False, status=status, json_dumps_params={"ensure_ascii": False}
        )
    if isinstance(data, list):
        top = ET.Element(root)
        for item in data:
            _xml_value(top, ITEM[root], item)
    else:
        top = ET.Element(root)
        for k, v in data.items():
            _xml_value(top, k, v)
    body = '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(top, encoding="unicode")
    return HttpResponse(body, status=status, content_type="text/xml; charset=utf-8")


def _error_response(err: ApiError, fmt: str) -> HttpResponse:
    data = [{"code": err.status, "description": d} for d in err.descriptions]
    response = render_open311(data, fmt, root="errors", status=err.status)
    if err.status == 429:
        response["Retry-After"] = "60"
    return response


def _endpoint(view):
    def wrapped(request: HttpRequest, fmt: str, **kwargs):
        try:
            key_text = request.POST.get("api_key") if request.method == "POST" else None
            key_text = key_text or request.GET.get("api_key")
            key = None
            if key_text:
                key = api_key_find(key_text)
                if key is None:
                    raise ApiError(403, _("api_key is not valid (unknown or revoked)."))
                if not api_key_use(key):
                    raise ApiError(
                        429, _("Too many requests with this api_key; wait a minute and try again.")
                    )
            request.open311_key = key
            return view(request, fmt, **kwargs)
        except ApiError as err:
            return _error_response(err, fmt)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@require_http_methods(["GET"])
@_endpoint
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    base = request.build_absolute_uri(reverse("open311:services", kwargs={"fmt": fmt}))
    data = {
        "changeset": CHANGESET,
        "contact": _("Questions about the API: the municipality's contact centre."),
        "key_service": _("API keys are issued by the municipality's administrator."),
        "endpoints": [
            {
                "specification": SPEC,
                "url": base.rsplit("/", 1)[0],
                "changeset": CHANGESET,
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
        "metadata": bool(category.questions),
        "type": "realtime",
        "keywords": ", ".join(category.keywords),
        "group": _tr(category.group),
    }


@require_http_methods(["GET"])
@_endpoint
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    items = [_service_item(c) for s in selectors.fault_services() for c in s.config.categories]
    return render_open311(items, fmt, root="services")


def _attribute(q, order: int) -> dict[str, Any]:
    datatype = DATATYPE.get(q.type, "string")
    item: dict[str, Any] = {
        "variable": True,
        "code": q.id,
        "datatype": datatype,
        "required": q.required,
        "datatype_description": _tr(q.help) or None,
        "order": order,
        "description": _tr(q.label),
    }
    if q.type == "boolean":
        item["values"] = [{"key": "yes", "name": _("Yes")}, {"key": "no", "name": _("No")}]
    elif q.options:
        item["values"] = [{"key": o.value, "name": _tr(o.label)} for o in q.options]
    return item


@require_http_methods(["GET"])
@_endpoint
def service_definition(request: HttpRequest, fmt: str, code: str) -> HttpResponse:
    found = selectors.category_find(code)
    if found is None:
        raise ApiError(404, _("There is no service with service_code %(code)s.") % {"code": code})
    _service, category = found
    data = {
        "service_code": category.code,
        "attributes": [_attribute(q, i) for i, q in enumerate(category.questions, start=1)],
    }
    return render_open311(data, fmt, root="service_definition")


def photo_url(report: dict) -> str | None:
    if not report["photo_approved"]:
        return None
    if report["photo_blob"]:
        return site_url(reverse("open311:photo", kwargs={"public_id": report["public_id"]}))
    return report["media_url"] or None


def request_item(report: dict, names: dict[str, str], tz) -> dict[str, Any]:
    """One request, from a row of selectors.API_FIELDS."""

    def iso_(value):
        return value.astimezone(tz).isoformat(timespec="seconds") if value else None

    notes = report["status_notes"]
    if report["merged_into_id"] and not notes:
        notes = _("Merged with another report.")
    return {
        "service_request_id": report["public_id"],
        "status": report["status"],
        "status_notes": notes or None,
        "service_name": names.get(report["service_code"], report["service_code"]),
        "service_code": report["service_code"],
        # The reporter's own words are not published: they may name or describe people.
        "description": None,
        "agency_responsible": report["agency_responsible"] or None,
        "service_notice": None,
        "requested_datetime": iso_(report["requested_at"]),
        "updated_datetime": iso_(report["updated_at"]),
        "expected_datetime": iso_(report["expected_at"]),
        "address": report["address"] or None,
        "address_id": None,
        "zipcode": None,
        "lat": report["lat"],
        "long": report["lng"],
        "media_url": photo_url(report),
    }


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


@require_http_methods(["GET", "POST"])
@csrf_exempt
def requests_(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _post_request(request, fmt)
    return _get_requests(request, fmt)


@_endpoint
def _get_requests(request: HttpRequest, fmt: str) -> HttpResponse:
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
    query = selectors.RequestQuery(
        ids=_list(request, "service_request_id"),
        service_codes=_list(request, "service_code"),
        start=start,
        end=end,
        statuses=statuses,
    )
    names, tz = _names(), timezone.get_current_timezone()
    items = [request_item(r, names, tz) for r in selectors.reports_for_api(query)]
    return render_open311(items, fmt, root="service_requests")


@_endpoint
def _post_request(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.open311_key is None:
        raise ApiError(403, _("api_key is missing: a key is needed to send a service request."))
    data = request.POST
    code = data.get("service_code", "").strip()
    if not code:
        raise ApiError(400, _("service_code is missing."))
    found = selectors.category_find(code)
    if found is None:
        raise ApiError(404, _("There is no service with service_code %(code)s.") % {"code": code})
    service, category = found
    if data.get("address_id") and not (data.get("lat") or data.get("address_string")):
        raise ApiError(400, _("address_id is not supported; send lat and long, or address_string."))
    answers: dict[str, Any] = {}
    for q in category.questions:
        values = data.getlist(f"attribute[{q.id}][]") or data.getlist(f"attribute[{q.id}]")
        answers[q.id] = values if q.type == "multi_choice" else (values[0] if values else "")
    submission = Submission(
        category=code,
        lat=data.get("lat", ""),
        lng=data.get("long", ""),
        address=data.get("address_string", ""),
        description=data.get("description", ""),
        answers=answers,
        photo=request.FILES.get("media"),
        media_url=data.get("media_url", ""),
        email=data.get("email", ""),
    )
    try:
        report = report_submit(
            service=service,
            submission=submission,
            api_key=request.open311_key,
            language=_lang(),
        )
    except ReportRefused as exc:
        fields = {"location": "lat/long", "photo": "media"}
        raise ApiError(
            400,
            *[
                f"{fields.get(k, 'attribute[' + k + ']' if k in answers else k)}: {v}"
                for k, v in exc.errors.items()
            ],
        ) from None
    notice = _("Thank you. Follow the report at %(url)s") % {
        "url": site_url(reverse("open311:report_page", kwargs={"public_id": report.public_id}))
    }
    item = {
        "service_request_id": report.public_id,
        "service_notice": notice,
        "account_id": None,
    }
    return render_open311([item], fmt, root="service_requests")


@require_http_methods(["GET"])
@_endpoint
def token(request: HttpRequest, fmt: str, token: str) -> HttpResponse:
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


@require_http_methods(["GET"])
@_endpoint
def request_one(request: HttpRequest, fmt: str, request_id: str) -> HttpResponse:
    found = selectors.reports_for_api(selectors.RequestQuery(ids=(request_id,)))
    if not found:
        raise ApiError(404, _("There is no service request %(id)s.") % {"id": request_id})
    tz = timezone.get_current_timezone()
    return render_open311([request_item(found[0], _names(), tz)], fmt, root="service_requests")
