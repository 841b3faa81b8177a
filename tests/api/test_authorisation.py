"""Every operation × scope: no token 401, a token without the action 403, a token for the
action in another service 403 or 404 (a case of another service is not found), and the
right scope 2xx. The operations listed here are checked against the OpenAPI description,
so a new operation cannot be added without a row."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from .conftest import BASE, Api, assert_problem
from .world import KARIN, PDF, make_world

pytestmark = pytest.mark.django_db

P, B = "boendeparkering", "ekonomiskt-bistand"


def operations(w):
    """(operation id, method, path, body, action, the service it acts on, the answer to a
    client of another service)."""
    pc, rc = w.parking.pk, w.review.pk
    new_case = {
        "service_id": P,
        "applicant": {"personnummer": "199003159820"},
        "answers": {
            "zone": "inner_city",
            "registered_in_zone": "yes",
            "registration_number": "ABC 123",
            "vehicle_relation": "owner",
            "vehicle_weight": "1500",
        },
    }
    decision = {
        "outcome": "approved",
        "amount": "1000",
        "reasons": "Meets the norm.",
        "official": KARIN,
    }
    return [
        ("services_list", "get", "/services", None, "services:read", P, 200),
        ("service_versions", "get", f"/services/{P}/versions", None, "services:read", P, 404),
        ("service_version", "get", f"/services/{P}/versions/1", None, "services:read", P, 404),
        ("service_rules", "get", f"/services/{P}/versions/1/rules", None, "services:read", P, 404),
        (
            "service_register_entry",
            "get",
            f"/services/{P}/versions/1/register-entry",
            None,
            "services:read",
            P,
            404,
        ),
        ("cases_list", "get", f"/cases?service={P}", None, "cases:read", P, 403),
        ("case_read", "get", f"/cases/{pc}", None, "cases:read", P, 404),
        ("case_events", "get", f"/cases/{pc}/events", None, "cases:read", P, 404),
        ("case_decisions", "get", f"/cases/{pc}/decisions", None, "cases:read", P, 404),
        ("case_letters", "get", f"/cases/{pc}/letters", None, "cases:read", P, 404),
        (
            "case_letter_pdf",
            "get",
            f"/cases/{pc}/letters/{w.letter_id}/pdf",
            None,
            "cases:read",
            P,
            404,
        ),
        ("case_attachments", "get", f"/cases/{pc}/attachments", None, "cases:read", P, 404),
        (
            "case_attachment_content",
            "get",
            f"/cases/{pc}/attachments/{w.attachment_key}/content",
            None,
            "cases:read",
            P,
            404,
        ),
        ("case_create", "post", "/cases", new_case, "cases:write", P, 403),
        ("decision_record", "post", f"/cases/{rc}/decisions", decision, "decisions:write", B, 404),
        (
            "case_attachment_add",
            "post",
            f"/cases/{rc}/attachments",
            {"file": ("proof.pdf", PDF)},
            "cases:write",
            B,
            404,
        ),
    ]


def call(api: Api, method: str, path: str, body):
    if method == "get":
        path, _, query = path.partition("?")
        params = dict(p.split("=") for p in query.split("&")) if query else {}
        return api.get(path, **params)
    if any(isinstance(v, tuple) for v in body.values()):  # multipart, a fresh file each time
        form = {k: SimpleUploadedFile(*v) if isinstance(v, tuple) else v for k, v in body.items()}
        return api.client.post(BASE + path, form, **api.headers)
    return api.post(path, body)


def test_every_operation_by_every_scope(demo, api_for):
    w = make_world()
    ops = operations(w)
    described = {
        op["operationId"]
        for item in Api(None).client.get(BASE + "/openapi.json").json()["paths"].values()
        for op in item.values()
    }
    assert {op[0] for op in ops} == described
    other_service = {B: P, P: B}
    actions = ["services:read", "cases:read", "cases:write", "decisions:write"]
    tokens = {}

    def api(*scopes):
        if scopes not in tokens:
            tokens[scopes] = api_for(*scopes, name="c" + str(len(tokens)))
        return tokens[scopes]

    seen = {}
    for op_id, method, path, body, action, service, elsewhere in ops:
        assert_problem(call(Api(None), method, path, body), 401)
        assert_problem(call(Api("not-a-token"), method, path, body), 401)
        wrong = next(a for a in actions if a != action)
        assert_problem(call(api(wrong), method, path, body), 403)
        limited = call(api(f"{action}:{other_service[service]}"), method, path, body)
        if elsewhere == 200:  # a list: the other service's entries only
            assert service not in {s["id"] for s in limited.json()}
        else:
            assert_problem(limited, elsewhere)
        for scopes in ((action,), (f"{action}:{service}",)):
            response = call(api(*scopes), method, path, body)
            assert 200 <= response.status_code < 300, (op_id, scopes, response.content)
            if body is not None:
                break  # a write is made once
        seen[op_id] = response.status_code
    assert seen["case_create"] == 201 and seen["decision_record"] == 201
    assert seen["case_attachment_add"] == 201
    assert seen["services_list"] == 200


def test_a_limited_client_sees_only_its_services(demo, api_for):
    w = make_world()
    services = api_for("services:read:boendeparkering").get("/services").json()
    assert [s["id"] for s in services] == ["boendeparkering"]
    page = api_for("cases:read:ekonomiskt-bistand").get("/cases").json()
    assert [c["id"] for c in page["items"]] == [w.review.pk]


def test_a_token_carries_only_the_scopes_asked_for(demo):
    from .conftest import token_for

    w = make_world()
    token = token_for(["cases:read", "decisions:write"], ask="cases:read")
    assert Api(token).get(f"/cases/{w.review.pk}").status_code == 200
    body = {"outcome": "approved", "reasons": "x", "official": KARIN}
    assert_problem(Api(token).post(f"/cases/{w.review.pk}/decisions", body), 403)


def test_tokens_stored_hashed_as_production_stores_them_still_work(demo, settings):
    """Production stores tokens hashed (RFC 9700 §4); a call with one is still recognised."""
    from .conftest import token_for

    settings.OAUTH2_PROVIDER = {
        **settings.OAUTH2_PROVIDER,
        "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
        "REFRESH_TOKEN_GRACE_PERIOD_SECONDS": 0,
    }
    token = token_for(["services:read"], name="hashed")
    from oauth2_provider.models import AccessToken

    assert not AccessToken.objects.filter(token=token).exists()  # only its hash is kept
    assert Api(token).get("/services").status_code == 200
