"""Public pages of fault reporting: report a fault (logged in or not), the map and list of
reports, one report's page (follow it by email), its approved photo, and stop following.

Nothing personal is shown: not the reporter, their email or their own words, and a photo
only once a caseworker has approved it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from digikommun.cases.handling import may_handle
from digikommun.files.services import storage
from digikommun.files.uploads import install as install_upload_limits
from digikommun.files.uploads import skipped_for
from digikommun.limits.services import limit_take_for_request

from . import selectors
from .models import Report
from .services import (
    PHOTO_MAX_BYTES,
    AlreadyReported,
    InvalidUpdate,
    ReportRefused,
    Submission,
    follower_confirm,
    follower_stop,
    report_follow,
    report_submit,
)

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = "© OpenStreetMap"


def _lang() -> str:
    return (get_language() or "sv")[:2]


def _tr(texts) -> str:
    texts = texts or {}
    return texts.get(_lang()) or texts.get("sv") or ""


def _map_config(service, *, label: str) -> dict:
    config = service.config
    return {
        "center": list(config.center),
        "zoom": config.zoom,
        "boundary": config.boundary.outline(),
        "tiles": getattr(settings, "PORTAL_MAP_TILE_URL", OSM_TILES),
        "attribution": getattr(settings, "PORTAL_MAP_ATTRIBUTION", OSM_ATTRIBUTION),
        "label": label,
        "images": settings.STATIC_URL + "vendor/leaflet-1.9.4/images/",
    }


def _allow_tiles(response: HttpResponse) -> HttpResponse:
    from urllib.parse import urlsplit

    tiles = urlsplit(getattr(settings, "PORTAL_MAP_TILE_URL", OSM_TILES))
    if tiles.scheme in ("http", "https") and tiles.netloc:
        response._csp_update = {"img-src": [f"{tiles.scheme}://{tiles.netloc}"]}
    return response


def _service_or_404():
    service = selectors.fault_service()
    if service is None:
        raise Http404
    return service


def _category_names(service) -> dict[str, str]:
    return {c.code: _tr(c.name) for c in service.config.categories}


def _district_names(service) -> dict[str, str]:
    return {d.id: _tr(d.name) for d in service.config.districts}


def public_map(request: HttpRequest) -> HttpResponse:
    """The map and list of open and recently closed reports."""
    service = _service_or_404()
    config = service.config
    reports = selectors.reports_public(closed_days=config.recently_closed_days)
    status = request.GET.get("status", "")
    code = request.GET.get("category", "")
    if status in Report.Status.values:
        reports = reports.filter(status=status)
    if config.category(code):
        reports = reports.filter(service_code=code)
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    names, districts = _category_names(service), _district_names(service)
    rows = [
        {
            "report": r,
            "category": names.get(r.service_code, r.service_code),
            "district": districts.get(r.district, ""),
        }
        for r in page.object_list
    ]
    markers = [
        {
            "lat": row["report"].lat,
            "lng": row["report"].lng,
            "status": row["report"].status,
            "title": f"{row['report'].number}: {row['category']} ({row['report'].get_state_display()})",
            "url": reverse("open311:report_page", kwargs={"public_id": row["report"].public_id}),
        }
        for row in rows
        if row["report"].lat is not None
    ]
    response = render(
        request,
        "open311/map.html",
        {
            "service": service.definition,
            "config": config,
            "rows": rows,
            "page": page,
            "status": status,
            "category": code,
            "categories": [(c.code, _tr(c.name)) for c in config.categories],
            "map_config": {
                **_map_config(service, label=_("Map of reported faults")),
                "markers": markers,
            },
        },
    )
    return _allow_tiles(response)


def _posted_answers(service, data) -> dict[str, dict[str, str]]:
    return {
        c.code: {q.id: data.get(f"a_{q.id}", "") for q in c.questions}
        for c in service.config.categories
    }


@csrf_exempt
def report_form(request: HttpRequest) -> HttpResponse:
    """Report a fault: logged in or anonymously; the map is a help, not a need.

    The photo's size limit is put in front of the upload before the form is read (so a
    large photo is never read whole), and only then is CSRF checked.
    """
    if request.method == "POST":
        install_upload_limits(request, {"photo": PHOTO_MAX_BYTES}, PHOTO_MAX_BYTES)
    return _report_form(request)


@csrf_protect
@require_http_methods(["GET", "POST"])
def _report_form(request: HttpRequest) -> HttpResponse:
    service = _service_or_404()
    config = service.config
    posted: dict = {}
    errors: dict[str, str] = {}
    duplicates = []
    status = 200
    if request.method == "POST":
        data = request.POST
        posted = {
            k: data.get(k, "")
            for k in ("category", "lat", "lng", "address", "description", "email", "key")
        }
        code = posted["category"]
        answers = _posted_answers(service, data).get(code, {})
        try:
            key = uuid.UUID(posted["key"])
        except ValueError:
            key = uuid.uuid4()
        # Per client address, shared by every process: a flood of reports, and sending
        # "anyway" past the duplicate check, are refused with the 429 page.
        limit_take_for_request(request, scope="fault_report")
        if data.get("send_anyway"):
            limit_take_for_request(request, scope="fault_report_anyway")
        try:
            if skipped_for(request, "photo"):
                raise ReportRefused({"photo": _("The photo is larger than 10 MB.")})
            report = report_submit(
                service=service,
                submission=Submission(
                    category=code,
                    lat=posted["lat"],
                    lng=posted["lng"],
                    address=posted["address"],
                    description=posted["description"],
                    answers=answers,
                    photo=request.FILES.get("photo"),
                    email=posted["email"],
                ),
                user=request.user,
                language=_lang(),
                submission_key=key,
                check_duplicates=not data.get("send_anyway"),
            )
        except ReportRefused as exc:
            errors, status = exc.errors, 400
        except AlreadyReported as exc:
            names = _category_names(service)
            duplicates = [
                {"report": r, "category": names.get(r.service_code, r.service_code)}
                for r in exc.reports
            ]
        else:
            messages.success(
                request,
                _("Thank you! Your report has been received. Its number is %(id)s.")
                % {"id": report.number},
            )
            return redirect("open311:report_page", public_id=report.public_id)
    posted.setdefault("key", str(uuid.uuid4()))
    if request.method == "GET" and request.user.is_authenticated:
        from digikommun.notify.selectors import preference_for

        preference = preference_for(user=request.user)
        posted.setdefault("email", preference.email if preference else "")
    answers_by_category = _posted_answers(service, request.POST) if request.method == "POST" else {}
    categories = []
    for c in config.categories:
        given = answers_by_category.get(c.code, {})
        categories.append(
            {
                "category": c,
                "name": _tr(c.name),
                "description": _tr(c.description),
                "questions": [
                    {
                        "field": q,
                        "label": _tr(q.label),
                        "help": _tr(q.help),
                        "value": given.get(q.id, ""),
                        "error": errors.get(q.id, "") if posted.get("category") == c.code else "",
                        "options": [(o.value, _tr(o.label)) for o in q.options],
                    }
                    for q in c.questions
                ],
            }
        )
    response = render(
        request,
        "open311/report_form.html",
        {
            "service": service.definition,
            "config": config,
            "categories": categories,
            "posted": posted,
            "errors": errors,
            "duplicates": duplicates,
            "map_config": _map_config(
                service,
                label=_(
                    "Map: click to put a pin where the fault is. You can also write the address."
                ),
            ),
        },
        status=status,
    )
    return _allow_tiles(response)


def report_page(request: HttpRequest, public_id: str) -> HttpResponse:
    report = selectors.report_by_public_id(public_id)
    service = selectors.fault_service(report.service_id) if report else None
    if report is None or service is None:
        raise Http404
    names = _category_names(service)
    response = render(
        request,
        "open311/report.html",
        {
            "report": report,
            "service": service.definition,
            "category": names.get(report.service_code, report.service_code),
            "district": _district_names(service).get(report.district, ""),
            "updates": report.updates.all(),
            "photo": report.photo_approved and report.has_photo,
            "map_config": {
                **_map_config(service, label=_("Map: where the fault is")),
                "markers": (
                    [
                        {
                            "lat": report.lat,
                            "lng": report.lng,
                            "status": report.status,
                            "title": report.number,
                            "url": "",
                        }
                    ]
                    if report.lat is not None
                    else []
                ),
                "center": [report.lat, report.lng]
                if report.lat is not None
                else list(service.config.center),
                "zoom": 16 if report.lat is not None else service.config.zoom,
            },
        },
    )
    return _allow_tiles(response)


@require_POST
def follow(request: HttpRequest, public_id: str) -> HttpResponse:
    report = selectors.report_by_public_id(public_id)
    if report is None:
        raise Http404
    limit_take_for_request(request, scope="follow")
    try:
        followed = report_follow(
            report=report, email=request.POST.get("email", ""), language=_lang()
        )
    except InvalidUpdate as exc:
        messages.error(request, exc.message)
        return redirect("open311:report_page", public_id=public_id)
    if followed.confirmed_at is not None:
        messages.success(
            request,
            _("You will get an email when report %(id)s changes.") % {"id": followed.report.number},
        )
    else:
        messages.success(
            request,
            _(
                "We have sent you an email. Open the link in it to start getting news "
                "about report %(id)s."
            )
            % {"id": followed.report.number},
        )
    return redirect("open311:report_page", public_id=followed.report.public_id)


@require_http_methods(["GET", "POST"])
def follow_confirm(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    """The link in the confirmation email: a button (mail scanners open links, people press
    buttons), then updates reach the address."""
    if request.method == "POST":
        follower = follower_confirm(token=token)
        if follower is None:
            raise Http404
        messages.success(
            request,
            _("You will get an email when report %(id)s changes.")
            % {"id": follower.report.public_id},
        )
        return redirect("open311:report_page", public_id=follower.report.public_id)
    return render(request, "open311/follow_confirm.html", {"token": token})


@require_http_methods(["GET", "POST"])
def unfollow(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    if request.method == "POST":
        follower_stop(token=token)
        messages.success(request, _("You will get no more emails about this report."))
        return redirect("open311:map")
    return render(request, "open311/unfollow.html", {"token": token})


def photo(request: HttpRequest, public_id: str) -> FileResponse:
    """A report's photo: to everyone once approved, before that to its caseworkers only."""
    report = selectors.report_by_public_id(public_id)
    if report is None or not report.photo_blob:
        raise Http404
    if not report.photo_approved and not may_handle(request.user, report.case):
        raise Http404  # the same answer whether there is a photo or not
    response = FileResponse(
        storage().open(report.photo_blob, "rb"), content_type=report.photo_content_type
    )
    response["Cache-Control"] = "no-store" if not report.photo_approved else "public, max-age=300"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response
