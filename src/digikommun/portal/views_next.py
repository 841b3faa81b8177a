"""Mina sidor: start the next month's application from one already sent."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from digikommun.cases import selectors as case_selectors

from .next_period import draft_for_next_period


@login_required
@require_POST
def apply_next(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_selectors.case_for_applicant(applicant=request.user, case_id=case_id)
    if case is None:
        raise Http404
    draft = draft_for_next_period(case=case, applicant=request.user)
    if draft is None:
        raise Http404
    messages.info(
        request,
        _(
            "Your answers from your last application are filled in, for the next month. "
            "Check every step and change what is different before you send."
        ),
    )
    return redirect("portal:step", key=draft.key, number=1)
