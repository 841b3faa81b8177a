"""The survey's place on a case page of Mina sidor."""

from __future__ import annotations

from django import template

from ..survey import COMMENT_MAX, survey_answered, survey_decision

register = template.Library()


@register.inclusion_tag("transparency/_survey_panel.html", takes_context=True)
def survey_panel(context, case):
    decision = survey_decision(case)
    request = context.get("request")
    return {
        "case": case,
        "decision": decision,
        "answered": decision is not None and survey_answered(decision),
        "thanks": request is not None and request.GET.get("survey") == "thanks",
        "comment_max": COMMENT_MAX,
        "scores": ["1", "2", "3", "4", "5"],
        "score": "",
        "comment": "",
        "error": "",
    }
