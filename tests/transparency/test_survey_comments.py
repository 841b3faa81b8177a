"""The survey's comments are shown to staff on the staff benefit page, per service and newest
first, at most ten a service with the count of them all; escaped, with what looks like a
personnummer, an email address or a telephone number masked, and never the answer's hash or
day; not on the public page, nor to residents."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db

STAFF, RESIDENT = "198103129816", "198507099805"


def _answer(service: str, month: str, score: int, comment: str, n: int):
    from digikommun.transparency.models import SurveyAnswer

    return SurveyAnswer.objects.create(
        decision_key=f"key-{service}-{n}",
        service_id=service,
        month=month,
        score=score,
        comment=comment,
    )


def _client(pnr: str) -> Client:
    from digikommun.identity.models import User

    client = Client()
    client.force_login(User.objects.get(personnummer=pnr))
    return client


def test_masking_of_what_looks_personal():
    from digikommun.transparency.comments import MASK, mask_personal

    for text in (
        "Jag heter Anna, 19850709-9805",
        "pnr 850709-9805 här",
        "pnr 198507099805",
        "mejla anna.prov@example.org",
        "ring 070-123 45 67",
        "ring +46 70 123 45 67",
    ):
        masked = mask_personal(text)
        assert MASK in masked
        assert "9805" not in masked and "example.org" not in masked and "45 67" not in masked
    assert mask_personal("Tog 3 dagar, 5 av 5!") == "Tog 3 dagar, 5 av 5!"


def test_staff_see_the_newest_comments_per_service_escaped_and_masked(demo):
    from digikommun.transparency.models import SurveyAnswer

    month = timezone.localdate().strftime("%Y-%m")
    with time_machine.travel(timezone.now() - datetime.timedelta(days=3), tick=False):
        for n in range(12):
            _answer("ekonomiskt-bistand", month, 3, f"äldre kommentar {n}", n)
    _answer("ekonomiskt-bistand", month, 2, "<script>alert(1)</script> ring 070-123 45 67", 100)
    _answer("ekonomiskt-bistand", month, 5, "", 101)  # no comment: not counted
    _answer("boendeparkering", month, 4, "Enkelt och snabbt", 102)
    last_year = (timezone.localdate() - datetime.timedelta(days=400)).strftime("%Y-%m")
    _answer("boendeparkering", last_year, 1, "för gammal", 103)

    page = _client(STAFF).get("/benefit/staff/").content.decode()
    section = page[page.index('id="comments-ekonomiskt-bistand"') :]
    section = section[: section.index("</section>")]
    items = section.split("<li>")[1:]
    assert len(items) == 10  # capped
    assert "The 10 newest of 13 comments" in section or "De 10 nyaste av 13 kommentarer" in section
    # Newest first: the last answer, then the older ones from the latest down.
    assert "&lt;script&gt;alert(1)&lt;/script&gt; ring […]" in items[0]
    assert "<script>alert" not in page and "070-123" not in page
    assert "äldre kommentar 11" in items[1] and "äldre kommentar 3" in items[9]
    assert "äldre kommentar 2" not in section
    parking = page[page.index('id="comments-boendeparkering"') :]
    parking = parking[: parking.index("</section>")]
    assert "Enkelt och snabbt" in parking and "för gammal" not in page
    for answer in SurveyAnswer.objects.all():
        assert answer.decision_key not in page
    assert str(
        SurveyAnswer.objects.get(decision_key="key-boendeparkering-102").answered_on
    ) not in (parking)

    public = Client().get("/benefit/").content.decode()
    assert "Enkelt och snabbt" not in public and 'id="h-comments"' not in public
    assert _client(RESIDENT).get("/benefit/staff/").status_code == 403


@pytest.mark.parametrize(
    ("lang", "heading", "none"),
    [
        ("sv", "Kommentarer från enkäten", "Inga kommentarer de senaste tolv månaderna."),
        ("en", "Comments from the survey", "No comments in the last twelve months."),
    ],
)
def test_the_section_in_both_languages(demo, lang, heading, none):
    client = _client(STAFF)
    client.cookies["django_language"] = lang
    page = client.get("/benefit/staff/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert heading in page and none in page
    month = timezone.localdate().strftime("%Y-%m")
    _answer("ekonomiskt-bistand", month, 4, "Bra", 1)
    page = client.get("/benefit/staff/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    expected = {"sv": "1 av 1 kommentar", "en": "1 of 1 comment"}[lang]
    assert expected in page and none not in page
