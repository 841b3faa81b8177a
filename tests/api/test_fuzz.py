"""A fuzz pass over the whole API from its OpenAPI description (schemathesis), against the
WSGI application in this process, with a token of every scope: no answer is a 5xx, and every
answer — status, content type, headers and body — is one the description allows.

Each operation gets a few generated requests (bounded so the pass takes seconds); the cases
of the small world are offered as path parameters half of the time, so reads find a case."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import checks

from digikommun.api.services import api_client_create

from .conftest import _basic
from .world import make_world

pytestmark = pytest.mark.django_db

EXAMPLES = 4
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]


def test_the_api_answers_as_described_whatever_it_is_sent(demo):
    from django.test import Client

    w = make_world()
    _c, client_id, secret = api_client_create(
        name="fuzz",
        scopes=["services:read", "cases:read", "cases:write", "decisions:write"],
        per_minute=100_000,
    )
    token = (
        Client()
        .post(
            "/api/oauth/token/",
            {"grant_type": "client_credentials"},
            HTTP_AUTHORIZATION=_basic(client_id, secret),
        )
        .json()["access_token"]
    )
    headers = {"Authorization": f"Bearer {token}"}
    # The WSGI handler closes the database connection around each request; the test's
    # transaction lives on it, so it is kept open as Django's own test client keeps it.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
        _fuzz(schema, headers, w)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _fuzz(schema, headers, w) -> None:
    known = {
        "case_id": w.parking.pk,
        "service_id": "boendeparkering",
        "number": 1,
        "letter_id": w.letter_id,
        "key": w.attachment_key,
    }
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:
        names = {p.name for p in operation.path_parameters}
        fixed = {k: v for k, v in known.items() if k in names}
        strategy = st.one_of(
            operation.as_strategy(headers=headers),
            operation.as_strategy(headers=headers, path_parameters=fixed),
        )

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def run(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        run()
