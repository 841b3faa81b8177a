"""The survey's comments, as staff read them on the staff benefit page.

A survey answer names neither the person nor the case (models.SurveyAnswer): it keeps the
service, the month of the decision, the score, the comment and the day it was answered, with
a keyed hash of the decision that only stops a second answer. Staff see the service, the
month, the score and the comment, never the hash or the day. A comment is the resident's
own words and may name them anyway, so what looks like a personnummer, an email address or
a telephone number is masked before it is shown; the template escapes the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Count

from .models import SurveyAnswer

SHOWN_PER_SERVICE = 10
MASK = "[…]"

_PERSONAL = [
    # Personnummer and samordningsnummer: YYMMDD-NNNN, YYYYMMDDNNNN, with - or + or nothing.
    re.compile(r"(?<!\d)(?:\d{2})?\d{6}\s?[-+]?\s?\d{4}(?!\d)"),
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    # Telephone numbers: +46 or 0 and at least seven more digits, spaces and dashes between.
    re.compile(r"(?<!\w)(?:\+\d{2}|0)[\d\s()-]{6,}\d"),
]


def mask_personal(text: str) -> str:
    """The text with what looks like a personnummer, an email address or a phone number
    replaced by MASK."""
    for pattern in _PERSONAL:
        text = pattern.sub(MASK, text)
    return text


@dataclass
class Comment:
    month: str  # YYYY-MM of the decision
    score: int
    text: str  # masked


@dataclass
class ServiceComments:
    service: str
    total: int
    comments: list[Comment] = field(default_factory=list)


def survey_comments(
    *, since_month: str, per_service: int = SHOWN_PER_SERVICE
) -> list[ServiceComments]:
    """Per service (by id), how many answers since `since_month` (YYYY-MM) carry a comment,
    and the newest `per_service` of them, newest first."""
    with_text = SurveyAnswer.objects.filter(month__gte=since_month).exclude(comment="")
    totals = {
        r["service_id"]: r["n"]
        for r in with_text.values("service_id").annotate(n=Count("id")).order_by()
    }
    out = []
    for service in sorted(totals):
        newest = with_text.filter(service_id=service).order_by("-answered_on", "-pk")
        out.append(
            ServiceComments(
                service=service,
                total=totals[service],
                comments=[
                    Comment(month=a.month, score=a.score, text=mask_personal(a.comment))
                    for a in newest.only("month", "score", "comment")[:per_service]
                ],
            )
        )
    return out
