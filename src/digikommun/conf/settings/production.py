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
WEBHOOKS_REQUIRE_HTTPS = os.environ.get("WEBHOOKS_ALLOW_HTTP", "0") in ("", "0")

_problems = []
if TEST_IDP_ENABLED:
    _problems.append("the built-in test identity provider must not run in production")
if DEBUG:
    _problems.append("DEBUG must be off in production")
if SECRET_KEY.startswith(("demo-", "test-", "django-insecure")) or len(SECRET_KEY) < 32:
    _problems.append("SECRET_KEY is a default or shorter than 32 characters")
# --- Hardening (issue 14): TLS on by default, secrets checked for randomness, no wildcard
# host, no demo data, the test provider's app not installed, the admin optional. -----------
from . import _hardening  # noqa: E402

globals().update(_hardening.tls_settings())
SESSION_COOKIE_SECURE = SESSION_COOKIE_SECURE and _hardening.flag("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
DEMO_DATA = False
ADMIN_ENABLED = _hardening.flag("ADMIN_ENABLED", True)
for _problem in (
    _hardening.secret_problem("SECRET_KEY", SECRET_KEY, min_length=50, min_bits=160),
    _hardening.secret_problem(
        "OIDC_RP_CLIENT_SECRET", OIDC_RP_CLIENT_SECRET, min_length=16, min_bits=64
    ),
    _hardening.hosts_problem(ALLOWED_HOSTS),
):
    if _problem:
        _problems.append(_problem)
# The API's OAuth2 provider follows the OAuth 2.0 Security BCP (RFC 9700): it serves only
# client credentials here, so every other flow's weaker option is off.
OAUTH2_PROVIDER = {
    **OAUTH2_PROVIDER,  # noqa: F405
    **{
        f"COMPLIANT_BCP_RFC9700_{name}": True
        for name in (
            "IMPLICIT_GRANT",
            "PASSWORD_GRANT",
            "PKCE_METHOD",
            "ACCESS_TOKEN_TRANSPORT",
            "AUTHZ_RESPONSE_ISS",
            "TOKEN_STORAGE",
            "REFRESH_TOKEN",
            "REDIRECT_URI_SCHEME",
            "REDIRECT_URI_MATCHING",
            "PKCE_REQUIRED",
        )
    },
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "REFRESH_TOKEN_GRACE_PERIOD_SECONDS": 0,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
    "PKCE_REQUIRED": True,
}
if OAUTH2_PROVIDER.get("OIDC_ENABLED"):
    _problems.append("the test identity provider's OpenID Connect keys must not be set")
# --- end of the hardening block -----------------------------------------------------------

AUDIT_HMAC_KEY = _env("AUDIT_HMAC_KEY")
AUDIT_CHECKPOINT_DIR = _env("AUDIT_CHECKPOINT_DIR")
if len(AUDIT_HMAC_KEY) < 32:
    _problems.append("AUDIT_HMAC_KEY must be at least 32 characters (a random key)")
if AUDIT_ALLOW_TEST_FLUSH:  # noqa: F405
    _problems.append("AUDIT_ALLOW_TEST_FLUSH is for the test suite only")
if PROCESS_FAULT_HOOK:  # noqa: F405
    _problems.append("PROCESS_FAULT_HOOK (fault injection for tests) must not be set")
# The register adapters (docs/registers.md): "population=kommunen.navet.Adapter,vehicle=…".
REGISTER_ADAPTERS = dict(
    part.strip().split("=", 1)
    for part in os.environ.get("REGISTER_ADAPTERS", "").split(",")
    if "=" in part
)
if any(path.startswith("digikommun.registers.demo") for path in REGISTER_ADAPTERS.values()):
    _problems.append("REGISTER_ADAPTERS names a demo register of fictional people")
if _problems:
    raise ImproperlyConfigured("Refusing to start: " + "; ".join(_problems) + ".")

# A municipality's own overlays (its choices: rent limits, buffer, ...), comma-separated.
# No automated decision in production ever rests on a value marked `example`.
DIGIKOMMUN_RULE_OVERLAYS = [
    n.strip() for n in os.environ.get("DIGIKOMMUN_RULE_OVERLAYS", "").split(",") if n.strip()
]
DIGIKOMMUN_DECIDE_ON_EXAMPLE_VALUES = False
