"""The caseworker's page for a fault report, linked from the workbench case page: move the
report through its states (workflow.py) with a public note and an expected date, publish its
description, approve the photo, merge a duplicate; a map of where it is and what is close by.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from digikommun.audit.services import audit_log
from digikommun.cases.handling import may_handle
from digikommun.cases.workflow import TransitionRefused

from . import selectors, workflow
from .models import ReportUpdate
from .services import (
    InvalidUpdate,
    NotAllowed,
    photo_approve,
    report_describe,
    report_merge,
    report_update,
)
from .views import _allow_tiles, _map_config


def _tr(texts) -> str:
    lang = (get_language() or "sv")[:2]
    texts = texts or {}
    return texts.get(lang) or texts.get("sv") or ""


def _expected(text: str) -> datetime.datetime | None:
    text = text.strip()
    if not text:
        return None
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        raise InvalidUpdate(
            "expected", _("Enter the date as year-month-day, for example 2026-12-01.")
        ) from None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(16, 0)))


@login_required
@require_http_methods(["GET", "POST"])
def handle(request: HttpRequest, case_id: int) -> HttpResponse:
    report = selectors.report_for_case(case_id)
    if report is None:
        raise Http404
    if not may_handle(request.user, report.case):
        raise PermissionDenied
    service = selectors.fault_service(report.service_id)
    errors: dict[str, str] = {}
    posted = request.POST
    if request.method == "POST":
        action = posted.get("action")
        try:
            if action == "update":
                report_update(
                    report_id=report.pk,
                    user=request.user,
                    state=posted.get("state", ""),
                    status=posted.get("status", ""),  # Open311's word, open or closed
                    notes=posted.get("notes", ""),
                    expected_at=_expected(posted.get("expected", "")),
                )
                messages.success(request, _("The report is updated; its followers are told."))
            elif action == "describe":
                report_describe(
                    report_id=report.pk,
                    user=request.user,
                    text=report.description
                    if posted.get("as_reported") == "yes"
                    else posted.get("public_description", ""),
                )
                messages.success(request, _("The published description is saved."))
            elif action == "photo":
                photo_approve(
                    report_id=report.pk, user=request.user, approved=posted.get("approve") == "yes"
                )
                messages.success(request, _("The photo's publication is saved."))
            elif action == "merge":
                target = report_merge(
                    report_id=report.pk, into_public_id=posted.get("into", ""), user=request.user
                )
                messages.success(
                    request,
                    _("Merged with %(id)s; its followers will hear about that report.")
                    % {"id": target.public_id},
                )
            else:
                raise Http404
            return redirect("open311:handle", case_id=case_id)
        except InvalidUpdate as exc:
            errors[exc.field] = exc.message
        except (NotAllowed, TransitionRefused):
            raise PermissionDenied from None
    report.refresh_from_db()
    # The handling page shows the reporter's contact details: a read of personal data.
    audit_log(actor=request.user, action="report.read", case_id=report.case_id)
    category = service.config.category(report.service_code) if service else None
    nearby = []
    if report.lat is not None and service and report.is_open:
        nearby = [
            r
            for r in selectors.reports_nearby(
                service_id=report.service_id,
                code=report.service_code,
                lat=report.lat,
                lng=report.lng,
                metres=service.config.duplicate_distance_m * 4,
                days=service.config.duplicate_days,
            )
            if r.pk != report.pk
        ]
    markers = [
        {
            "lat": r.lat,
            "lng": r.lng,
            "status": r.status,
            "title": f"{r.number} ({r.get_state_display()})",
            "url": "",
        }
        for r in [report, *nearby]
        if r.lat is not None
    ]
    map_config = None
    if service and report.lat is not None:
        map_config = {
            **_map_config(service, label=_("Map: the report and open reports close by")),
            "markers": markers,
            "center": [report.lat, report.lng],
            "zoom": 17,
        }
    updates = report.updates.select_related("by")
    response = render(
        request,
        "open311/handle.html",
        {
            "report": report,
            "case": report.case,
            "category": _tr(category.name) if category else report.service_code,
            "followers": report.followers.count(),
            "updates": [u for u in updates if u.source == ReportUpdate.Source.CASEWORKER],
            "client_updates": [u for u in updates if u.source == ReportUpdate.Source.CLIENT],
            "states": [
                (s, workflow.State(s).label)
                for s in workflow.allowed_targets(report.state, workflow.Actor.CASEWORKER)
            ],
            "nearby": nearby,
            "duplicates": report.duplicates.all(),
            "errors": errors,
            "posted": posted,
            "map_config": map_config,
        },
        status=400 if errors else 200,
    )
    return _allow_tiles(response)
