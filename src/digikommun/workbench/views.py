"""Caseworker pages: the queue, take next, and the case view with its actions.

Views parse the request, call one service in digikommun.cases.handling, and render or
redirect. A form refused for a reason (a missing motivation, a case changed by someone else)
is shown again with what the person typed.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from digikommun.cases import handling
from digikommun.cases.attention import case_clear_attention
from digikommun.cases.handling import may_handle
from digikommun.cases.workflow import Status, TransitionRefused
from digikommun.catalog import selectors as catalog_selectors
from digikommun.common.amounts import parse_amount
from digikommun.identity.selectors import is_staff_member

from . import selectors
from .casepage import case_context, error_text, requested_documents

ACTIONS = {"assign", "note", "message", "completion", "decide", "approve", "return"}


def _staff(request: HttpRequest) -> None:
    if not is_staff_member(request.user):
        raise PermissionDenied


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _int(value: str) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    _staff(request)
    g = request.GET
    f = selectors.QueueFilter(
        team=g.get("team", ""),
        service=g.get("service", ""),
        status=g.get("status", Status.IN_REVIEW),
        assignee=g.get("assignee", ""),
        older_than_days=_int(g.get("older_than_days", "")),
        deadline_before=_date(g.get("deadline_before", "")),
        recommended=g.get("recommended", ""),
        after=g.get("after", ""),
    )
    page = selectors.queue_page(user=request.user, f=f)
    inbox = selectors.inbox_count(user=request.user)
    params = g.copy()
    params.pop("after", None)
    return render(
        request,
        "workbench/queue.html",
        {
            "page": page,
            "f": f,
            "teams": selectors.teams_for(request.user),
            "services": selectors.service_choices(user=request.user),
            "inbox_count": inbox,
            "statuses": [
                (selectors.INBOX, _("Inbox: unread from applicants")),
                ("open", _("All open cases")),
            ]
            + list(Status.choices),
            "filter_query": params.urlencode(),
            "rules_banners": catalog_selectors.rules_banners(
                definitions=catalog_selectors.current_definitions(),
                on=timezone.localdate(),
                lang=(get_language() or "sv")[:2],
            ),
        },
    )


@login_required
@require_POST
def take_next(request: HttpRequest) -> HttpResponse:
    _staff(request)
    case = handling.case_take_next(
        user=request.user,
        service_ids=selectors.caseworker_services(request.user),
    )
    if case is None:
        messages.info(request, _("There is no unassigned case in review in your queues."))
        return redirect("workbench:queue")
    return redirect("workbench:case", case_id=case.pk)


@login_required
def case_view(request: HttpRequest, case_id: int) -> HttpResponse:
    _staff(request)
    case = selectors.case_open_for_caseworker(user=request.user, case_id=case_id)
    if case is None:
        raise Http404
    unread = (
        case_clear_attention(case=case, user=request.user) if may_handle(request.user, case) else []
    )
    context = case_context(request, case)
    context["unread"] = unread
    return render(request, "workbench/case.html", context)


def _amount(value: str) -> Decimal | None:
    try:
        return parse_amount(value)
    except ValueError:
        raise handling.InvalidAction("amount", "number") from None


@login_required
@require_POST
def case_action(request: HttpRequest, case_id: int, action: str) -> HttpResponse:
    _staff(request)
    if action not in ACTIONS:
        raise Http404
    case = selectors.case_for_caseworker(user=request.user, case_id=case_id)
    if case is None:
        raise Http404
    p, user = request.POST, request.user
    version = _int(p.get("version", "")) or 0
    try:
        if action == "assign":
            handling.case_assign(case_id=case.pk, user=user, expected_version=version)
        elif action == "note":
            handling.case_note_add(case_id=case.pk, author=user, text=p.get("note", ""))
        elif action == "message":
            handling.case_message_send(case_id=case.pk, sender=user, text=p.get("message", ""))
        elif action == "completion":
            days = _int(p.get("days", ""))
            if days is None:
                raise handling.InvalidAction("days", "range")
            from digikommun.catalog.selectors import definition_for

            handling.completion_request(
                case_id=case.pk,
                user=user,
                text=p.get("text", ""),
                days=days,
                expected_version=version,
                documents=requested_documents(
                    definition_for(case.service_version),
                    p.getlist("documents"),
                    p.get("other_document", ""),
                ),
            )
        elif action == "decide":
            from digikommun.catalog.selectors import definition_for

            if definition_for(case.service_version).fault_reporting is not None:
                raise Http404  # a fault report is handled, not decided: its own page
            handling.decision_make(
                case_id=case.pk,
                user=user,
                outcome=p.get("outcome", ""),
                amount=_amount(p.get("amount", "")),
                motivation=p.get("motivation", ""),
                override_reason=p.get("override_reason", ""),
                expected_version=version,
                four_eyes=definition_for(case.service_version).process.four_eyes,
            )
        elif action in ("approve", "return"):
            handling.proposal_resolve(
                case_id=case.pk,
                proposal_id=_int(p.get("proposal", "")) or 0,
                user=user,
                approve=action == "approve",
                reason=p.get("return_reason", ""),
                expected_version=version,
            )
    except handling.CaseChanged:
        messages.error(
            request,
            _(
                "Someone else changed this case while you had it open. Nothing was overwritten: "
                "check the case as it is now. What you wrote is still in the form."
            ),
        )
        case.refresh_from_db()
        return render(
            request, "workbench/case.html", case_context(request, case, posted=p), status=409
        )
    except handling.InvalidAction as exc:
        errors = {field: error_text(field, code) for field, code in exc.errors.items()}
        return render(
            request,
            "workbench/case.html",
            case_context(request, case, posted=p, errors=errors),
            status=400,
        )
    except handling.NotAllowed:
        raise PermissionDenied from None
    except TransitionRefused:
        messages.error(request, _("That cannot be done with the case in its present state."))
        return redirect("workbench:case", case_id=case.pk)
    messages.success(request, _("Saved."))
    return redirect("workbench:case", case_id=case.pk)
