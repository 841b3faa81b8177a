"""The service owner's pages: drafts of their services, a simulation's progress and report
(looking at it is recorded), and publishing the draft that was looked at."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from digikommun.catalog.services import PublishRefused
from digikommun.identity.models import Role
from digikommun.identity.selectors import has_role, services_for_role

from . import reviews
from .models import SimulationRun
from .simulation import Simulation
from .simulation_report import report_body


def _owner_of(request: HttpRequest, service_id: str) -> None:
    if not has_role(request.user, Role.SERVICE_OWNER, service_id=service_id):
        raise PermissionDenied


def _page(request: HttpRequest, *, error: str = "", status: int = 200, since: str = ""):
    if not has_role(request.user, Role.SERVICE_OWNER):
        raise PermissionDenied
    services = services_for_role(request.user, Role.SERVICE_OWNER)
    rows = []
    for draft in reviews.drafts(services=services):
        hash_ = draft.definition.content_hash if draft.definition else ""
        rows.append(
            {
                "draft": draft,
                "hash": hash_,
                "looked": bool(hash_) and reviews.looked_at(draft.service_id, hash_),
                "runs": SimulationRun.objects.filter(service_id=draft.service_id)[:3],
            }
        )
    context = {"rows": rows, "error": error, "since": since}
    return render(request, "register/simulations.html", context, status=status)


@login_required
def simulations(request: HttpRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_POST
def simulation_start(request: HttpRequest, service_id: str) -> HttpResponse:
    _owner_of(request, service_id)
    raw = request.POST.get("since", "").strip()
    since = None
    if raw:
        try:
            since = datetime.date.fromisoformat(raw)
        except ValueError:
            error = _("“%(value)s” is not a date like 2026-01-01.") % {"value": raw}
            return _page(request, error=error, status=400, since=raw)
    try:
        run = reviews.simulation_request(user=request.user, service_id=service_id, since=since)
    except reviews.DraftError as exc:
        return _page(request, error=str(exc), status=400, since=raw)
    return redirect("simulation_run", run_id=run.pk)


@login_required
def simulation_run(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_object_or_404(SimulationRun, pk=run_id)
    _owner_of(request, run.service_id)
    report = ""
    if run.status == SimulationRun.Status.DONE:
        reviews.simulation_look(run=run, user=request.user)
        # The body is built from escaped text only (simulation_report), like the CLI's file.
        report = mark_safe(report_body(Simulation.from_json(run.result), heading="h2"))  # noqa: S308
    draft = next(iter(reviews.drafts(services={run.service_id})), None)
    current = bool(draft and draft.definition and draft.definition.content_hash == run.content_hash)
    return render(
        request,
        "register/simulation_run.html",
        {
            "run": run,
            "report": report,
            "draft_is_this": current,
            "can_publish": current and draft is not None and draft.changed,
            "percent": round(100 * run.done / run.total) if run.total else 0,
        },
    )


@login_required
@require_POST
def simulation_publish(request: HttpRequest, service_id: str) -> HttpResponse:
    _owner_of(request, service_id)
    try:
        result = reviews.draft_publish(user=request.user, service_id=service_id)
    except reviews.DraftError as exc:
        return _page(request, error=str(exc), status=400)
    except PublishRefused as exc:
        error = _("Publishing was refused: %(reasons)s") % {"reasons": " ".join(exc.lines)}
        return _page(request, error=error, status=400)
    return render(request, "register/simulation_published.html", {"version": result.version})
