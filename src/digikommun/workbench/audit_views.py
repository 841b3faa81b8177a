"""The auditor's view of the audit log: who read or changed which case, when and why."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from digikommun.audit.models import Entry
from digikommun.identity.models import Role
from digikommun.identity.selectors import has_role

PAGE = 100


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if not has_role(request.user, Role.AUDITOR):
        raise PermissionDenied
    entries = Entry.objects.order_by("-seq")
    case = request.GET.get("case", "")
    if case.isdigit():
        entries = entries.filter(case_id=int(case))
    before = request.GET.get("before", "")
    if before.isdigit():
        entries = entries.filter(seq__lt=int(before))
    rows = list(entries[: PAGE + 1])
    more = len(rows) > PAGE
    rows = rows[:PAGE]
    return render(
        request,
        "workbench/audit.html",
        {"entries": rows, "case": case, "next": rows[-1].seq if more and rows else None},
    )
