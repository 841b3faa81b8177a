"""Mina sidor: a person's cases and unsent applications, each case's page, and the register
extract of what the municipality holds about them."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language

from digikommun.cases import selectors as case_selectors
from digikommun.cases.models import CaseEvent
from digikommun.catalog import selectors as catalog
from digikommun.files.selectors import files_by_key, files_for_case
from digikommun.forms.display import step_answers

from . import case_sections, extract, my_pages_sections
from . import selectors as portal_selectors


def _lang() -> str:
    return (get_language() or "sv")[:2]


@login_required
def my_pages(request: HttpRequest) -> HttpResponse:
    cases = case_selectors.cases_for_applicant(applicant=request.user)
    drafts = portal_selectors.drafts_for_applicant(applicant=request.user)
    return render(
        request,
        "portal/my_pages.html",
        {
            "cases": [(c, catalog.definition_for(c.service_version)) for c in cases],
            "drafts": [(d, catalog.definition_for(d.service_version)) for d in drafts],
            "sections": my_pages_sections.templates(),
        },
    )


def _public_events(case):
    """The timeline the applicant sees: internal steps (assignment, proposals) left out."""
    return [e for e in case.events.all() if e.kind in CaseEvent.PUBLIC_KINDS]


@login_required
def case_page(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_selectors.case_for_applicant(applicant=request.user, case_id=case_id)
    if case is None:
        raise Http404
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"status": case.status})
    definition = catalog.definition_for(case.service_version)
    attachments = list(files_for_case(case_id=case.pk))
    answers = step_answers(
        definition.steps,
        case.answers,
        _lang(),
        files_by_key(keys=[str(f.key) for f in attachments]),
    )
    return render(
        request,
        "portal/case.html",
        {
            "case": case,
            "service": definition,
            "decision": getattr(case, "decision", None),
            "events": _public_events(case),
            "answers": answers,
            "attachments": attachments,
            "sections": case_sections.templates(),
        },
    )


@login_required
def register_extract(request: HttpRequest) -> HttpResponse:
    data = extract.extract_for(request.user)
    cases = case_selectors.cases_for_applicant(applicant=request.user)
    readable_cases = []
    for case in cases:
        definition = catalog.definition_for(case.service_version)
        readable_cases.append(
            {
                "case": case,
                "service": definition,
                "answers": step_answers(definition.steps, case.answers, _lang()),
                "decision": getattr(case, "decision", None),
                "events": _public_events(case),
            }
        )
    drafts = [
        (
            d,
            catalog.definition_for(d.service_version),
            step_answers(catalog.definition_for(d.service_version).steps, d.raw, _lang()),
        )
        for d in portal_selectors.drafts_for_applicant(applicant=request.user)
    ]
    built_in = {"person", "cases", "drafts", "files"}
    others = [
        (title, data["sections"][key])
        for key, title in extract.section_titles().items()
        if key not in built_in
    ]
    return render(
        request,
        "portal/register_extract.html",
        {
            "person": data["sections"]["person"],
            "cases": readable_cases,
            "drafts": drafts,
            "files": data["sections"]["files"],
            "others": others,
            "created_at": timezone.now(),
        },
    )


@login_required
def register_extract_json(request: HttpRequest) -> HttpResponse:
    data = extract.extract_for(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="registerutdrag-{stamp}.json"'
    response["Cache-Control"] = "private, no-store"
    return response
