"""The survey after a decision: which decision a case's page asks about, and the answer.

Asked once per decision (the decision in force on the case); the answer is kept without the
person or the case (models.SurveyAnswer), so the figures are anonymous.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digikommun.cases.models import Case, Decision

from .models import SurveyAnswer

COMMENT_MAX = 1000


class SurveyError(Exception):
    """A translated reason the answer was not taken."""


def decision_key(decision_id: int) -> str:
    secret = settings.SECRET_KEY.encode()
    return hmac.new(secret, f"survey:{decision_id}".encode(), hashlib.sha256).hexdigest()


def survey_decision(case: Case) -> Decision | None:
    """The decision the survey asks about: the one in force on the case, if any."""
    return case.decision


def survey_answered(decision: Decision) -> bool:
    return SurveyAnswer.objects.filter(decision_key=decision_key(decision.pk)).exists()


def survey_answer(*, case: Case, score: str, comment: str) -> SurveyAnswer:
    """Keep the answer to the case's decision; raises SurveyError with a translated reason."""
    decision = survey_decision(case)
    if decision is None:
        raise SurveyError(_("There is no decision to answer about yet."))
    if score not in {"1", "2", "3", "4", "5"}:
        raise SurveyError(_("Choose how easy it was, from 1 to 5."))
    comment = comment.strip()
    if len(comment) > COMMENT_MAX:
        raise SurveyError(
            _("The comment can be at most %(n)s characters long.") % {"n": COMMENT_MAX}
        )
    try:
        with transaction.atomic():
            return SurveyAnswer.objects.create(
                decision_key=decision_key(decision.pk),
                service_id=case.service_id,
                month=timezone.localtime(decision.decided_at).strftime("%Y-%m"),
                score=int(score),
                comment=comment,
            )
    except IntegrityError:
        raise SurveyError(_("You have already answered about this decision. Thank you!")) from None
