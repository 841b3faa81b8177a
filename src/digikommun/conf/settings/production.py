"""Production settings, read from the environment. Refuses to start when unsafe."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATA_DIR, database_from_env


def _env(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None or value == "":
        raise ImproperlyConfigured(f"Set the environment variable {name}.")
    return value


DEBUG = os.environ.get("DEBUG", "0") not in ("", "0", "false", "False")
SECRET_KEY = _env("SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in _env("ALLOWED_HOSTS").split(",") if h.strip()]
# The database is named explicitly (`sqlite:////var/lib/digikommun/db.sqlite3` is allowed):
# production never falls back to a default file.
_env("DATABASE_URL")
DATABASES = {"default": database_from_env(DATA_DIR / "digikommun.sqlite3")}
TEST_IDP_ENABLED = os.environ.get("TEST_IDP_ENABLED", "0") not in ("", "0", "false", "False")

OIDC_RP_CLIENT_ID = _env("OIDC_RP_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = _env("OIDC_RP_CLIENT_SECRET")
OIDC_OP_AUTHORIZATION_ENDPOINT = _env("OIDC_OP_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = _env("OIDC_OP_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = _env("OIDC_OP_USER_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = _env("OIDC_OP_JWKS_ENDPOINT")
OIDC_OP_LOGOUT_ENDPOINT = os.environ.get("OIDC_OP_LOGOUT_ENDPOINT", "")
PERSONNUMMER_CLAIM = os.environ.get("OIDC_PERSONNUMMER_CLAIM", PERSONNUMMER_CLAIM)  # noqa: F405

EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@localhost")

SESSION_COOKIE_SECURE = os.environ.get("INSECURE_COOKIES", "0") in ("", "0")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

_problems = []
if TEST_IDP_ENABLED:
    _problems.append("the built-in test identity provider must not run in production")
if DEBUG:
    _problems.append("DEBUG must be off in production")
if SECRET_KEY.startswith(("demo-", "test-", "django-insecure")) or len(SECRET_KEY) < 32:
    _problems.append("SECRET_KEY is a default or shorter than 32 characters")
if _problems:
    raise ImproperlyConfigured("Refusing to start: " + "; ".join(_problems) + ".")
