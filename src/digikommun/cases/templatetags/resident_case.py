"""`{% resident_case_panel case %}`: the applicant's messages, completion and letters."""

from __future__ import annotations

from django import template

register = template.Library()


@register.inclusion_tag("cases/_resident_case.html", takes_context=True)
def resident_case_panel(context, case):
    request = context["request"]
    open_request = case.completion_requests.filter(answered_at=None, expired_at=None).last()
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "case": case,
        "case_messages": case.messages.select_related("sender"),
        "open_request": open_request,
        "answered": case.completion_requests.exclude(answered_at=None),
        # Letter points to Case (related_name "letters"): read through it, not the letters app.
        "letters": case.letters.order_by("created_at", "pk"),
        "message_draft": request.session.pop("case_message_draft", ""),
        "answer_draft": request.session.pop("completion_answer_draft", ""),
    }
