"""Open311 GeoReport v2 conformance: every endpoint, in XML and JSON, with the field names,
types and error codes of the specification (http://wiki.open311.org/GeoReport_v2).

Each test's docstring names the section of the specification it checks.
"""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.utils import timezone

from .conftest import FARSTA, SERGELS_TORG, UPPSALA, jpeg_file, submit

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"
ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)\Z")
REQUEST_FIELDS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
}


def xml_of(response) -> ET.Element:
    assert response["Content-Type"].startswith("text/xml")
    body = response.content.decode("utf-8")
    assert body.startswith('<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)


def assert_error(response, status: int, fmt: str = "json") -> list:
    """Errors: a list of {code, description}, with the HTTP status of the code."""
    assert response.status_code == status
    if fmt == "json":
        errors = response.json()
        assert isinstance(errors, list) and errors
        for e in errors:
            assert set(e) == {"code", "description"}
            assert e["code"] == status and isinstance(e["description"], str) and e["description"]
        return errors
    root = xml_of(response)
    assert root.tag == "errors"
    errors = root.findall("error")
    assert errors
    for e in errors:
        assert e.findtext("code") == str(status)
        assert e.findtext("description")
    return errors


def test_discovery_lists_the_v2_endpoint_and_both_formats(client, fault):
    """Service Discovery: changeset, contact, key_service and endpoints with specification,
    url, changeset, type and formats (text/xml required)."""
    data = client.get(f"{BASE}/discovery.json").json()
    assert {"changeset", "contact", "key_service", "endpoints"} <= set(data)
    (endpoint,) = data["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2")
    assert endpoint["type"] == "production"
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}
    assert ISO.match(endpoint["changeset"])
    root = xml_of(client.get(f"{BASE}/discovery.xml"))
    assert root.tag == "discovery"
    assert [f.text for f in root.find("endpoints/endpoint/formats")] == [
        "text/xml",
        "application/json",
    ]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_service_list_has_every_category_with_the_spec_fields(client, fault, fmt):
    """GET Service List (services): service_code, service_name, description, metadata
    (true|false), type (realtime|batch|blackbox), keywords, group."""
    response = client.get(f"{BASE}/services.{fmt}")
    assert response.status_code == 200
    if fmt == "json":
        services = response.json()
        fields = {
            "service_code",
            "service_name",
            "description",
            "metadata",
            "type",
            "keywords",
            "group",
        }
        assert all(set(s) == fields for s in services)
        by_code = {s["service_code"]: s for s in services}
        assert isinstance(by_code["streetlight"]["metadata"], bool)
        assert by_code["streetlight"]["type"] == "realtime"
        assert isinstance(by_code["streetlight"]["keywords"], str)
    else:
        root = xml_of(response)
        assert root.tag == "services"
        by_code = {s.findtext("service_code"): s for s in root.findall("service")}
        assert by_code["streetlight"].findtext("metadata") == "true"
        assert by_code["streetlight"].findtext("type") == "realtime"
    assert {"streetlight", "pothole", "graffiti", "litter"} <= set(by_code)


def test_service_definition_gives_attributes_with_datatypes_and_values(client, fault):
    """GET Service Definition (services/{service_code}): attributes with variable, code,
    datatype, required, datatype_description, order, description, values {key, name}."""
    data = client.get(f"{BASE}/services/pothole.json").json()
    assert data["service_code"] == "pothole"
    attributes = data["attributes"]
    assert [a["order"] for a in attributes] == sorted(a["order"] for a in attributes)
    for a in attributes:
        assert {
            "variable",
            "code",
            "datatype",
            "required",
            "datatype_description",
            "order",
            "description",
        } <= set(a)
        assert a["datatype"] in {
            "string",
            "number",
            "datetime",
            "text",
            "singlevaluelist",
            "multivaluelist",
        }
        assert isinstance(a["variable"], bool) and isinstance(a["required"], bool)
    surface = next(a for a in attributes if a["code"] == "surface")
    assert surface["datatype"] == "singlevaluelist"
    assert {v["key"] for v in surface["values"]} == {"road", "cycle_path", "pavement"}
    assert all(set(v) == {"key", "name"} for v in surface["values"])

    root = xml_of(client.get(f"{BASE}/services/pothole.xml"))
    assert root.tag == "service_definition"
    assert root.findtext("service_code") == "pothole"
    attribute = root.find("attributes/attribute")
    assert attribute.findtext("variable") == "true"
    assert attribute.find("values/value/key") is not None


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unknown_service_code_is_404_in_the_error_format(client, fault, fmt):
    """GET Service Definition; Errors: an unknown service_code is 404 with {code, description}."""
    assert_error(client.get(f"{BASE}/services/nothing.{fmt}"), 404, fmt)


