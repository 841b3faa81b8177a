"""The applicant's side of a case in review: messages, answering a request for completion,
shown on the case page of Mina sidor (the letters app serves the download of a decision letter)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import handling
from .models import Case


def _own_case(request: HttpRequest, case_id: int) -> Case:
    case = Case.objects.filter(pk=case_id, applicant=request.user).first()
    if case is None:
        raise Http404
    return case


def _back(case: Case, anchor: str = "") -> HttpResponse:
    return redirect(f"/my-pages/cases/{case.pk}/{anchor}")


@login_required
@require_POST
def send_message(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _own_case(request, case_id)
    try:
        handling.case_message_from_applicant(
            case_id=case.pk, applicant=request.user, text=request.POST.get("message", "")
        )
    except handling.InvalidAction:
        messages.error(request, _("Write a message before you send it."))
        request.session["case_message_draft"] = request.POST.get("message", "")
        return _back(case, "#messages")
    messages.success(request, _("Your message has been sent."))
    return _back(case, "#messages")


@login_required
@require_POST
def answer_completion(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _own_case(request, case_id)
    text = request.POST.get("answer", "")
    try:
        handling.completion_answer(case_id=case.pk, applicant=request.user, text=text)
    except handling.InvalidAction as exc:
        request.session["completion_answer_draft"] = text
        if exc.message == "empty":
            messages.error(request, _("Write your answer before you send it."))
        else:
            messages.error(request, _("The request for completion is no longer open."))
        return _back(case, "#completion")
    messages.success(request, _("Thank you. Your answer has been sent to the caseworker."))
    return _back(case)
