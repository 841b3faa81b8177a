"""Authorisation, generated from the URL conf: every URL pattern × every role × GET and
POST gives the answer written in TABLE, the one place that says who may do what. A URL
pattern without a row fails the test, so a new page cannot be added without deciding.

Answers: a status code, or "login" for a redirect to the login page. A row is
{"GET": answer-or-{role: answer, "*": default}, "POST": …}. Third-party URL namespaces
(Django's admin, the test identity provider) have one row for the namespace ("admin:*"),
checked at one representative URL. POSTs are empty forms (CSRF is not what is tested
here); each request runs in a transaction rolled back after it, so none changes the next.

To add a role, see tests/conf/authz_world.py; give it a column where it differs from "*".
Every 200 answer to a logged-in person must carry `Cache-Control: … no-store`.
Run with AUTHZ_PRINT=1 to print the answers observed, as rows to paste and review.
"""

from __future__ import annotations

import os

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .authz_world import ROLE_MAKERS, make_world, url_kwargs

pytestmark = pytest.mark.django_db

ROLES = list(ROLE_MAKERS)
STAFF = ("caseworker_team", "caseworker_other_team", "caseworker_other_service")
GRANTED = (*STAFF, "service_owner", "auditor", "administrator")
LOGGED_IN = ("resident", "other_resident", *GRANTED)

# Namespaces whose URLs are checked as one row, at this URL name.
WILDCARDS = {"admin": "admin:index", "oauth2_provider": "oauth2_provider:jwks-info"}

# Pages that set their own public Cache-Control (nothing personal on them); a logged-in
# person gets every other page with `Cache-Control: private, no-store`.
PUBLIC_CACHE = {"oauth2_provider:*"}  # the test provider's public keys (JWKS)

