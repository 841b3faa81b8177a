"""The benefit dashboard (/benefit/) and its open data (/open-data/benefit.csv and .json)."""

from __future__ import annotations

import csv
import io
import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from digikommun.cases.models import Case
from digikommun.identity.selectors import is_staff_member

from . import selectors, survey
from .dashboard import dashboard_context

FIELDS = [
    "kind",
    "service",
    "course",
    "month",
    "applications",
    "decided",
    "automated",
    "automated_share",
    "median_hours",
    "p90_hours",
    "completion_requests",
    "person_requests",
    "reconsiderations",
    "reconsiderations_changed",
    "appeals",
    "appeals_changed",
    "survey_answers",
    "survey_mean",
    "hours_saved",
    "bookings",
    "attended",
    "waiting",
    "participants",
    "repeat_visits",
    "pool",
    "loans_started",
    "loans_waiting",
    "loans_offered",
    "median_wait_days",
    "suppressed",
]


def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "transparency/benefit.html", dashboard_context(public=True))


@login_required
def staff_dashboard(request: HttpRequest) -> HttpResponse:
    if not is_staff_member(request.user):
        raise PermissionDenied
    return render(request, "transparency/benefit.html", dashboard_context(public=False))


def open_data(request: HttpRequest, fmt: str) -> HttpResponse:
    records = selectors.as_records(selectors.benefit())
    if fmt == "json":
        body = json.dumps(
            {
                "description": "Digikommun benefit figures per service or course and month; "
                f"counts under {selectors.SUPPRESS_BELOW} are null (suppressed).",
                "fields": FIELDS,
                "records": [{k: r.get(k) for k in FIELDS} for r in records],
            },
            ensure_ascii=False,
        )
        return HttpResponse(body, content_type="application/json; charset=utf-8")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for r in records:
        writer.writerow({k: "" if r.get(k) is None else r.get(k) for k in FIELDS})
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="benefit.csv"'
    return response


@login_required
@require_POST
def survey_answer(request: HttpRequest, case_id: int) -> HttpResponse:
    case = Case.objects.filter(pk=case_id, applicant_id=request.user.pk).first()
    if case is None:
        raise Http404
    score = request.POST.get("score", "")
    comment = request.POST.get("comment", "")
    try:
        survey.survey_answer(case=case, score=score, comment=comment)
    except survey.SurveyError as exc:
        decision = survey.survey_decision(case)
        context = {
            "case": case,
            "decision": decision,
            "answered": False,
            "thanks": False,
            "comment_max": survey.COMMENT_MAX,
            "scores": ["1", "2", "3", "4", "5"],
            "score": score,
            "comment": comment,
            "error": str(exc),
        }
        return render(request, "transparency/survey.html", context, status=400)
    return redirect(reverse("portal:case", args=[case.pk]) + "?survey=thanks#survey")
