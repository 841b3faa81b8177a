"""A case's attachments through the API: listed with their metadata, downloaded as a stream
with their own content type (and logged as a read), and added on the applicant's behalf,
judged by content as the form judges uploads; a refused file is a problem (RFC 9457)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from digikommun.audit.models import Entry
from digikommun.cases.models import Case
from digikommun.cases.workflow import Status
from digikommun.files.models import StoredFile
from digikommun.files.services import MB

from .conftest import BASE, Api, assert_problem
from .world import PDF, make_world

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def upload(api: Api, case_id: int, content: bytes | None, name: str = "intyg.pdf", **form):
    data = dict(form)
    if content is not None:
        data["file"] = SimpleUploadedFile(name, content, content_type="application/pdf")
    return api.client.post(f"{BASE}/cases/{case_id}/attachments", data, **api.headers)


def test_attachments_are_listed_and_downloaded_as_a_logged_stream(demo, api_for):
    w = make_world()
    api = api_for("cases:read:boendeparkering")
    [listed] = api.get(f"/cases/{w.parking.pk}/attachments").json()
    assert listed["key"] == w.attachment_key
    assert (listed["name"], listed["content_type"], listed["size"]) == (
        "proof.pdf", "application/pdf", len(PDF),
    )  # fmt: skip
    got = api.get(f"/cases/{w.parking.pk}/attachments/{w.attachment_key}/content")
    assert got.status_code == 200 and got.streaming
    assert got["Content-Type"] == "application/pdf"
    assert 'filename="proof.pdf"' in got["Content-Disposition"]
    assert b"".join(got.streaming_content) == PDF
    read = Entry.objects.filter(action="api.read", case_id=w.parking.pk).order_by("pk").last()
    assert read.detail["path"].endswith(f"/attachments/{w.attachment_key}/content")


def test_a_file_is_added_on_the_applicants_behalf_and_can_be_read_back(demo, api_for):
    w = make_world()
    writer = api_for("cases:write:ekonomiskt-bistand")
    made = upload(writer, w.review.pk, PNG, name="kvitto.png")
    assert made.status_code == 201, made.content
    added = made.json()
    assert (added["name"], added["kind"], added["content_type"]) == (
        "kvitto.png", "png", "image/png",
    )  # fmt: skip
    stored = StoredFile.objects.get(key=added["key"])
    assert stored.case_id == w.review.pk and stored.owner == w.review.applicant
    reader = api_for("cases:read:ekonomiskt-bistand")
    assert [a["key"] for a in reader.get(f"/cases/{w.review.pk}/attachments").json()] == [
        added["key"]
    ]
    content = reader.get(f"/cases/{w.review.pk}/attachments/{added['key']}/content")
    assert b"".join(content.streaming_content) == PNG
    assert Entry.objects.filter(
        action="case.attachment_add_on_behalf", case_id=w.review.pk
    ).exists()
    assert Entry.objects.filter(action="api.write", case_id=w.review.pk).exists()


def test_a_file_is_judged_by_its_content_not_its_name(demo, api_for):
    w = make_world()
    api = api_for("cases:write")
    program = assert_problem(upload(api, w.review.pk, b"MZ\x90\x00" + b"\x00" * 60), 422)
    assert "program" in program["errors"]["file"]
    text = assert_problem(upload(api, w.review.pk, b"just some text"), 422)
    assert list(text["errors"]) == ["file"]
    empty = assert_problem(upload(api, w.review.pk, b""), 422)
    assert "intyg.pdf" in empty["errors"]["file"]
    big = assert_problem(upload(api, w.review.pk, PDF + b"\x00" * (10 * MB)), 422)
    assert "10,0 MB" in big["errors"]["file"]
    missing = assert_problem(upload(api, w.review.pk, None), 422)
    assert list(missing["errors"]) == ["file"]
    unknown = assert_problem(upload(api, w.review.pk, PDF, field_id="no-such-field"), 422)
    assert list(unknown["errors"]) == ["field_id"]
    assert not StoredFile.objects.filter(case_id=w.review.pk).exists()


def test_a_closed_case_takes_no_more_files_and_scopes_are_checked(demo, api_for):
    w = make_world()
    Case.objects.filter(pk=w.parking.pk).update(status=Status.CLOSED)
    assert_problem(upload(api_for("cases:write"), w.parking.pk, PDF), 409)
    assert_problem(upload(api_for("cases:read"), w.review.pk, PDF), 403)
    assert_problem(upload(api_for("cases:write:boendeparkering"), w.review.pk, PDF), 404)
    assert not StoredFile.objects.filter(case_id=w.review.pk).exists()