# fmt: off
TABLE: dict[str, dict[str, object]] = {
    # The public register of automated decision models, the benefit figures, the course
    # catalogue and a booking's secret link are open.
    "algorithm_model": {"GET": 200, "POST": 200},
    "algorithm_model_version": {"GET": 200, "POST": 200},
    "algorithm_register": {"GET": 200, "POST": 200},
    "algorithm_register_json": {"GET": 200, "POST": 200},
    # The JSON API: a session is not a token, so every operation answers 401 to every role
    # (tests/api/test_authorisation.py checks every operation × scope with tokens); the
    # description, its docs page and the token endpoint are open.
    "api:api-root": {"GET": 404, "POST": 404},
    "api:case": {"GET": 401, "POST": 405},
    "api:case_attachment_add": {"GET": 401, "POST": 401},
    "api:case_attachment_content": {"GET": 401, "POST": 405},
    "api:case_attachments": {"GET": 401, "POST": 401},
    "api:case_create": {"GET": 401, "POST": 401},
    "api:case_decisions": {"GET": 401, "POST": 401},
    "api:case_events": {"GET": 401, "POST": 405},
    "api:case_letter_pdf": {"GET": 401, "POST": 405},
    "api:case_letters": {"GET": 401, "POST": 405},
    "api:cases": {"GET": 401, "POST": 401},
    "api:decision_record": {"GET": 401, "POST": 401},
    "api:openapi-json": {"GET": 200, "POST": 200},
    "api:service_register_entry": {"GET": 401, "POST": 405},
    "api:service_rules": {"GET": 401, "POST": 405},
    "api:service_version": {"GET": 401, "POST": 405},
    "api:service_versions": {"GET": 401, "POST": 405},
    "api:services": {"GET": 401, "POST": 405},
    "api_docs": {"GET": 200, "POST": 405},
    "api_token": {"GET": 405, "POST": 400},
    # The resident's reconsideration, appeal (sent to court, with its court file) and late
    # appeal (with its rejection letter): the team's caseworker opens them; a caseworker of
    # another team or service, like any other staff, finds nothing (404); residents are
    # not staff (403), and only the appellant gets the letter. An empty POST to ask for a
    # person or to appeal is sent back to the case page, where one is open already.
    "appeals:appeal": {"GET": {"*": 404, "anonymous": "login", "resident": 403, "other_resident": 403, "caseworker_team": 200}, "POST": {"*": 404, "anonymous": "login", "resident": 403, "other_resident": 403}},
    "appeals:ask_person": {"GET": {"*": 404, "anonymous": "login", "resident": 200}, "POST": {"*": 404, "anonymous": "login", "resident": 302}},
    "appeals:court_file": {"GET": {"*": 404, "anonymous": "login", "resident": 403, "other_resident": 403, "caseworker_team": 200}, "POST": {"*": 404, "anonymous": "login", "resident": 403, "other_resident": 403, "caseworker_team": 200}},
    "appeals:lodge": {"GET": {"*": 404, "anonymous": "login", "resident": 200}, "POST": {"*": 404, "anonymous": "login", "resident": 302}},
    "appeals:reconsideration": {"GET": {"*": 404, "anonymous": "login", "resident": 403, "other_resident": 403, "caseworker_team": 200}, "POST": {"*": 404, "anonymous": "login", "resident": 403, "other_resident": 403, "caseworker_team": 409}},
    "appeals:rejection_letter": {"GET": {"*": 404, "anonymous": "login", "resident": 200}, "POST": {"*": 404, "anonymous": "login", "resident": 200}},
    "appeals:start": {"GET": {"*": 405, "anonymous": "login"}, "POST": {"*": 404, "anonymous": "login", "resident": 403, "other_resident": 403, "caseworker_team": 302}},
    "appeals:tasks": {"GET": {"*": 200, "anonymous": "login", "resident": 403, "other_resident": 403}, "POST": {"*": 200, "anonymous": "login", "resident": 403, "other_resident": 403}},
    "cosigning:decline": {"GET": {"*": 405, "anonymous": "login"}, "POST": {"*": 404, "anonymous": "login", "other_resident": 302}},
    "cosigning:letter": {"GET": {"*": 404, "anonymous": "login", "other_resident": 200}, "POST": {"*": 404, "anonymous": "login", "other_resident": 200}},
    "cosigning:request": {"GET": {"*": 404, "anonymous": "login", "other_resident": 200}, "POST": {"*": 404, "anonymous": "login", "other_resident": 200}},
    "cosigning:sign": {"GET": {"*": 405, "anonymous": "login"}, "POST": {"*": 404, "anonymous": "login", "other_resident": 400}},
    "courses:attendance": {"GET": {"*": 403, "anonymous": "login", "administrator": 200}, "POST": {"*": 403, "anonymous": "login", "administrator": 302}},
    "courses:booking": {"GET": 200, "POST": 302},
    "courses:certificate": {"GET": 403, "POST": 405},
    "courses:catalogue": {"GET": 200, "POST": 200},
    "courses:session": {"GET": 200, "POST": {"*": 302, "anonymous": 400}},
    "courses:teacher": {"GET": {"*": 200, "anonymous": "login"}, "POST": {"*": 200, "anonymous": "login"}},
    "lending:answer": {"GET": {"*": 405, "anonymous": "login"}, "POST": {"*": 404, "anonymous": "login", "resident": 302}},
    "lending:calendar": {"GET": {"*": 403, "anonymous": "login", "caseworker_team": 200, "caseworker_other_team": 200, "administrator": 200}, "POST": {"*": 403, "anonymous": "login", "caseworker_team": 200, "caseworker_other_team": 200, "administrator": 200}},
    "lending:item_add": {"GET": {"*": 405, "anonymous": "login"}, "POST": {"*": 403, "anonymous": "login", "caseworker_team": 302, "caseworker_other_team": 302, "administrator": 302}},
    "lending:item_state": {"GET": {"*": 405, "anonymous": "login"}, "POST": {"*": 403, "anonymous": "login", "caseworker_team": 302, "caseworker_other_team": 302, "administrator": 302}},
    "lending:loan_action": {"GET": {"*": 405, "anonymous": "login"}, "POST": {"*": 403, "anonymous": "login", "caseworker_team": 302, "caseworker_other_team": 302, "administrator": 302}},
    "lending:loan_add": {"GET": {"*": 405, "anonymous": "login"}, "POST": {"*": 403, "anonymous": "login", "caseworker_team": 302, "caseworker_other_team": 302, "administrator": 302}},
    "lending:pool": {"GET": {"*": 403, "anonymous": "login", "caseworker_team": 200, "caseworker_other_team": 200, "administrator": 200}, "POST": {"*": 403, "anonymous": "login", "caseworker_team": 200, "caseworker_other_team": 200, "administrator": 200}},
    # The demo's pools name no service: every caseworker manages them.
    "lending:pools": {"GET": {"*": 403, "anonymous": "login", "caseworker_team": 200, "caseworker_other_team": 200, "caseworker_other_service": 200, "administrator": 200}, "POST": {"*": 403, "anonymous": "login", "caseworker_team": 200, "caseworker_other_team": 200, "caseworker_other_service": 200, "administrator": 200}},
    "lending:setup": {"GET": 200, "POST": 302},
    "letters:download": {"GET": {"*": 404, "anonymous": "login", "resident": 200}, "POST": {"*": 404, "anonymous": "login", "resident": 200}},
    "open311:not_found": {"GET": 404, "POST": 404},
    "open311:updates": {"GET": 200, "POST": 403},
    "portal:application_pdf": {"GET": {"*": 404, "anonymous": "login", "resident": 200}, "POST": {"*": 404, "anonymous": "login", "resident": 200}},
    "portal:apply_next": {"GET": {"*": 405, "anonymous": "login"}, "POST": {"*": 404, "anonymous": "login", "resident": 302}},
    "transparency:benefit": {"GET": 200, "POST": 200},
    "transparency:open_data": {"GET": 200, "POST": 200},
    "workbench:letter": {"GET": {"*": 404, "anonymous": "login", "resident": 403, "other_resident": 403, "caseworker_team": 200}, "POST": {"*": 404, "anonymous": "login", "resident": 403, "other_resident": 403, "caseworker_team": 200}},
    "workbench:stuck": {"GET": {"*": 403, "anonymous": "login", "administrator": 200}, "POST": {"*": 403, "anonymous": "login", "administrator": 302}},
    "webhooks:deliveries": {"GET": {"*": 403, "anonymous": "login", "administrator": 200}, "POST": {"*": 403, "anonymous": "login", "administrator": 405}},
    "webhooks:delivery": {"GET": {"*": 403, "anonymous": "login", "administrator": 200}, "POST": {"*": 403, "anonymous": "login", "administrator": 405}},
    "webhooks:delivery_replay": {"GET": {"*": 403, "anonymous": "login", "administrator": 405}, "POST": {"*": 403, "anonymous": "login", "administrator": 302}},
    "webhooks:subscription_active": {"GET": {"*": 403, "anonymous": "login", "administrator": 405}, "POST": {"*": 403, "anonymous": "login", "administrator": 302}},
    "webhooks:subscription_new": {"GET": {"*": 403, "anonymous": "login", "administrator": 200}, "POST": {"*": 403, "anonymous": "login", "administrator": 400}},
    "webhooks:subscriptions": {"GET": {"*": 403, "anonymous": "login", "administrator": 200}, "POST": {"*": 403, "anonymous": "login", "administrator": 405}},
    # The administrator is a superuser: Django's permissions give it every file.
    "admin:*": {"GET": {"*": "login", "administrator": 200}, "POST": {"*": "login", "administrator": 200}},
    "files:download": {"GET": {"*": 404, "anonymous": "login", "resident": 200, "caseworker_team": 200, "administrator": 200}, "POST": {"*": 404, "anonymous": "login", "resident": 200, "caseworker_team": 200, "administrator": 200}},
    "identity:logged_out": {"GET": 200, "POST": 200},
    "identity:login": {"GET": 200, "POST": 200},
    "identity:logout": {"GET": 405, "POST": 302},
    "idp_choose": {"GET": 200, "POST": 200},
    "notify:preferences": {"GET": {"*": 200, "anonymous": "login"}, "POST": {"*": 302, "anonymous": "login"}},
    "oauth2_provider:*": {"GET": 200, "POST": 405},
    "oidc_authentication_callback": {"GET": "login", "POST": 405},
    "oidc_authentication_init": {"GET": 302, "POST": 405},
    "oidc_logout": {"GET": 405, "POST": 302},
    "open311:discovery": {"GET": 200, "POST": 405},
    "open311:follow": {"GET": 405, "POST": 302},
    "open311:follow_confirm": {"GET": 200, "POST": 302},
    "open311:handle": {"GET": {"*": 403, "anonymous": "login", "caseworker_team": 200}, "POST": {"*": 403, "anonymous": "login", "caseworker_team": 404}},
    "open311:map": {"GET": 200, "POST": 200},
    "open311:photo": {"GET": {"*": 404, "caseworker_team": 200}, "POST": {"*": 404, "caseworker_team": 200}},
    "open311:report": {"GET": 200, "POST": 400},
    "open311:report_page": {"GET": 200, "POST": 200},
    "open311:request": {"GET": 200, "POST": 405},
    "open311:requests": {"GET": 200, "POST": 403},
    "open311:service": {"GET": 200, "POST": 405},
    "open311:services": {"GET": 200, "POST": 405},
    "open311:token": {"GET": 200, "POST": 405},
    "open311:unfollow": {"GET": 200, "POST": 302},
    "portal:apply": {"GET": {"*": 405, "anonymous": "login"}, "POST": {"*": 302, "anonymous": "login"}},
    "portal:autosave": {"GET": {"*": 405, "anonymous": "login"}, "POST": {"*": 404, "anonymous": "login", "resident": 409}},
    "portal:case": {"GET": {"*": 404, "anonymous": "login", "resident": 200}, "POST": {"*": 404, "anonymous": "login", "resident": 200}},
    "portal:departments": {"GET": 200, "POST": 200},
    "portal:draft_delete": {"GET": {"*": 405, "anonymous": "login"}, "POST": {"*": 404, "anonymous": "login", "resident": 302}},
    "portal:extract": {"GET": {"*": 200, "anonymous": "login"}, "POST": {"*": 200, "anonymous": "login"}},
    "portal:extract_json": {"GET": {"*": 200, "anonymous": "login"}, "POST": {"*": 200, "anonymous": "login"}},
    "portal:home": {"GET": 200, "POST": 200},
    "portal:life_situation": {"GET": 200, "POST": 200},
    "portal:my_pages": {"GET": {"*": 200, "anonymous": "login"}, "POST": {"*": 200, "anonymous": "login"}},
    "portal:resume": {"GET": {"*": 404, "anonymous": "login", "resident": 302}, "POST": {"*": 404, "anonymous": "login", "resident": 302}},
    "portal:review": {"GET": {"*": 404, "anonymous": "login", "resident": 302}, "POST": {"*": 404, "anonymous": "login", "resident": 302}},
    "portal:search": {"GET": 200, "POST": 200},
    "portal:service": {"GET": 200, "POST": 200},
    "portal:session_ended": {"GET": {"*": 302, "anonymous": 200}, "POST": 405},
    "portal:session_keepalive": {"GET": 405, "POST": {"*": 200, "anonymous": 401}},
    "portal:step": {"GET": {"*": 404, "anonymous": "login", "resident": 200}, "POST": {"*": 404, "anonymous": "login", "resident": 400}},
    "public_register": {"GET": 200, "POST": 200},
    "resident_case:completion": {"GET": {"*": 405, "anonymous": "login"}, "POST": {"*": 404, "anonymous": "login", "resident": 302}},
    "resident_case:message": {"GET": {"*": 405, "anonymous": "login"}, "POST": {"*": 404, "anonymous": "login", "resident": 302}},
    "set_language": {"GET": 302, "POST": 302},
    "workbench:action": {"GET": {"*": 405, "anonymous": "login"}, "POST": {"*": 404, "anonymous": "login", "resident": 403, "other_resident": 403, "caseworker_team": 400}},
    "workbench:audit": {"GET": {"*": 403, "anonymous": "login", "auditor": 200}, "POST": {"*": 403, "anonymous": "login", "auditor": 200}},
    "workbench:case": {"GET": {"*": 404, "anonymous": "login", "resident": 403, "other_resident": 403, "caseworker_team": 200}, "POST": {"*": 404, "anonymous": "login", "resident": 403, "other_resident": 403, "caseworker_team": 200}},
    "workbench:queue": {"GET": {"*": 200, "anonymous": "login", "resident": 403, "other_resident": 403}, "POST": {"*": 200, "anonymous": "login", "resident": 403, "other_resident": 403}},
    "workbench:take_next": {"GET": {"*": 405, "anonymous": "login"}, "POST": {"*": 302, "anonymous": "login", "resident": 403, "other_resident": 403}},
    # The service owner's impact simulation: a run of the service owner's service.
    "simulations": {"GET": {"*": 403, "anonymous": "login", "service_owner": 200}, "POST": {"*": 403, "anonymous": "login", "service_owner": 200}},
    "simulation_start": {"GET": {"*": 405, "anonymous": "login"}, "POST": {"*": 403, "anonymous": "login", "service_owner": 302}},
    "simulation_run": {"GET": {"*": 403, "anonymous": "login", "service_owner": 200}, "POST": {"*": 403, "anonymous": "login", "service_owner": 200}},
    "simulation_publish": {"GET": {"*": 405, "anonymous": "login"}, "POST": {"*": 403, "anonymous": "login", "service_owner": 200}},
    # The benefit figures for staff; the survey after a decision, by the applicant only.
    "transparency:benefit_staff": {"GET": {"*": 200, "anonymous": "login", "resident": 403, "other_resident": 403}, "POST": {"*": 200, "anonymous": "login", "resident": 403, "other_resident": 403}},
    "transparency:survey": {"GET": {"*": 405, "anonymous": "login"}, "POST": {"*": 404, "anonymous": "login", "resident": 400}},
}
# fmt: on


