"""The caseworker's side: the team's reconsiderations and appeals, each task's page, the
court file, and starting a reconsideration. Views parse, call one service, render; a refused
form is shown again with what was typed (400), a stale one with a clear message (409)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from digikommun.audit.services import audit_log
from digikommun.cases.handling import DECIDABLE
from digikommun.cases.models import Decision
from digikommun.cases.workflow import TransitionRefused
from digikommun.common.amounts import parse_amount
from digikommun.identity.selectors import is_staff_member
from digikommun.letters.deadlines import appeal_deadline
from digikommun.workbench.selectors import case_for_caseworker

from . import documents, selectors, services
from .errors import error_texts
from .models import Appeal, DetrimentGround, LateException
from .workflow import TransitionRefused as TaskRefused

STALE_TEXT = gettext_noop(
    "Someone else acted on this while you had it open. Nothing was overwritten: check it as "
    "it is now. What you wrote is still in the form."
)


def _staff(request: HttpRequest) -> None:
    if not is_staff_member(request.user):
        raise PermissionDenied


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value.strip()) if value.strip() else None
    except ValueError:
        return None


def _amount(value: str) -> Decimal | None:
    try:
        return parse_amount(value)
    except ValueError:
        raise services.InvalidInput({"amount": "number"}) from None


def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", "0"))
    except ValueError:
        return 0


@login_required
def tasks(request: HttpRequest) -> HttpResponse:
    _staff(request)
    return render(
        request,
        "appeals/tasks.html",
        {
            "reconsiderations": selectors.reconsiderations_open(user=request.user),
            "appeals": selectors.appeals_waiting(user=request.user),
            "now": timezone.now(),
        },
    )


def _reconsideration_context(item, posted=None, errors=None) -> dict:
    case = item.case
    return {
        "item": item,
        "case": case,
        "decision": case.decision,
        "appeal": Appeal.objects.filter(reconsideration=item).first(),
        "outcomes": [c for c in Decision.Outcome.choices if c[0] in DECIDABLE],
        "grounds": DetrimentGround.choices,
        "posted": posted or {},
        "errors": errors or {},
    }


@login_required
def reconsideration(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    item = selectors.reconsideration_for_caseworker(user=request.user, reconsideration_id=pk)
    if item is None:
        raise Http404
    if request.method != "POST":
        audit_log(actor=request.user, action="case.read", case_id=item.case_id)
        return render(request, "appeals/reconsideration.html", _reconsideration_context(item))
    p = request.POST
    try:
        change = p.get("choice") == "change"
        services.reconsideration_resolve(
            reconsideration_id=item.pk,
            user=request.user,
            expected_version=_version(request),
            change=change,
            motivation=p.get("motivation", ""),
            outcome=p.get("outcome", ""),
            amount=_amount(p.get("amount", "")) if change else None,
            detriment_ground=p.get("detriment_ground", ""),
            as_asked=p.get("as_asked") == "yes",
        )
    except services.Stale:
        messages.error(request, _(STALE_TEXT))
        item.refresh_from_db()
        context = _reconsideration_context(item, posted=p)
        return render(request, "appeals/reconsideration.html", context, status=409)
    except services.InvalidInput as exc:
        context = _reconsideration_context(item, posted=p, errors=error_texts(exc.errors))
        return render(request, "appeals/reconsideration.html", context, status=400)
    except services.NotAllowed:
        raise PermissionDenied from None
    messages.success(request, _("Saved."))
    return redirect("appeals:reconsideration", pk=item.pk)


def _appeal_context(item, posted=None, errors=None) -> dict:
    from digikommun.files.selectors import files_for_case

    received = timezone.localdate(item.decision.decided_at)
    return {
        "item": item,
        "case": item.case,
        "decision": item.decision,
        "files": files_for_case(case_id=item.case_id),
        "received_default": received.isoformat(),
        "last_day_default": appeal_deadline(received),
        "submitted_on": timezone.localdate(item.submitted_at),
        "exceptions": LateException.choices,
        "judgments": Appeal.Judgment.choices,
        "today": timezone.localdate().isoformat(),
        "posted": posted or {},
        "errors": errors or {},
    }


@login_required
def appeal(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    item = selectors.appeal_for_caseworker(user=request.user, appeal_id=pk)
    if item is None:
        raise Http404
    if request.method != "POST":
        audit_log(actor=request.user, action="case.read", case_id=item.case_id)
        return render(request, "appeals/appeal_task.html", _appeal_context(item))
    p, action = request.POST, request.POST.get("action", "")
    common = {"appeal_id": item.pk, "user": request.user, "expected_version": _version(request)}
    try:
        if action == "accept":
            services.appeal_accept(
                received_on=_date(p.get("received_on", "")),
                late_exception=p.get("late_exception", ""),
                late_note=p.get("late_note", ""),
                **common,
            )
        elif action == "reject":
            services.appeal_reject_late(
                received_on=_date(p.get("received_on", "")),
                reasons=p.get("reasons", ""),
                **common,
            )
        elif action == "judgment":
            services.appeal_record_judgment(
                judgment=p.get("judgment", ""),
                text=p.get("judgment_text", ""),
                judged_on=_date(p.get("judged_on", "")),
                **common,
            )
        else:
            raise Http404
    except services.Stale:
        messages.error(request, _(STALE_TEXT))
        item.refresh_from_db()
        return render(request, "appeals/appeal_task.html", _appeal_context(item, p), status=409)
    except services.InvalidInput as exc:
        context = _appeal_context(item, p, error_texts(exc.errors))
        return render(request, "appeals/appeal_task.html", context, status=400)
    except services.NotAllowed:
        raise PermissionDenied from None
    except (TaskRefused, TransitionRefused):
        messages.error(request, _("That cannot be done with the appeal in its present state."))
        return redirect("appeals:appeal", pk=item.pk)
    messages.success(request, _("Saved."))
    return redirect("appeals:appeal", pk=item.pk)


@login_required
def court_file(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    item = selectors.appeal_for_caseworker(user=request.user, appeal_id=pk)
    if item is None or not item.court_file:
        raise Http404
    data = documents.stored_pdf(item.court_file, item.court_file_sha256)
    audit_log(actor=request.user, action="appeal.court_file_read", case_id=item.case_id)
    response = HttpResponse(data, content_type="application/pdf")
    name = f"akt-{item.case.register}-{item.case.year}-{item.case.sequence:05d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def start(request: HttpRequest, case_id: int) -> HttpResponse:
    _staff(request)
    case = case_for_caseworker(user=request.user, case_id=case_id)
    if case is None:
        raise Http404
    try:
        item = services.reconsideration_start(
            case_id=case.pk, user=request.user, reason=request.POST.get("reason", "")
        )
    except services.InvalidInput:
        messages.error(request, _("Write why you reconsider the decision."))
        return redirect("workbench:case", case_id=case.pk)
    except services.NotAllowed:
        raise PermissionDenied from None
    except TransitionRefused:
        messages.error(request, _("The decision cannot be reconsidered while an appeal is open."))
        return redirect("workbench:case", case_id=case.pk)
    return redirect("appeals:reconsideration", pk=item.pk)
