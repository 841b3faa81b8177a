"""The benefit dashboard (/benefit/) and its open data (/open-data/benefit.csv and .json)."""

from __future__ import annotations

import csv
import functools
import io
import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from digikommun.cases.models import Case
from digikommun.identity.selectors import is_staff_member

from . import selectors, survey
from .charts import bar_chart

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


def _tr(texts) -> str:
    lang = (get_language() or "sv")[:2]
    texts = texts or {}
    return texts.get(lang) or texts.get("sv") or ""


def _chart(
    service_id, title, rows, name, heading, values, unit: str = "", decimals: int = 0
) -> SafeString:
    return bar_chart(
        chart_id=f"chart-{service_id}-{name}",
        title=heading % {"service": title},
        description=_("The same numbers are in the table below the chart."),
        rows=[(r.month, v) for r, v in zip(rows, values, strict=True)],
        unit=unit,
        decimals=decimals,
    )


def _service_sections(data: selectors.Benefit) -> list[dict]:
    services = []
    for service_id in sorted({r.service for r in data.services}):
        rows = [r for r in data.services if r.service == service_id]
        title = _tr(data.titles.get(service_id)) or service_id

        chart = functools.partial(_chart, service_id, title, rows)

        services.append(
            {
                "id": service_id,
                "title": title,
                "rows": rows,
                "charts": [
                    chart(
                        "applications",
                        _("%(service)s: applications per month"),
                        [r.applications for r in rows],
                    ),
                    chart(
                        "automated",
                        _("%(service)s: share decided automatically per month"),
                        [
                            None if r.automated_share is None else r.automated_share * 100
                            for r in rows
                        ],
                        unit="%",
                    ),
                    chart(
                        "hours",
                        _("%(service)s: staff hours saved per month"),
                        [r.hours_saved for r in rows],
                    ),
                    chart(
                        "survey",
                        _("%(service)s: how easy was it, mean of 1–5 per month"),
                        [r.survey_mean for r in rows],
                        decimals=1,
                    ),
                ],
                "has_hours": any(r.hours_saved is not None for r in rows),
            }
        )
    return services


def _course_chart(data: selectors.Benefit) -> SafeString | None:
    if not data.courses:
        return None
    return bar_chart(
        chart_id="chart-courses-participants",
        title=_("Courses: people who came, per course and month"),
        description=_("The same numbers are in the table below the chart."),
        rows=[(f"{c.course} {c.month}", c.participants) for c in data.courses],
    )


def _loan_chart(data: selectors.Benefit) -> SafeString | None:
    if not data.loans:
        return None
    return bar_chart(
        chart_id="chart-loans-started",
        title=_("Loans: loans started, per pool and month"),
        description=_("The same numbers are in the table below the chart."),
        rows=[(f"{r.pool} {r.month}", r.loans_started) for r in data.loans],
    )


def dashboard(request: HttpRequest) -> HttpResponse:
    data = selectors.benefit()
    return render(
        request,
        "transparency/benefit.html",
        {
            "services": _service_sections(data),
            "courses": data.courses,
            "course_chart": _course_chart(data),
            "loans": data.loans,
            "loan_chart": _loan_chart(data),
            "suppress_below": selectors.SUPPRESS_BELOW,
            "staff": False,
        },
    )


@login_required
def staff_dashboard(request: HttpRequest) -> HttpResponse:
    if not is_staff_member(request.user):
        raise PermissionDenied
    data = selectors.benefit(public=False)
    return render(
        request,
        "transparency/benefit.html",
        {
            "services": _service_sections(data),
            "courses": data.courses,
            "course_chart": _course_chart(data),
            "loans": data.loans,
            "loan_chart": _loan_chart(data),
            "teams": selectors.by_team(),
            "staff": True,
        },
    )


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