def url_names() -> dict[str, list[str]]:
    """Every named URL pattern (wildcard namespaces as one) and its parameters."""
    found: dict[str, list[str]] = {}

    def walk(resolver, namespace: str, params: list[str]) -> None:
        for p in resolver.url_patterns:
            own = list(p.pattern.regex.groupindex)
            if isinstance(p, URLResolver):
                ns = ":".join(x for x in (namespace, p.namespace or "") if x)
                walk(p, ns, params + own)
            elif isinstance(p, URLPattern):
                name = ":".join(x for x in (namespace, p.name or "") if x)
                top = namespace.split(":")[0]
                if top in WILDCARDS:
                    found[f"{top}:*"] = []
                else:
                    found[name] = params + own

    walk(get_resolver(), "", [])
    return found


def expected(row: dict, method: str, role: str):
    spec = row[method]
    if isinstance(spec, dict):
        return spec.get(role, spec["*"])
    return spec


def observed(response) -> object:
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith(reverse("identity:login")) or "/admin/login/" in location:
            return "login"
    return response.status_code


def test_every_url_pattern_has_a_row():
    names = url_names()
    missing = sorted(set(names) - set(TABLE))
    stale = sorted(set(TABLE) - set(names))
    assert not missing, f"URL patterns with no row in TABLE: {missing}"
    assert not stale, f"rows for URL patterns that no longer exist: {stale}"


