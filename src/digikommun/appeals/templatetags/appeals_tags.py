"""The reconsideration and appeal panels on the case pages (Mina sidor and the workbench)."""

from __future__ import annotations

from django import template
from django.utils import timezone

from digikommun.cases.handling import may_handle
from digikommun.cases.workflow import Status
from digikommun.letters.deadlines import appeal_deadline

from .. import selectors
from ..workflow import ReconsiderationStatus

register = template.Library()


def _replaced(case) -> list:
    return [d for d in case.decisions.order_by("pk") if hasattr(d, "replaced_by")]


@register.inclusion_tag("appeals/_resident_panel.html")
def resident_appeals_panel(case):
    decision = case.decision
    reconsiderations = selectors.reconsiderations_for_case(case_id=case.pk)
    appeals = selectors.appeals_for_case(case_id=case.pk)
    open_reconsideration = any(r.status == ReconsiderationStatus.OPEN for r in reconsiderations)
    open_appeal = any(a.is_open for a in appeals)
    decided = case.status in (Status.DECIDED, Status.CLOSED, Status.RECONSIDERING)
    return {
        "case": case,
        "decision": decision,
        "replaced": _replaced(case) if decision else [],
        "reconsiderations": reconsiderations,
        "appeals": appeals,
        "can_ask": decision is not None
        and decision.is_automated
        and decided
        and not open_reconsideration
        and not open_appeal,
        "can_appeal": decision is not None and not open_appeal and decided,
        "deadline": appeal_deadline(timezone.localdate(decision.decided_at)) if decision else None,
    }


@register.inclusion_tag("appeals/_workbench_panel.html", takes_context=True)
def workbench_appeals_panel(context, case):
    request = context["request"]
    reconsiderations = selectors.reconsiderations_for_case(case_id=case.pk)
    appeals = selectors.appeals_for_case(case_id=case.pk)
    decision = case.decision
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "case": case,
        "show": decision is not None,
        "reconsiderations": reconsiderations,
        "appeals": appeals,
        "replaced": _replaced(case) if decision else [],
        "can_start": decision is not None
        and case.status in (Status.DECIDED, Status.CLOSED)
        and may_handle(request.user, case),
    }


@register.simple_tag(takes_context=True)
def appeals_waiting_count(context) -> int:
    """Open reconsiderations and appeals waiting in the caseworker's services (for the queue)."""
    user = context["request"].user
    return (
        selectors.reconsiderations_open(user=user).count()
        + selectors.appeals_waiting(user=user).count()
    )
