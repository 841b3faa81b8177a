"""Production settings refuse to start when unsafe; the demo default is SQLite in WAL mode."""

import os
import subprocess
import sys

import pytest

SAFE = {
    # Random-looking values of the right length (made once for this test; no real system).
    "SECRET_KEY": "q8Vd2LrTz0bN7yWm4KsXe1HcJf9PuGa6Zt3oYiRnEwBl5MvQkCpSjDxUgF_-hA2r",
    "ALLOWED_HOSTS": "e.example.se",
    "OIDC_RP_CLIENT_ID": "portal",
    "OIDC_RP_CLIENT_SECRET": "Zp4Kw9Tq2Rm7Xv5Ln8Hb3Jc6",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.example.se/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://idp.example.se/token",
    "OIDC_OP_USER_ENDPOINT": "https://idp.example.se/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://idp.example.se/jwks",
    "DATABASE_URL": "postgres://u@127.0.0.1:5432/digikommun",
    "AUDIT_HMAC_KEY": "k" * 64,
    "AUDIT_CHECKPOINT_DIR": "/srv/audit-checkpoints",
}


def load_production(**env) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in SAFE and k not in ("DEBUG", "TEST_IDP_ENABLED")
    }
    code = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='digikommun.conf.settings.production'; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_starts_with_safe_settings():
    result = load_production(**SAFE)
    assert result.returncode == 0, result.stderr
    assert "postgresql" in result.stdout


@pytest.mark.parametrize(
    "override, message",
    [
        ({"TEST_IDP_ENABLED": "1"}, "test identity provider must not run in production"),
        ({"DEBUG": "1"}, "DEBUG must be off"),
        ({"SECRET_KEY": "demo-secret-key-only-for-a-local-trial"}, "SECRET_KEY is a default"),
        ({"AUDIT_HMAC_KEY": "short"}, "AUDIT_HMAC_KEY must be at least 32 characters"),
        ({"AUDIT_HMAC_KEY": ""}, "Set the environment variable AUDIT_HMAC_KEY"),
        ({"AUDIT_CHECKPOINT_DIR": ""}, "Set the environment variable AUDIT_CHECKPOINT_DIR"),
    ],
)
def test_production_refuses_unsafe_settings(override, message):
    result = load_production(**{**SAFE, **override})
    assert result.returncode != 0
    assert message in result.stderr


def test_production_names_a_missing_variable():
    env = dict(SAFE)
    del env["OIDC_RP_CLIENT_ID"]
    result = load_production(**env)
    assert "Set the environment variable OIDC_RP_CLIENT_ID" in result.stderr


def test_production_requires_database_url_and_never_falls_back_to_sqlite():
    env = dict(SAFE)
    del env["DATABASE_URL"]
    result = load_production(**env)
    assert result.returncode != 0
    assert "Set the environment variable DATABASE_URL" in result.stderr
    empty = load_production(**{**SAFE, "DATABASE_URL": ""})
    assert "Set the environment variable DATABASE_URL" in empty.stderr


def test_production_accepts_an_explicit_sqlite_url(tmp_path):
    result = load_production(**{**SAFE, "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_demo_database_is_sqlite_in_wal_mode():
    from digikommun.conf.settings.base import sqlite_database

    config = sqlite_database("x.sqlite3")
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