def part_of(name: str) -> str:
    """The part of the walk a URL name belongs to: its namespace, small ones together."""
    namespace = name.split(":")[0] if ":" in name else "top"
    return namespace if namespace in LARGE_PARTS else "*"


# The walk over every URL name × role × method (about 130 names, 11 roles) is split by
# namespace ("top": the names outside any namespace), so each part stays well inside the 60-second limit and the parts can run in
# different test processes.
LARGE_PARTS = ("top", "portal", "api", "open311", "lending", "appeals", "workbench", "courses")


@pytest.mark.parametrize("part", [*LARGE_PARTS, "*"])
def test_every_url_answers_every_role_as_the_table_says(demo, settings, part):
    settings.ABUSE_LIMITS = {k: {"count": 10_000, "seconds": 60} for k in settings.ABUSE_LIMITS}
    world = make_world()
    names = {n: p for n, p in url_names().items() if part_of(n) == part}
    assert names, f"no URL names in the part {part!r}"

    def request(role: str, method: str, url: str):
        # A fresh session each time: a logout (or a login) does not carry over.
        client = Client()
        if world.people[role] is not None:
            client.force_login(
                world.people[role], backend="django.contrib.auth.backends.ModelBackend"
            )
        return getattr(client, method.lower())(url)

    seen: dict[str, dict[str, dict[str, object]]] = {}
    wrong = []
    for name, params in sorted(names.items()):
        target = WILDCARDS.get(name.split(":")[0], name) if name.endswith(":*") else name
        url = reverse(target, kwargs=url_kwargs(world, target, params) if params else None)
        for method in ("GET", "POST"):
            for role in ROLES:
                with transaction.atomic():
                    response = request(role, method, url)
                    transaction.set_rollback(True)
                got = observed(response)
                # Every page served to a logged-in person is kept out of caches.
                if role != "anonymous" and response.status_code == 200:
                    cache = response.get("Cache-Control", "")
                    if "no-store" not in cache and name not in PUBLIC_CACHE:
                        wrong.append(f"{method} {name} as {role}: Cache-Control {cache!r}")
                seen.setdefault(name, {}).setdefault(method, {})[role] = got
                if name in TABLE and expected(TABLE[name], method, role) != got:
                    wrong.append(
                        f"{method} {name} as {role}: {got}, table says "
                        f"{expected(TABLE[name], method, role)}"
                    )
    if os.environ.get("AUTHZ_PRINT"):
        print_rows(seen)
    assert not wrong, "\n".join(wrong)


def print_rows(seen) -> None:
    from collections import Counter

    print()
    for name, methods in seen.items():
        parts = []
        for method in ("GET", "POST"):
            answers = methods[method]
            common = Counter(answers.values()).most_common(1)[0][0]
            if all(v == common for v in answers.values()):
                parts.append(f'"{method}": {common!r}')
            else:
                others = ", ".join(f'"{r}": {v!r}' for r, v in answers.items() if v != common)
                parts.append(f'"{method}": {{"*": {common!r}, {others}}}')
        print(f'    "{name}": {{{", ".join(parts)}}},')
