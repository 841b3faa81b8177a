"""The applicant's side of a case in review: messages, answering a request for completion,
shown on the case page of Mina sidor (the letters app serves the download of a decision letter)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from digikommun.files.services import UploadRules
from digikommun.files.uploads import install as install_upload_limits

from . import completion_files, handling
from .models import Case


def _own_case(request: HttpRequest, case_id: int) -> Case:
    case = Case.objects.filter(pk=case_id, applicant=request.user).first()
    if case is None:
        raise Http404
    return case


def _back(case: Case, anchor: str = "") -> HttpResponse:
    return redirect(f"/my-pages/cases/{case.pk}/{anchor}")


def _too_much(exc: handling.InvalidAction) -> str:
    """The message for a text past the storage limits (what was typed is kept in the form)."""
    if exc.message == "too_long":
        return _("The text is too long to be saved. Shorten it.")
    if exc.message == "nul":
        return _("The text contains a character that cannot be saved (NUL). Remove it.")
    return ""


@login_required
@require_POST
def send_message(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _own_case(request, case_id)
    try:
        handling.case_message_from_applicant(
            case_id=case.pk, applicant=request.user, text=request.POST.get("message", "")
        )
    except handling.InvalidAction as exc:
        messages.error(request, _too_much(exc) or _("Write a message before you send it."))
        request.session["case_message_draft"] = request.POST.get("message", "")
        return _back(case, "#messages")
    messages.success(request, _("Your message has been sent."))
    return _back(case, "#messages")


@csrf_exempt
@login_required
@require_POST
def answer_completion(request: HttpRequest, case_id: int) -> HttpResponse:
    # The size limit applies while the upload is read, so it is set before anything reads
    # the body; CSRF is checked just after (as for the application's file fields).
    install_upload_limits(request, {}, UploadRules().max_bytes)
    return _answer_completion(request, case_id)


@csrf_protect
def _answer_completion(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _own_case(request, case_id)
    text = request.POST.get("answer", "")
    uploads = {
        name[4:]: request.FILES.getlist(name) for name in request.FILES if name.startswith("doc-")
    }
    too_large: dict[str, list] = {}
    for fname, name in getattr(request, "skipped_uploads", []):
        if fname.startswith("doc-"):
            too_large.setdefault(fname[4:], []).append(name)
    try:
        completion_files.completion_answer_with_files(
            case_id=case.pk,
            applicant=request.user,
            text=text,
            uploads=uploads,
            too_large=too_large,
        )
    except completion_files.AnswerProblems as exc:
        request.session["completion_answer_draft"] = text
        for line in exc.messages:
            messages.error(request, line)
        return _back(case, "#completion")
    except handling.InvalidAction as exc:
        if exc.message == "answered":  # a second click: the first already sent the answer
            messages.success(request, _("Thank you. Your answer has been sent to the caseworker."))
            return _back(case)
        request.session["completion_answer_draft"] = text
        if _too_much(exc):
            messages.error(request, _too_much(exc))
        elif exc.message == "empty":
            messages.error(request, _("Write your answer before you send it."))
        else:
            messages.error(request, _("The request for completion is no longer open."))
        return _back(case, "#completion")
    messages.success(request, _("Thank you. Your answer has been sent to the caseworker."))
    return _back(case)
