"""The co-signer's pages: read the application that names you, confirm or decline it, and
(as a party) follow the case to its decision and download the letter."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from digikommun.audit.services import audit_log
from digikommun.catalog.selectors import definition_for
from digikommun.forms.display import step_answers
from digikommun.letters.selectors import letter_for_case, letter_pdf, letters_for_case

from . import selectors, services

REFUSED = {
    "self": gettext_lazy(
        "You are the applicant: the application is confirmed by the people it names."
    ),
    "not_you": gettext_lazy("This request is for another person."),
    "closed": gettext_lazy("This request has already been answered or is no longer open."),
}


def _mine(request: HttpRequest, cosignature_id: int):
    found = selectors.cosignature_for_person(user=request.user, cosignature_id=cosignature_id)
    if found is None:
        raise Http404
    return found


@login_required
def request_page(request: HttpRequest, cosignature_id: int, *, errors=None) -> HttpResponse:
    cosignature = _mine(request, cosignature_id)
    case = cosignature.case
    definition = definition_for(case.service_version)
    wanted = set(definition.cosigning.show_steps) if definition.cosigning else set()
    steps = [s for s in definition.steps if not wanted or s.id in wanted]
    lang = (get_language() or "sv")[:2]
    audit_log(actor=request.user, action="cosigning.read", case_id=case.pk)
    return render(
        request,
        "cosigning/request.html",
        {
            "cosignature": cosignature,
            "case": case,
            "service": definition,
            "answers": step_answers(tuple(steps), case.answers, lang),
            "decision": getattr(case, "decision", None),
            "letters": letters_for_case(case_id=case.pk),
            "errors": errors or {},
            "posted": request.POST,
        },
        status=400 if errors else 200,
    )


def _refused(request: HttpRequest, exc: services.CosignRefused, cosignature_id: int):
    messages.error(request, str(REFUSED.get(exc.code, REFUSED["closed"])))
    return redirect("cosigning:request", cosignature_id=cosignature_id)


@login_required
@require_POST
def sign(request: HttpRequest, cosignature_id: int) -> HttpResponse:
    _mine(request, cosignature_id)
    if request.POST.get("confirm") != "yes":
        return request_page(
            request,
            cosignature_id,
            errors={"confirm": _("Tick the box to confirm that you have read the application.")},
        )
    try:
        services.cosign_sign(cosignature_id=cosignature_id, user=request.user)
    except services.CosignRefused as exc:
        return _refused(request, exc, cosignature_id)
    messages.success(request, _("Thank you. You have confirmed the application."))
    return redirect("cosigning:request", cosignature_id=cosignature_id)


@login_required
@require_POST
def decline(request: HttpRequest, cosignature_id: int) -> HttpResponse:
    _mine(request, cosignature_id)
    try:
        services.cosign_decline(
            cosignature_id=cosignature_id, user=request.user, reason=request.POST.get("reason", "")
        )
    except services.CosignRefused as exc:
        return _refused(request, exc, cosignature_id)
    messages.success(
        request,
        _("You have declined. A caseworker will look at the case and contact you both."),
    )
    return redirect("cosigning:request", cosignature_id=cosignature_id)


@login_required
def letter(request: HttpRequest, cosignature_id: int, letter_id: int) -> HttpResponse:
    """A co-signer is a party: they may read the decision letter."""
    cosignature = _mine(request, cosignature_id)
    found = letter_for_case(case_id=cosignature.case_id, letter_id=letter_id)
    if found is None:
        raise Http404
    audit_log(
        actor=request.user,
        action="letter.read",
        case_id=cosignature.case_id,
        detail={"letter": found.pk},
    )
    case = cosignature.case
    response = HttpResponse(letter_pdf(found), content_type="application/pdf")
    name = f"beslut-{case.register}-{case.year}-{case.sequence:05d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
