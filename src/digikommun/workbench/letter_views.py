"""A decision letter as the caseworker sees it: shown in the browser, or downloaded."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from digikommun.audit.services import audit_log
from digikommun.letters.selectors import letter_for_case, letter_pdf

from . import selectors
from .views import _staff


@login_required
def letter(request: HttpRequest, case_id: int, letter_id: int) -> HttpResponse:
    _staff(request)
    case = selectors.case_for_caseworker(user=request.user, case_id=case_id)
    found = letter_for_case(case_id=case_id, letter_id=letter_id) if case else None
    if found is None:
        raise Http404
    audit_log(
        actor=request.user, action="letter.read", case_id=case.pk, detail={"letter": found.pk}
    )
    response = HttpResponse(letter_pdf(found), content_type="application/pdf")
    name = f"beslut-{case.register}-{case.year}-{case.sequence:05d}-{found.language}.pdf"
    how = "attachment" if request.GET.get("download") else "inline"
    response["Content-Disposition"] = f'{how}; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