def test_post_request_with_lat_long_attributes_and_photo(client, fault, api_key):
    """POST Service Request: form-encoded, api_key, service_code, lat, long, attribute[code],
    email, description, media (an uploaded photo); the answer is a list with
    service_request_id, service_notice and account_id."""
    response = client.post(
        f"{BASE}/requests.json",
        {
            "api_key": api_key,
            "service_code": "graffiti",
            "lat": SERGELS_TORG[0],
            "long": SERGELS_TORG[1],
            "attribute[offensive]": "no",
            "attribute[surface_kind]": "wall",
            "email": "app-user@example.org",
            "description": "Tags on the wall by the entrance",
            "first_name": "Not",
            "last_name": "Stored",
            "media": jpeg_file(),
        },
    )
    assert response.status_code == 200, response.content
    (item,) = response.json()
    assert set(item) == {"service_request_id", "service_notice", "account_id"}
    assert re.fullmatch(r"FR-\d{4}-\d{5}", item["service_request_id"])

    from digikommun.open311.models import Report

    report = Report.objects.get(public_id=item["service_request_id"])
    assert report.district == "innerstaden"
    assert report.case.team.slug == "renhallning-innerstad"
    assert report.photo_blob and not report.photo_approved
    assert report.followers.get().email == "app-user@example.org"


def test_post_request_by_address_string_and_media_url_in_xml(client, fault, api_key):
    """POST Service Request: address_string instead of lat/long, media_url; XML answer
    <service_requests><request>."""
    response = client.post(
        f"{BASE}/requests.xml",
        {
            "api_key": api_key,
            "service_code": "streetlight",
            "address_string": "Götgatan 10",
            "attribute[light_state]": "flickering",
            "media_url": "https://example.org/photo.jpg",
        },
    )
    assert response.status_code == 200, response.content
    root = xml_of(response)
    assert root.tag == "service_requests"
    assert root.find("request/service_request_id").text.startswith("FR-")


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_post_without_or_with_a_revoked_key_is_403(client, fault, api_key, fmt):
    """POST Service Request (api_key required); Errors: 403 for a missing or invalid key."""
    from digikommun.open311.keys import api_key_revoke

    data = {"service_code": "streetlight", "lat": SERGELS_TORG[0], "long": SERGELS_TORG[1]}
    assert_error(client.post(f"{BASE}/requests.{fmt}", data), 403, fmt)
    assert_error(client.post(f"{BASE}/requests.{fmt}", {**data, "api_key": "wrong"}), 403, fmt)
    api_key_revoke(name="test-app")
    assert_error(client.post(f"{BASE}/requests.{fmt}", {**data, "api_key": api_key}), 403, fmt)


def test_post_errors_are_400_with_a_description_each(client, fault, api_key):
    """POST Service Request; Errors: missing service_code, no location, a place outside the
    municipality, a missing required attribute → 400, one error per problem."""
    post = lambda **d: client.post(f"{BASE}/requests.json", {"api_key": api_key, **d})  # noqa: E731
    assert_error(post(), 400)
    assert_error(post(service_code="streetlight", **{"attribute[light_state]": "out"}), 400)
    errors = assert_error(
        post(
            service_code="streetlight",
            lat=UPPSALA[0],
            long=UPPSALA[1],
            **{"attribute[light_state]": "out"},
        ),
        400,
    )
    # In the site's default language (Swedish): the same text the form shows.
    assert errors[0]["description"].startswith("lat/long: Platsen ligger utanför kommunens gräns")
    errors = assert_error(post(service_code="pothole", lat=FARSTA[0], long=FARSTA[1]), 400)
    assert {e["description"].split(":")[0] for e in errors} == {
        "attribute[surface]",
        "attribute[dangerous]",
    }
    assert_error(post(service_code="nothing", lat=FARSTA[0], long=FARSTA[1]), 404)
    assert_error(
        post(
            service_code="graffiti",
            lat=FARSTA[0],
            long=FARSTA[1],
            **{"attribute[offensive]": "no", "attribute[surface_kind]": "wall"},
        ),
        400,
    )


