"""What the benefit dashboard shows, for the public page and the staff page alike: one
selector builds both pages' context from the figures (`selectors.benefit`), with the charts
that stand above each table. The staff page adds what only staff see (every count, the
teams, the survey's comments); the public page the suppression limit it applies."""

from __future__ import annotations

import functools

from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import comments, selectors
from .charts import bar_chart


def dashboard_context(*, public: bool) -> dict:
    """The template context of /benefit/ (`public`) or /benefit/staff/."""
    data = selectors.benefit(public=public)
    context = {
        "services": _service_sections(data),
        "courses": data.courses,
        "course_chart": _course_chart(data),
        "loans": data.loans,
        "loan_chart": _loan_chart(data),
        "staff": not public,
    }
    if public:
        context["suppress_below"] = selectors.SUPPRESS_BELOW
    else:
        context["teams"] = selectors.by_team()
        context["comments"] = _comment_sections(data)
    return context


def _comment_sections(data: selectors.Benefit) -> list[dict]:
    since = selectors.first_month().strftime("%Y-%m")
    return [
        {
            "id": c.service,
            "title": _tr(data.titles.get(c.service)) or c.service,
            "total": c.total,
            "comments": c.comments,
        }
        for c in comments.survey_comments(since_month=since)
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
