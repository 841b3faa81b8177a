"""The applicant's download of a decision letter, linked from the case page of Mina sidor."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from digikommun.audit.services import audit_log
from digikommun.cases.models import Case

from .selectors import letter_for_case, letter_pdf


@login_required
def letter_download(request: HttpRequest, case_id: int, letter_id: int) -> HttpResponse:
    case = Case.objects.filter(pk=case_id, applicant_id=request.user.pk).first()
    if case is None:
        raise Http404
    letter = letter_for_case(case_id=case.pk, letter_id=letter_id)
    if letter is None:
        raise Http404
    data = letter_pdf(letter)
    audit_log(
        actor=request.user, action="letter.read", case_id=case.pk, detail={"letter": letter.pk}
    )
    response = HttpResponse(data, content_type="application/pdf")
    name = f"beslut-{case.register}-{case.year}-{case.sequence:05d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