def test_keys_are_rate_limited_with_429(client, fault):
    """Errors (rate limits are the server's own): a key over its limit gets 429 with the
    errors list; other keys are not affected."""
    from digikommun.open311.keys import api_key_create

    _k, slow = api_key_create(name="slow", per_minute=2)
    _k, other = api_key_create(name="other", per_minute=2)
    # The clock stands still inside one minute, so a minute turning mid-test cannot reset it.
    with time_machine.travel(
        datetime.datetime(2026, 3, 2, 9, 15, 20, tzinfo=datetime.UTC), tick=False
    ) as clock:
        for _ in range(2):
            assert client.get(f"{BASE}/services.json", {"api_key": slow}).status_code == 200
        response = client.get(f"{BASE}/services.json", {"api_key": slow})
        assert_error(response, 429)
        assert response["Retry-After"] == "60"
        assert_error(client.get(f"{BASE}/services.xml", {"api_key": slow}), 429, "xml")
        assert client.get(f"{BASE}/services.json", {"api_key": other}).status_code == 200
        clock.shift(datetime.timedelta(seconds=39))  # 09:15:59, the same minute
        assert_error(client.get(f"{BASE}/services.json", {"api_key": slow}), 429)
        clock.shift(datetime.timedelta(seconds=1))  # 09:16:00, the next minute
        assert client.get(f"{BASE}/services.json", {"api_key": slow}).status_code == 200


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_token_gives_the_service_request_id(client, fault, fmt):
    """GET request_id from a token (tokens/{token}): service_request_id and token; an unknown
    token is 404."""
    report = submit(fault)
    response = client.get(f"{BASE}/tokens/{report.token}.{fmt}")
    if fmt == "json":
        assert response.json() == [
            {"service_request_id": report.public_id, "token": str(report.token)}
        ]
    else:
        assert xml_of(response).find("request/service_request_id").text == report.public_id
    assert_error(client.get(f"{BASE}/tokens/nope.{fmt}"), 404, fmt)


def test_get_request_has_every_field_with_the_spec_types(client, fault, caseworker):
    """GET Service Request (requests/{id}): a list of one request with every field; dates are
    ISO 8601 with a time zone; lat/long are numbers; status is open|closed; the update's
    status_notes, agency_responsible and expected_datetime are shown."""
    from digikommun.open311.services import report_update

    report = submit(fault, description="Someone's personal words")
    expected = timezone.now() + datetime.timedelta(days=3)
    report_update(
        report_id=report.pk,
        user=caseworker,
        status="open",
        notes="A new lamp is ordered.",
        expected_at=expected,
    )
    (item,) = client.get(f"{BASE}/requests/{report.public_id}.json").json()
    assert set(item) == REQUEST_FIELDS
    assert item["status"] == "open"
    assert item["status_notes"] == "A new lamp is ordered."
    assert item["service_code"] == "streetlight" and item["service_name"]
    assert item["agency_responsible"]
    for key in ("requested_datetime", "updated_datetime", "expected_datetime"):
        assert ISO.match(item[key]), item[key]
    assert isinstance(item["lat"], float) and isinstance(item["long"], float)
    assert item["description"] is None  # the reporter's words are not published
    assert item["media_url"] is None

    root = xml_of(client.get(f"{BASE}/requests/{report.public_id}.xml"))
    assert root.tag == "service_requests"
    request = root.find("request")
    assert {child.tag for child in request} == REQUEST_FIELDS
    assert request.findtext("status") == "open"
    assert_error(client.get(f"{BASE}/requests/FR-1999-00001.json"), 404)
    assert_error(client.get(f"{BASE}/requests/FR-1999-00001.xml"), 404, "xml")


