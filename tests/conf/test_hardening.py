"""Production hardening: `check --deploy` is clean under production settings; secrets that
are not random, a wildcard host, the test provider's app and demo data are refused; TLS
(HSTS, https redirect, the proxy header) is on by default and each part can be turned off;
the admin can be turned off."""

from __future__ import annotations

import subprocess
import sys

import pytest

from digikommun.conf.settings import _hardening

from .test_settings import SAFE, load_production


def run_production(code: str, **env) -> subprocess.CompletedProcess:
    import os

    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in SAFE
        and not k.startswith(("SECURE_", "ADMIN_", "DEBUG", "TEST_IDP", "DJANGO_ALLOW_ASYNC"))
    }
    prelude = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE']="
        "'digikommun.conf.settings.production'; django.setup(); "
    )
    return subprocess.run(
        [sys.executable, "-c", prelude + code],
        env={**clean, **SAFE, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_production_settings():
    result = run_production(
        "from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING')"
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_production_installs_no_test_provider_and_loads_no_demo():
    result = run_production(
        "from django.conf import settings; from django.urls import resolve, Resolver404\n"
        "print(bool(settings.OAUTH2_PROVIDER.get('OIDC_ENABLED')), settings.DEMO_DATA)\n"
        "from digikommun.demo import DemoRefused, demo_load\n"
        "try:\n    demo_load()\nexcept DemoRefused:\n    print('refused')\n"
        "for path in ('/idp/choose/', '/idp/authorize/', '/api/oauth/token/'):\n"
        "    try:\n        resolve(path); print('routed', path)\n"
        "    except Resolver404:\n        print('404', path)\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "False",
        "refused",
        "404",
        "/idp/choose/",
        "404",
        "/idp/authorize/",
        "routed",  # the API's token endpoint (client credentials) is there in production
        "/api/oauth/token/",
    ]


def test_the_demo_command_refuses_under_production_settings():
    result = subprocess.run(
        [sys.executable, "-m", "digikommun.cli", "demo", "load"],
        env={
            **{k: v for k, v in __import__("os").environ.items() if k not in SAFE},
            **SAFE,
            "DJANGO_SETTINGS_MODULE": "digikommun.conf.settings.production",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "demo data is loaded only under the demo and test settings" in result.stderr


def test_tls_is_on_by_default_and_each_part_can_be_turned_off():
    on = run_production(
        "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_SECURE)"
    )
    assert on.stdout.strip() == "True 31536000 ('HTTP_X_FORWARDED_PROTO', 'https') True"
    off = run_production(
        "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER)",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        SECURE_PROXY_SSL_HEADER="",
    )
    assert off.stdout.strip() == "False 0 None"


def test_the_admin_can_be_turned_off():
    code = (
        "from django.urls import resolve, Resolver404\n"
        "try:\n    resolve('/admin/'); print('routed')\nexcept Resolver404:\n    print('off')\n"
    )
    assert run_production(code).stdout.strip() == "routed"
    assert run_production(code, ADMIN_ENABLED="0").stdout.strip() == "off"


@pytest.mark.parametrize(
    "override, message",
    [
        ({"SECRET_KEY": "a" * 64}, "SECRET_KEY is not random enough"),
        (
            {"SECRET_KEY": "changeme-" + "k3Jx9Qp2Lm8Vb4Tn7Wz1Rc5Yh6Fd0Gs"},
            "SECRET_KEY is a default",
        ),
        ({"SECRET_KEY": "abcABC123" * 3}, "SECRET_KEY is shorter than 50"),
        ({"OIDC_RP_CLIENT_SECRET": "changeme-please"}, "OIDC_RP_CLIENT_SECRET is a default"),
        ({"OIDC_RP_CLIENT_SECRET": "abababababababababab"}, "OIDC_RP_CLIENT_SECRET is not random"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS must name the site's hosts"),
        ({"ALLOWED_HOSTS": "e.example.se,*.example.se"}, "ALLOWED_HOSTS must name"),
    ],
)
def test_production_refuses_weak_secrets_and_wildcard_hosts(override, message):
    result = load_production(**{**SAFE, **override})
    assert result.returncode != 0
    assert message in result.stderr


def test_estimated_bits_tells_repeats_from_random():
    assert _hardening.estimated_bits("a" * 64) == 0
    assert _hardening.estimated_bits(SAFE["SECRET_KEY"]) > 300


@pytest.mark.parametrize("demo_data, loads", [(False, []), (True, [1])])
def test_serve_loads_demo_data_only_where_the_settings_allow(
    db, settings, monkeypatch, demo_data, loads
):
    import argparse

    import waitress

    from digikommun import cli

    settings.DEMO_DATA = demo_data
    loaded = []
    monkeypatch.setattr(waitress, "serve", lambda *args, **kwargs: None)
    monkeypatch.setattr(cli.signal, "signal", lambda *args: None)  # keep pytest's handlers
    monkeypatch.setattr(
        "digikommun.demo.demo_load",
        lambda **kwargs: loaded.append(1) or {"services": 0, "people": 0},
    )
    args = argparse.Namespace(no_worker=True, host="127.0.0.1", port=0, threads=1)
    assert cli.cmd_serve(args) == 0
    assert loaded == loads
