"""The stuck queue: process steps, timers and notifications that failed and need a person.

Administrators only. Each row names the case, what failed, the last error and when it is
tried next (or that it is out of attempts), with a button to try again from the start.
Recovery itself is automatic (docs/adr/0021-every-step-recoverable.md); this page is where
a person is told when it is not enough.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from digikommun.audit.services import audit_log
from digikommun.cases.models import Case
from digikommun.identity.models import Role
from digikommun.identity.selectors import has_role
from digikommun.notify.selectors import deliveries_failed
from digikommun.notify.services import delivery_retry
from digikommun.process.selectors import steps_needing_attention, timers_stuck
from digikommun.process.services import step_retry, timer_retry

WHAT = {
    "decide": gettext_lazy("Deciding the case"),
    "after_decision": gettext_lazy("Letter, notification and closing timer after the decision"),
    "timer": gettext_lazy("A timer (deadline, reminder or closing)"),
    "delivery": gettext_lazy("A notification email"),
}
RETRY = {
    "step": lambda pk: step_retry(run_id=pk),
    "timer": lambda pk: timer_retry(timer_id=pk),
    "delivery": lambda pk: delivery_retry(delivery_id=pk),
}
LIMIT = 200


@dataclass(frozen=True)
class Row:
    kind: str  # step, timer, delivery
    pk: int
    case_id: int
    what: str
    error: str
    attempts: int
    next_attempt_at: object  # a datetime, or None when out of attempts
    case: Case | None = None


def _rows() -> list[Row]:
    rows = [
        Row(
            "step",
            r.pk,
            r.case_id,
            str(WHAT.get(r.step, r.step)),
            r.last_error,
            r.attempts,
            r.next_attempt_at if r.status == "failed" else None,
        )
        for r in steps_needing_attention()[:LIMIT]
    ]
    rows += [
        Row("timer", t.pk, t.case_id, f"{WHAT['timer']}: {t.kind}", t.last_error, t.attempts, None)
        for t in timers_stuck()[:LIMIT]
    ]
    rows += [
        Row(
            "delivery",
            d.pk,
            d.case_id,
            f"{WHAT['delivery']}: {d.event}",
            d.last_error,
            d.attempts,
            None,
        )
        for d in deliveries_failed()[:LIMIT]
    ]
    cases = Case.objects.in_bulk({r.case_id for r in rows})
    return [Row(**{**r.__dict__, "case": cases.get(r.case_id)}) for r in rows]


@login_required
@require_http_methods(["GET", "POST"])
def stuck_queue(request: HttpRequest) -> HttpResponse:
    if not (request.user.is_superuser or has_role(request.user, Role.ADMINISTRATOR)):
        raise PermissionDenied
    if request.method == "POST":
        kind, _sep, pk = request.POST.get("retry", "").partition(":")
        if kind in RETRY and pk.isdigit() and RETRY[kind](int(pk)):
            audit_log(
                actor=request.user, action="process.retry", detail={"kind": kind, "id": int(pk)}
            )
            messages.success(request, _("It will be tried again in a moment."))
        else:
            messages.error(
                request, _("That is no longer waiting for a retry; the list is updated.")
            )
        return redirect("workbench:stuck")
    response = render(request, "workbench/stuck.html", {"rows": _rows()})
    response["Cache-Control"] = "private, no-store"
    return response
