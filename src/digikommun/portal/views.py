"""Resident pages: catalog, application steps, review and submit, Mina sidor.

Views parse the request, call one service or selector, and render. Business rules live in
digikommun.cases.services and digikommun.catalog.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from digikommun.cases import selectors as case_selectors
from digikommun.catalog import selectors as catalog
from digikommun.catalog.facts import AnswerErrors

from . import selectors as portal_selectors
from . import services as portal_services
from .forms import step_context


def home(request: HttpRequest) -> HttpResponse:
    services = [(v, catalog.definition_for(v)) for v in catalog.current_versions()]
    return render(request, "portal/home.html", {"services": services})


def _current(service_id: str):
    version = catalog.current_version(service_id)
    if version is None:
        raise Http404
    return version, catalog.definition_for(version)


def service_page(request: HttpRequest, service_id: str) -> HttpResponse:
    version, definition = _current(service_id)
    return render(request, "portal/service.html", {"version": version, "service": definition})


@login_required
@require_POST
def apply_start(request: HttpRequest, service_id: str) -> HttpResponse:
    version, _definition = _current(service_id)
    draft = portal_services.draft_start(applicant=request.user, version=version)
    return redirect("portal:step", key=draft.key, number=1)


def _draft_or_404(request: HttpRequest, key):
    draft = portal_selectors.draft_for_applicant(applicant=request.user, key=key)
    if draft is None:
        raise Http404
    return draft, catalog.definition_for(draft.service_version)


@login_required
@require_http_methods(["GET", "POST"])
def application_step(request: HttpRequest, key, number: int) -> HttpResponse:
    draft, definition = _draft_or_404(request, key)
    if draft.submitted_case_id:
        return redirect("portal:case", case_id=draft.submitted_case_id)
    if not 1 <= number <= len(definition.steps) or number - 1 > draft.step:
        return redirect(
            "portal:step", key=key, number=min(draft.step, len(definition.steps) - 1) + 1
        )
    errors: dict[str, str] = {}
    if request.method == "POST":
        errors = portal_services.draft_save_step(
            draft=draft,
            definition=definition,
            step_index=number - 1,
            data={k: request.POST.get(k, "") for k in request.POST},
            validate=request.POST.get("action") != "back",
        )
        if request.POST.get("action") == "back":
            return redirect("portal:step", key=key, number=max(1, number - 1))
        if not errors:
            if number == len(definition.steps):
                return redirect("portal:review", key=key)
            return redirect("portal:step", key=key, number=number + 1)
    context = step_context(definition=definition, draft=draft, number=number, errors=errors)
    return render(request, "portal/step.html", context, status=400 if errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def application_review(request: HttpRequest, key) -> HttpResponse:
    draft, definition = _draft_or_404(request, key)
    if draft.submitted_case_id:
        return redirect("portal:case", case_id=draft.submitted_case_id)
    if draft.step < len(definition.steps):
        return redirect("portal:step", key=key, number=draft.step + 1)
    if request.method == "POST":
        try:
            case = portal_services.draft_submit(
                draft=draft, definition=definition, language=(get_language() or "sv")[:2]
            )
        except AnswerErrors:
            messages.error(request, _("Some answers need to be corrected before you can send."))
            return redirect("portal:step", key=key, number=1)
        messages.success(
            request,
            _("Your application has been received. Its case number is %(number)s.")
            % {"number": case.diary_number},
        )
        return redirect("portal:case", case_id=case.pk)
    steps = [
        {"number": i, "step": step, "answers": [(f, draft.raw.get(f.id, "")) for f in step.fields]}
        for i, step in enumerate(definition.steps, start=1)
    ]
    return render(
        request, "portal/review.html", {"draft": draft, "service": definition, "steps": steps}
    )


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
        },
    )


@login_required
def case_page(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_selectors.case_for_applicant(applicant=request.user, case_id=case_id)
    if case is None:
        raise Http404
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"status": case.status})
    definition = catalog.definition_for(case.service_version)
    decision = getattr(case, "decision", None)
    return render(
        request,
        "portal/case.html",
        {"case": case, "service": definition, "decision": decision, "events": case.events.all()},
    )
