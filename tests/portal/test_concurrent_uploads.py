"""A file field on a draft, posted to by several requests at once (a double click on the
step's button, or two tabs): each request reads the files the others stored, so the field
never holds more than it allows and no file that was taken drops out of the draft."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from digikommun.files.models import StoredFile
from digikommun.portal.models import Draft

from .conftest import SHOWCASE
from .test_concurrent_submissions import CSRF, session_for

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CLIENTS = 5  # the field `certificate` holds at most 3


@pytest.mark.django_db(transaction=True)
def test_posts_at_once_keep_every_taken_file_and_the_limit(live_server, showcase, anna):
    from digikommun.portal.services import draft_start
    from tests.browser.helpers import SHOWCASE as ANSWERS

    assert SHOWCASE.name == showcase.service_id
    draft = draft_start(applicant=anna, version=showcase)
    draft.raw, draft.step = dict(ANSWERS), 7
    draft.save()
    url = f"{live_server.url}/applications/{draft.key}/step/5/"
    session = session_for(anna)
    start = threading.Barrier(CLIENTS)

    def send(n: int) -> int:
        start.wait(timeout=30)
        return requests.post(
            url,
            data={"csrfmiddlewaretoken": CSRF, "action": "save"},
            files={"certificate": (f"intyg-{n}.pdf", PDF, "application/pdf")},
            cookies={settings.SESSION_COOKIE_NAME: session, settings.CSRF_COOKIE_NAME: CSRF},
            headers={"Referer": url},
            allow_redirects=False,
            timeout=45,
        ).status_code

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        statuses = sorted(pool.map(send, range(CLIENTS)))
    draft = Draft.objects.get(pk=draft.pk)
    stored = {
        str(k) for k in StoredFile.objects.filter(draft_key=draft.key).values_list("key", flat=True)
    }
    assert len(draft.raw["certificate"]) == 3, (statuses, draft.raw["certificate"])
    assert set(draft.raw["certificate"]) == stored  # none taken and then dropped
    assert statuses.count(400) == CLIENTS - 3  # the others were told the field is full


def test_a_draft_sent_meanwhile_takes_no_file(showcase, anna, rf):
    """The step was read before another tab sent the draft: under the lock the post sees it
    was sent, stores nothing and sends the person to the case."""
    from digikommun.catalog.selectors import definition_for
    from digikommun.portal import steps
    from digikommun.portal.services import draft_start
    from tests.browser.helpers import SHOWCASE as ANSWERS

    draft = draft_start(applicant=anna, version=showcase)
    draft.raw, draft.step = dict(ANSWERS), 7
    draft.save()
    stale = Draft.objects.get(pk=draft.pk)
    Draft.objects.filter(pk=draft.pk).update(submitted_case_id=_a_case_id(anna))  # another tab
    request = rf.post(
        "/",
        {"action": "save", "certificate": SimpleUploadedFile("intyg.pdf", PDF, "application/pdf")},
    )
    request.user = anna
    outcome = steps.step_post(
        request=request, draft=stale, definition=definition_for(showcase), index=4
    )
    assert outcome.go == "sent"
    assert not StoredFile.objects.filter(draft_key=draft.key).exists()


def _a_case_id(person) -> int:
    from tests.answers import PARKING, submitted_case

    case = submitted_case("boendeparkering", PARKING, person=person)
    Draft.objects.filter(submitted_case_id=case.pk).update(submitted_case_id=None)
    return case.pk


def test_a_draft_sent_after_the_page_was_read_is_not_deleted(showcase, anna, resident, monkeypatch):
    """The delete view read the draft before another tab sent it: under the draft's lock the
    delete sees it was sent, removes nothing and sends the person to the case."""
    from digikommun.files.services import UploadRules, files_receive
    from digikommun.portal import views_apply
    from digikommun.portal.services import draft_start

    draft = draft_start(applicant=anna, version=showcase)
    files_receive(
        owner=anna,
        uploads=[SimpleUploadedFile("intyg.pdf", PDF, "application/pdf")],
        rules=UploadRules(),
        draft_key=draft.key,
        field_id="certificate",
    )
    stale = Draft.objects.get(pk=draft.pk)
    case_id = _a_case_id(anna)
    StoredFile.objects.filter(draft_key=draft.key).update(case_id=case_id)  # another tab sent it
    Draft.objects.filter(pk=draft.pk).update(submitted_case_id=case_id)
    monkeypatch.setattr(views_apply, "_draft_or_404", lambda request, key: (stale, None))

    response = resident.post(f"/applications/{draft.key}/delete/")
    assert response.status_code == 302 and response.url == f"/my-pages/cases/{case_id}/"
    assert Draft.objects.filter(pk=draft.pk, submitted_case_id=case_id).exists()
    assert StoredFile.objects.filter(case_id=case_id, draft_key=draft.key).count() == 1
