"""Mina sidor: ask for a person to look at an automated decision, appeal a decision, and
download the letter that rejected a late appeal. Only the case's applicant gets these pages
(another person's case id is a 404)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from digikommun.audit.services import audit_log
from digikommun.cases.selectors import case_for_applicant
from digikommun.cases.workflow import TransitionRefused
from digikommun.catalog.selectors import definition_for
from digikommun.files.selectors import files_for_draft
from digikommun.files.services import MB, UploadRules, files_receive
from digikommun.files.uploads import install, skipped_for

from . import documents, selectors, services
from .errors import error_texts

APPEAL_FILES = UploadRules(kinds=("pdf", "jpeg", "png"), max_bytes=10 * MB, max_files=5)


def _own_case(request: HttpRequest, case_id: int):
    case = case_for_applicant(applicant=request.user, case_id=case_id)
    if case is None or case.decision is None:
        raise Http404
    return case


def _back(case) -> HttpResponse:
    return redirect(f"/my-pages/cases/{case.pk}/#reconsideration-appeal")


@login_required
def ask_person(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _own_case(request, case_id)
    context = {"case": case, "service": definition_for(case.service_version), "errors": {}}
    if request.method == "POST":
        reason = request.POST.get("reason", "")
        try:
            services.reconsideration_request(case_id=case.pk, applicant=request.user, reason=reason)
        except services.InvalidInput as exc:
            context.update(errors=error_texts(exc.errors), reason=reason)
            return render(request, "appeals/ask_person.html", context, status=400)
        except services.NotAllowed:
            raise Http404 from None
        except TransitionRefused:  # the case's table refused (an appeal is open)
            messages.error(
                request,
                _(
                    "A person cannot be asked now: the municipality is already handling your appeal."
                ),
            )
            return _back(case)
        messages.success(
            request,
            _("Your request has been sent. A caseworker will go through the decision."),
        )
        return _back(case)
    return render(request, "appeals/ask_person.html", context)


def _appeal_key(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except (ValueError, TypeError):
        return uuid.uuid4()


@csrf_exempt
@login_required
def appeal(request: HttpRequest, case_id: int) -> HttpResponse:
    # The size limit applies while the upload is read, so it is set before anything reads
    # the body; CSRF is therefore checked just after, by the protected view below.
    if request.method == "POST":
        install(request, {"attachments": APPEAL_FILES.max_bytes}, APPEAL_FILES.max_bytes)
    return _appeal(request, case_id)


@csrf_protect
def _appeal(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _own_case(request, case_id)
    p = request.POST
    key = _appeal_key(p.get("key", "")) if request.method == "POST" else uuid.uuid4()
    context = {
        "case": case,
        "service": definition_for(case.service_version),
        "key": key,
        "errors": {},
        "refused": [],
        "rules": APPEAL_FILES,
    }
    if request.method != "POST":
        return render(request, "appeals/appeal.html", context)
    already = files_for_draft(draft_key=key).filter(owner=request.user)
    got = files_receive(
        owner=request.user,
        uploads=request.FILES.getlist("attachments"),
        rules=APPEAL_FILES,
        already=already.count(),
        too_large=skipped_for(request, "attachments"),
        draft_key=key,
        field_id="appeal",
    )
    context.update(change_wanted=p.get("change_wanted", ""), grounds=p.get("grounds", ""))
    try:
        if got.refused:
            raise services.InvalidInput({})
        services.appeal_lodge(
            case_id=case.pk,
            appellant=request.user,
            change_wanted=p.get("change_wanted", ""),
            grounds=p.get("grounds", ""),
            submission_key=key,
        )
    except services.InvalidInput as exc:
        context.update(
            errors=error_texts(exc.errors),
            refused=got.refused,
            stored=list(files_for_draft(draft_key=key).filter(owner=request.user)),
        )
        return render(request, "appeals/appeal.html", context, status=400)
    except services.NotAllowed:
        raise Http404 from None
    messages.success(
        request,
        _("Your appeal has been received. You can follow it here."),
    )
    return _back(case)


@login_required
def rejection_letter(request: HttpRequest, case_id: int, appeal_id: int) -> HttpResponse:
    item = selectors.appeal_for_appellant(
        appellant=request.user, case_id=case_id, appeal_id=appeal_id
    )
    if item is None or not item.rejection_letter:
        raise Http404
    data = documents.stored_pdf(item.rejection_letter, item.rejection_letter_sha256)
    audit_log(actor=request.user, action="letter.read", case_id=case_id, detail={"appeal": item.pk})
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="avvisning-{item.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