def test_get_requests_filters_by_ids_code_status_and_dates(client, fault, caseworker):
    """GET Service Requests (requests): service_request_id (comma-separated), service_code,
    start_date, end_date, status (open|closed)."""
    from digikommun.open311.models import Report
    from digikommun.open311.services import report_update

    light = submit(fault)
    hole = submit(fault, "pothole", where=FARSTA)
    litter = submit(fault, "litter", where=FARSTA)
    report_update(report_id=litter.pk, user=caseworker, status="closed", notes="Emptied.")
    old = submit(fault, "litter", where=SERGELS_TORG)
    Report.objects.filter(pk=old.pk).update(
        requested_at=timezone.now() - datetime.timedelta(days=120)
    )

    def ids(**params):
        return {r["service_request_id"] for r in client.get(f"{BASE}/requests.json", params).json()}

    # Without dates: the last 90 days.
    assert ids() == {light.public_id, hole.public_id, litter.public_id}
    assert ids(service_request_id=f"{light.public_id},{old.public_id}") == {
        light.public_id,
        old.public_id,
    }
    assert ids(service_code="pothole") == {hole.public_id}
    assert ids(service_code="pothole,litter") == {hole.public_id, litter.public_id}
    assert ids(status="closed") == {litter.public_id}
    assert ids(status="open") == {light.public_id, hole.public_id}
    start = (timezone.now() - datetime.timedelta(days=130)).isoformat()
    end = (timezone.now() - datetime.timedelta(days=100)).isoformat()
    assert ids(start_date=start, end_date=end) == {old.public_id}
    root = xml_of(client.get(f"{BASE}/requests.xml", {"status": "closed"}))
    assert [r.findtext("service_request_id") for r in root.findall("request")] == [litter.public_id]
    closed = next(r for r in root.findall("request") if r.findtext("status") == "closed")
    assert closed.findtext("status_notes") == "Emptied."


def test_get_requests_refuses_bad_dates_and_statuses_with_400(client, fault):
    """GET Service Requests: start_date/end_date are ISO 8601 and may not span more than 90
    days; status is open or closed. Errors: 400."""
    assert_error(client.get(f"{BASE}/requests.json", {"start_date": "yesterday"}), 400)
    assert_error(
        client.get(
            f"{BASE}/requests.json",
            {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"},
        ),
        400,
    )
    assert_error(client.get(f"{BASE}/requests.xml", {"status": "pending"}), 400, "xml")


def test_get_requests_returns_at_most_1000(client, fault):
    """GET Service Requests: without date filters, the last 90 days or the first 1,000
    requests, whichever is smaller, newest first."""
    import uuid

    from digikommun.cases.models import Case
    from digikommun.open311.models import Report

    newest = submit(fault)
    first = newest.case
    now = timezone.now()
    # 1,000 more reports, one a minute back in time, and one older than 90 days.
    ages = [datetime.timedelta(minutes=i) for i in range(1, 1001)] + [datetime.timedelta(days=91)]
    cases = Case.objects.bulk_create(
        Case(
            register=first.register,
            year=first.year,
            sequence=10_000 + i,
            service_version=first.service_version,
            service_id=first.service_id,
            applicant=first.applicant,
            answers=first.answers,
            facts=first.facts,
            language="sv",
            submission_key=uuid.uuid4(),
            submitted_at=now - age,
        )
        for i, age in enumerate(ages)
    )
    Report.objects.bulk_create(
        Report(
            case=case,
            public_id=f"FR-T-{i:05d}",
            service_id=newest.service_id,
            service_code="pothole" if i % 2 else "streetlight",
            lat=newest.lat,
            lng=newest.lng,
            requested_at=case.submitted_at,
            updated_at=case.submitted_at,
        )
        for i, case in enumerate(cases)
    )
    items = client.get(f"{BASE}/requests.json").json()
    assert len(items) == 1000
    ids = [item["service_request_id"] for item in items]
    assert ids[0] == newest.public_id
    assert ids[1:] == [f"FR-T-{i:05d}" for i in range(999)]  # newest first, then cut at 1,000
    times = [item["requested_datetime"] for item in items]
    assert times == sorted(times, reverse=True)
    # A date range of its own still answers at most 1,000, and reaches back past 90 days.
    since = (now - datetime.timedelta(days=100)).isoformat()
    ranged = client.get(f"{BASE}/requests.json", {"start_date": since}).json()
    assert len(ranged) == 1000
    pothole = client.get(f"{BASE}/requests.json", {"service_code": "pothole"}).json()
    assert len(pothole) == 500 and {p["service_code"] for p in pothole} == {"pothole"}


def test_photos_are_in_media_url_only_once_approved(client, fault, caseworker):
    """GET Service Request: media_url is given only for a photo a caseworker approved
    (photos may show faces)."""
    from digikommun.open311.services import photo_approve

    report = submit(fault, "graffiti", photo=jpeg_file())
    (item,) = client.get(f"{BASE}/requests/{report.public_id}.json").json()
    assert item["media_url"] is None
    assert client.get(f"/felanmalan/reports/{report.public_id}/photo/").status_code == 404
    photo_approve(report_id=report.pk, user=caseworker, approved=True)
    (item,) = client.get(f"{BASE}/requests/{report.public_id}.json").json()
    assert item["media_url"].endswith(f"/felanmalan/reports/{report.public_id}/photo/")
    photo = client.get(f"/felanmalan/reports/{report.public_id}/photo/")
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"


def test_multi_value_attributes_are_described_and_accepted(client, fault, api_key, tmp_path):
    """GET Service Definition: a multi-choice question is a `multivaluelist` with its values;
    POST Service Request: `attribute[code][]` given several times keeps every value."""
    import shutil
    from pathlib import Path

    from django.conf import settings

    from digikommun.catalog.definition import load_definition
    from digikommun.catalog.services import service_publish
    from digikommun.open311.models import Report

    folder = tmp_path / "felanmalan-parker"
    shutil.copytree(Path(settings.SERVICES_DIR) / "felanmalan", folder)
    text = (folder / "service.yaml").read_text(encoding="utf-8")
    text = text.replace("id: felanmalan\n", "id: felanmalan-parker\n", 1)
    text = text.replace(
        "  categories:\n",
        """  categories:
    - code: bench
      name: {sv: Trasig parkbänk, en: Broken park bench}
      description: {sv: "En bänk som är trasig.", en: "A bench that is broken."}
      group: {sv: Parker, en: Parks}
      photo: optional
      team: stadsmiljo-gator
      questions:
        - id: damage
          type: multi_choice
          label: {sv: "Vad är trasigt?", en: "What is broken?"}
          options:
            - {value: seat, label: {sv: Sitsen, en: The seat}}
            - {value: back, label: {sv: Ryggen, en: The back}}
            - {value: legs, label: {sv: Benen, en: The legs}}
""",
        1,
    )
    (folder / "service.yaml").write_text(text, encoding="utf-8")
    service_publish(definition=load_definition(folder))

    described = client.get(f"{BASE}/services/bench.json").json()
    [damage] = [a for a in described["attributes"] if a["code"] == "damage"]
    assert damage["datatype"] == "multivaluelist"
    assert [v["key"] for v in damage["values"]] == ["seat", "back", "legs"]

    response = client.post(
        f"{BASE}/requests.json",
        {
            "api_key": api_key,
            "service_code": "bench",
            "lat": SERGELS_TORG[0],
            "long": SERGELS_TORG[1],
            "attribute[damage][]": ["seat", "legs"],
        },
    )
    assert response.status_code == 200, response.content
    (item,) = response.json()
    report = Report.objects.get(public_id=item["service_request_id"])
    assert report.service_code == "bench"
    assert report.case.answers["damage"] == ["seat", "legs"]
    wrong = client.post(
        f"{BASE}/requests.json",
        {
            "api_key": api_key,
            "service_code": "bench",
            "lat": SERGELS_TORG[0],
            "long": SERGELS_TORG[1],
            "attribute[damage][]": ["seat", "wings"],
        },
    )
    assert_error(wrong, 400)


# --- Fixes found by outside clients (issue: "Open standards all the way") -------------------


def _schema_validator(name: str):
    """The official GeoReport v2 JSON schema `name`, resolving its references by file name."""
    import json
    from pathlib import Path

    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    folder = Path(__file__).resolve().parents[2].parent / "shared" / "open311-schemas"
    if not folder.is_dir():
        pytest.fail(f"the Open311 schemas are missing: {folder}")
    resources = [
        (p.name, Resource.from_contents(json.loads(p.read_text()), default_specification=DRAFT4))
        for p in folder.glob("*.json")
        if p.name != "swagger.json"
    ]
    registry = Registry().with_resources(resources)
    schema = json.loads((folder / name).read_text())
    return jsonschema.Draft4Validator(schema, registry=registry)


def _valid(name: str, data) -> None:
    errors = sorted(_schema_validator(name).iter_errors(data), key=str)
    assert not errors, [e.message for e in errors]


def test_a_control_character_is_never_stored_and_the_xml_list_parses(client, fault, api_key):
    """GeoReport v2 responses are XML 1.0 documents: a control character in address_string
    (%01) is removed on the way in, and the list stays parseable by a strict parser (lxml)."""
    from lxml import etree

    response = client.post(
        f"{BASE}/requests.json",
        {
            "api_key": api_key,
            "service_code": "streetlight",
            "address_string": "Drottninggatan\x01 5\x0b",
            "description": "Lampan\x00 blinkar",
            "attribute[light_state]": "out",
        },
    )
    assert response.status_code == 200, response.content
    body = client.get(f"{BASE}/requests.xml").content
    root = etree.fromstring(body)  # raises on "PCDATA invalid Char value 1"
    assert root.findtext("request/address") == "Drottninggatan 5"
    # Something stored before the fix is still written as valid XML on the way out.
    from digikommun.open311.models import Report

    Report.objects.update(address="Gata\x02 1")
    assert etree.fromstring(client.get(f"{BASE}/requests.xml").content).findtext(
        "request/address"
    ) == ("Gata 1")


def test_attributes_describe_their_datatype_and_accept_iso_datetimes_and_decimals(
    client, fault, api_key
):
    """Service Definition: every attribute has a datatype_description (the limits); a
    `datetime` attribute takes an ISO 8601 date-time and a `number` attribute takes 2.5."""
    data = client.get(f"{BASE}/services/pothole.json").json()
    _valid("service-definition.json", data)
    by_code = {a["code"]: a for a in data["attributes"]}
    assert all(a["datatype_description"] for a in data["attributes"])
    assert by_code["width_m"]["datatype"] == "number"
    assert by_code["noticed_on"]["datatype"] == "datetime"
    streetlight = client.get(f"{BASE}/services/streetlight.json").json()
    assert any("20" in a["datatype_description"] for a in streetlight["attributes"])
    response = client.post(
        f"{BASE}/requests.json",
        {
            "api_key": api_key,
            "service_code": "pothole",
            "lat": SERGELS_TORG[0],
            "long": SERGELS_TORG[1],
            "attribute[surface]": "road",
            "attribute[dangerous]": "yes",
            "attribute[width_m]": "2.5",
            "attribute[noticed_on]": "2026-11-20T10:00:00+01:00",
        },
    )
    assert response.status_code == 200, response.content
    from digikommun.open311.models import Report

    answers = Report.objects.get().case.answers
    assert answers["width_m"] == "2.5"
    assert answers["noticed_on"] == "2026-11-20"
    bad = client.post(
        f"{BASE}/requests.json",
        {
            "api_key": api_key,
            "service_code": "pothole",
            "address_string": "Götgatan 1",
            "attribute[surface]": "road",
            "attribute[dangerous]": "no",
            "attribute[noticed_on]": "2026-11-20T25:99",
        },
    )
    (error,) = assert_error(bad, 400)
    assert error["description"].startswith("attribute[noticed_on]")


def test_a_required_photo_is_declared_and_its_error_names_media_url(client, fault, api_key):
    """Service Definition: what a category requires is in its attributes; the error names the
    parameter the client sends (media_url), not an internal field."""
    data = client.get(f"{BASE}/services/graffiti.json").json()
    photo = [a for a in data["attributes"] if a["code"] == "media_url"]
    assert photo and photo[0]["required"] is True
    services = {s["service_code"]: s for s in client.get(f"{BASE}/services.json").json()}
    assert services["graffiti"]["metadata"] is True
    response = client.post(
        f"{BASE}/requests.json",
        {
            "api_key": api_key,
            "service_code": "graffiti",
            "address_string": "Götgatan 1",
            "attribute[offensive]": "no",
            "attribute[surface_kind]": "wall",
        },
    )
    errors = assert_error(response, 400)
    assert any(e["description"].startswith("media_url:") for e in errors)
    ok = client.post(
        f"{BASE}/requests.json",
        {
            "api_key": api_key,
            "service_code": "graffiti",
            "address_string": "Götgatan 1",
            "attribute[offensive]": "no",
            "attribute[surface_kind]": "wall",
            "attribute[media_url]": "https://example.org/klotter.jpg",
        },
    )
    assert ok.status_code == 200, ok.content


def test_changeset_changes_when_a_definition_is_published(client, fault):
    """Service Discovery: `changeset` is the time the service list last changed."""
    from digikommun.catalog.models import ServiceVersion

    before = client.get(f"{BASE}/discovery.json").json()["changeset"]
    ServiceVersion.objects.filter(service_id="felanmalan", is_current=True).update(
        published_at=timezone.now() + datetime.timedelta(minutes=5)
    )
    after = client.get(f"{BASE}/discovery.json").json()["changeset"]
    assert before and after and after != before
    assert after == client.get(f"{BASE}/discovery.json").json()["endpoints"][0]["changeset"]


def test_description_is_what_a_caseworker_published(client, fault, caseworker):
    """GET Service Request: `description` is the text a caseworker cleared or wrote, null
    until then (the reporter's own words may name people; docs/open311.md)."""
    from digikommun.open311.services import report_describe

    report = submit(fault, description="Lampan vid Kalles port är trasig")
    assert client.get(f"{BASE}/requests/{report.public_id}.json").json()[0]["description"] is None
    report_describe(report_id=report.pk, user=caseworker, text="Trasig lampa vid en port")
    item = client.get(f"{BASE}/requests/{report.public_id}.json").json()[0]
    assert item["description"] == "Trasig lampa vid en port"
    report_describe(report_id=report.pk, user=caseworker, text="")
    assert client.get(f"{BASE}/requests/{report.public_id}.json").json()[0]["description"] is None


def test_address_id_is_accepted_and_returned(client, fault, api_key):
    """POST Service Request: location by lat+long, address_string or address_id."""
    response = client.post(
        f"{BASE}/requests.json",
        {
            "api_key": api_key,
            "service_code": "streetlight",
            "address_id": "BAB-123456",
            "attribute[light_state]": "out",
        },
    )
    assert response.status_code == 200, response.content
    request_id = response.json()[0]["service_request_id"]
    item = client.get(f"{BASE}/requests/{request_id}.json").json()[0]
    assert item["address_id"] == "BAB-123456"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_every_error_under_the_api_is_an_open311_error_list(client, fault, api_key, fmt, settings):
    """Errors: `[{code, description}]` for an unknown path or format (404), a method the
    resource lacks (405, with Allow) and a form that is too large (413) — never HTML."""
    assert_error(client.get(f"{BASE}/nothing-here.{fmt}"), 404, fmt)
    assert_error(client.get(f"{BASE}/requests/FR-2026-00001/extra.{fmt}"), 404, fmt)
    assert_error(client.get(f"{BASE}/services.csv"), 404, "xml")
    response = client.delete(f"{BASE}/requests.{fmt}")
    assert_error(response, 405, fmt)
    assert "GET" in response["Allow"] and "POST" in response["Allow"]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    big = client.post(
        f"{BASE}/requests.{fmt}",
        {"api_key": api_key, "service_code": "streetlight", "description": "x" * 5000},
    )
    assert_error(big, 413, fmt)


def test_json_says_utf8_notice_uses_the_serving_address_and_ids_are_capped(
    client, fault, api_key, settings
):
    """JSON answers say their charset; the service_notice link is on the host that served
    the request; a service_request_id list is held to the 1,000 limit."""
    settings.SITE_URL = "https://elsewhere.example"
    response = client.post(
        f"{BASE}/requests.json",
        {
            "api_key": api_key,
            "service_code": "streetlight",
            "address_string": "Götgatan 1",
            "attribute[light_state]": "out",
        },
        HTTP_HOST="felanmalan.kommun.example",
    )
    assert response["Content-Type"] == "application/json; charset=utf-8"
    notice = response.json()[0]["service_notice"]
    assert "http://felanmalan.kommun.example/felanmalan/reports/" in notice
    ids = ",".join(f"FR-2026-{n:05d}" for n in range(1, 1002))
    assert_error(client.get(f"{BASE}/requests.json", {"service_request_id": ids}), 400)


def test_pages_updated_filters_and_extensions(client, fault, caseworker):
    """Extensions: page/page_size, updated_after/updated_before, and extensions=true with the
    detailed status, the attributes and the public notes history."""
    from digikommun.open311.models import Report
    from digikommun.open311.services import report_update

    reports = [submit(fault) for _ in range(5)]
    first = client.get(f"{BASE}/requests.json", {"page_size": 2}).json()
    second = client.get(f"{BASE}/requests.json", {"page_size": 2, "page": 2}).json()
    assert len(first) == 2 and len(second) == 2
    assert {r["service_request_id"] for r in first}.isdisjoint(
        {r["service_request_id"] for r in second}
    )
    assert_error(client.get(f"{BASE}/requests.json", {"page_size": 0}), 400)
    marker = timezone.now()
    Report.objects.update(updated_at=marker - datetime.timedelta(hours=1))
    report_update(report_id=reports[0].pk, user=caseworker, state="in_progress", notes="Beställt.")
    changed = client.get(
        f"{BASE}/requests.json", {"updated_after": marker.isoformat(), "extensions": "true"}
    ).json()
    assert [r["service_request_id"] for r in changed] == [reports[0].public_id]
    _valid("requests.json", changed)
    extended = changed[0]["extended_attributes"]
    assert extended["detailed_status"] == "IN_PROGRESS"
    assert extended["attributes"]["light_state"] == "out"
    assert [n["description"] for n in extended["notes"]] == ["Beställt."]
    older = client.get(f"{BASE}/requests.json", {"updated_before": marker.isoformat()}).json()
    assert len(older) == 4
    plain = client.get(f"{BASE}/requests/{reports[0].public_id}.json").json()[0]
    assert "extended_attributes" not in plain


def test_service_request_updates_get_and_post(client, fault, api_key, caseworker):
    """Extension servicerequestupdates (as FixMyStreet's Open311 client calls it): GET lists
    public updates with update_id, service_request_id, status (FIXED, IN_PROGRESS …),
    updated_datetime, description; POST records a client's update and answers update_id."""
    from lxml import etree

    from digikommun.open311.models import ReportUpdate
    from digikommun.open311.services import report_update

    report = submit(fault)
    report_update(report_id=report.pk, user=caseworker, state="in_progress", notes="På gång.")
    report_update(report_id=report.pk, user=caseworker, state="done", notes="Lagad.")
    root = etree.fromstring(client.get(f"{BASE}/servicerequestupdates.xml").content)
    assert root.tag == "service_request_updates"
    updates = root.findall("request_update")
    assert [u.findtext("status") for u in updates] == ["IN_PROGRESS", "FIXED"]
    assert {u.findtext("service_request_id") for u in updates} == {report.public_id}
    assert all(ISO.match(u.findtext("updated_datetime")) for u in updates)
    other = submit(fault, where=FARSTA)
    posted = client.post(
        f"{BASE}/servicerequestupdates.xml",
        {
            "api_key": api_key,
            "service_request_id": other.public_id,
            "status": "OPEN",
            "description": "Fortfarande\x01 trasig",
            "first_name": "Kim",
            "last_name": "-",
            "updated_datetime": "2026-11-27T10:00:00+01:00",
        },
    )
    assert posted.status_code == 200, posted.content
    update_id = etree.fromstring(posted.content).findtext("request_update/update_id")
    saved = ReportUpdate.objects.get(pk=update_id)
    assert saved.source == "client" and saved.notes == "Fortfarande trasig"
    # A client's words are not published.
    listed = client.get(f"{BASE}/servicerequestupdates.json").json()
    assert update_id not in {u["update_id"] for u in listed}
    assert_error(
        client.post(f"{BASE}/servicerequestupdates.json", {"service_request_id": "x"}), 403
    )
    missing = client.post(
        f"{BASE}/servicerequestupdates.json",
        {"api_key": api_key, "service_request_id": "FR-1999-00001", "description": "x"},
    )
    assert_error(missing, 404)


def test_every_json_answer_validates_against_the_official_schemas(client, fault, caseworker):
    """The GeoReport v2 JSON schemas of the Open311 project (../shared/open311-schemas/)."""
    from digikommun.open311.services import report_update

    report = submit(fault)
    report_update(report_id=report.pk, user=caseworker, state="done", notes="Klar.")
    _valid("services.json", client.get(f"{BASE}/services.json").json())
    for code in ("streetlight", "pothole", "graffiti", "litter"):
        _valid("service-definition.json", client.get(f"{BASE}/services/{code}.json").json())
    _valid("requests.json", client.get(f"{BASE}/requests.json").json())
    _valid("requests.json", client.get(f"{BASE}/requests.json", {"extensions": "true"}).json())
    _valid("requests.json", client.get(f"{BASE}/requests/{report.public_id}.json").json())
