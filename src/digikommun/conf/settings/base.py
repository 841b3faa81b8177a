"""Settings shared by every environment.

Environment-specific modules (demo, test, production) import * from here and
override what differs. Nothing here reads secrets; production.py does.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parents[2]  # src/digikommun
PROJECT_DIR = BASE_DIR.parents[1]  # the repository (or install) root
DATA_DIR = Path(os.environ.get("DIGIKOMMUN_DATA_DIR", PROJECT_DIR / "var"))
SERVICES_DIR = Path(os.environ.get("DIGIKOMMUN_SERVICES_DIR", PROJECT_DIR / "services"))

DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "mozilla_django_oidc",
    "digikommun.identity",
    "digikommun.catalog",
    "digikommun.cases",
    "digikommun.process",
    "digikommun.portal",
    "digikommun.files",
    "digikommun.workbench",
    "digikommun.letters",
    "digikommun.notify",
    "digikommun.audit",
    "digikommun.open311",
    "digikommun.appeals",
    "digikommun.courses",
    "digikommun.transparency",
    "digikommun.holds",
    "digikommun.cosigning",
    "digikommun.lending",
    # Abuse limits and hardening (issue 14): per-IP counters, upload limits, no-store pages.
    "digikommun.limits",
    "axes",
    "digikommun.register",
    "digikommun.registers",
    "digikommun.archive",
    "digikommun.webhooks",
    # The JSON API (/api/v1/) and the OAuth2 provider its machine clients get tokens from.
    "oauth2_provider",
    "digikommun.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]
# --- Abuse limits and hardening (issue 14) ------------------------------------------------
# Refuse a request body larger than the limit by its Content-Length before anything reads
# it (the body is read only in process_view and views, after every process_request);
# personal pages are never stored by caches; django-axes counts failed password logins.
MIDDLEWARE += [
    "digikommun.limits.middleware.UploadGuardMiddleware",
    "digikommun.limits.middleware.PersonalPagesNoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
    # Every call to the JSON API is written to the audit log (docs/api.md).
    "digikommun.api.middleware.ApiAuditMiddleware",
]
# --- end of the issue-14 block --------------------------------------------------------------

ROOT_URLCONF = "digikommun.conf.urls"
WSGI_APPLICATION = "digikommun.conf.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "digikommun.portal.context.site",
                "digikommun.workbench.context.staff",
            ],
        },
    },
]


def sqlite_database(path: Path) -> dict:
    """SQLite in WAL mode, taking the write lock at BEGIN so writers queue instead of deadlocking."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        },
    }


def database_from_env(default_sqlite: Path) -> dict:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return sqlite_database(default_sqlite)
    import dj_database_url

    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        return sqlite_database(Path(config["NAME"]))
    return config


DATABASES = {"default": database_from_env(DATA_DIR / "digikommun.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "identity.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login before the others
    "digikommun.identity.backends.EidBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "identity:login"
LOGIN_REDIRECT_URL = "portal:my_pages"
LOGOUT_REDIRECT_URL = "portal:home"

# Language: Swedish first, English second; the choice lives in a cookie so URLs stay the same.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Stockholm"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "files"  # outside the web root; files are served by views that check access

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 30 * 60  # a public e-service logs out after half an hour of inactivity
SESSION_SAVE_EVERY_REQUEST = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
    }
}

# Scale-out: the same tasks on RQ and Redis instead of the database (docs/scale-out.md).
# TASKS_BACKEND=rq with REDIS_URL=redis://host:6379/N; `digikommun worker` then runs an RQ
# worker (with the process clock beside it) instead of the database worker.
if os.environ.get("TASKS_BACKEND", "database") == "rq":
    INSTALLED_APPS += ["django_rq"]
    RQ_QUEUES = {"default": {"URL": os.environ["REDIS_URL"]}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}

# --- e-ID through OpenID Connect (mozilla-django-oidc is the client) ---------------------
# The Swedish OIDC profile (oidc.se) names the personal identity number claim like this.
PERSONNUMMER_CLAIM = "https://id.oidc.se/claim/personalIdentityNumber"
OIDC_RP_SCOPES = "openid profile https://id.oidc.se/scope/naturalPersonNumber"
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True
OIDC_CALLBACK_CLASS = "digikommun.identity.views.EidCallbackView"
OIDC_AUTHENTICATE_CLASS = "mozilla_django_oidc.views.OIDCAuthenticationRequestView"
OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS = 15 * 60

# The built-in test identity provider (django-oauth-toolkit). Refused in production.
TEST_IDP_ENABLED = False

# --- The JSON API's machine clients (docs/api.md, ADR 0050) ---------------------------------
# django-oauth-toolkit issues their tokens (client credentials grant) at /api/oauth/token/ in
# every environment; each client may ask only for the scopes it was given (digikommun.api).
# The demo and test settings add the test identity provider's OpenID Connect keys on top.
OAUTH2_PROVIDER = {
    "SCOPES_BACKEND_CLASS": "digikommun.api.oauth.ClientScopes",
    "ACCESS_TOKEN_EXPIRE_SECONDS": 3600,
    "SCOPES": {},
}
# Calls per client and minute unless the client was given its own figure; calls without a
# valid token per client address and minute.
# Named, as django-oauth-toolkit's swappable model, so the API's migration can refer to it.
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
API_CALLS_PER_MINUTE = int(os.environ.get("API_CALLS_PER_MINUTE", "120"))
API_UNAUTHENTICATED_PER_MINUTE = int(os.environ.get("API_UNAUTHENTICATED_PER_MINUTE", "60"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@digikommun.invalid")
# The address people are sent to in notification emails (a link to Mina sidor, nothing personal).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

DIGIKOMMUN = {
    "MUNICIPALITY_NAME": os.environ.get("DIGIKOMMUN_MUNICIPALITY", "Demokommun"),
}

# The process engine: a case still `received` this long after it came in is run again
# (a worker died in the middle); reminders go out this many days before a deadline.
PROCESS_STUCK_AFTER_SECONDS = int(os.environ.get("PROCESS_STUCK_AFTER_SECONDS", "30"))
PROCESS_REMINDER_DAYS_BEFORE = 3
# Recovery (docs/adr/0021-every-step-recoverable.md): a step's claim lasts this long before it
# is taken for a dead worker's; failed steps are tried again after waits doubling from the
# base up to the maximum, and after the last attempt are shown in the workbench's stuck queue.
PROCESS_STEP_LEASE_SECONDS = 120
PROCESS_RETRY_BASE_SECONDS = 5.0
PROCESS_RETRY_MAX_SECONDS = 15 * 60
PROCESS_MAX_ATTEMPTS = 12
# A dotted path to a callable called at named fault points (tests only; production refuses).
PROCESS_FAULT_HOOK = None
# The audit log (docs/adr/0022-tamper-evident-audit-log.md): the HMAC key of its hash chain
# lives outside the database; signed checkpoints of its head go to a folder outside it too.
AUDIT_HMAC_KEY = os.environ.get("AUDIT_HMAC_KEY", "")
AUDIT_CHECKPOINT_DIR = Path(os.environ.get("AUDIT_CHECKPOINT_DIR", DATA_DIR / "audit-checkpoints"))
# Where `digikommun archive deliver` writes E-ARK packages (docs/e-archive.md): the e-archive's
# drop folder, or a folder its ingest reads.
ARCHIVE_OUT_DIR = Path(os.environ.get("ARCHIVE_OUT_DIR", DATA_DIR / "e-archive"))
AUDIT_CHECKPOINT_SECONDS = int(os.environ.get("AUDIT_CHECKPOINT_SECONDS", "300"))
# Lets the test suite empty the audit table on SQLite between tests (production refuses it).
AUDIT_ALLOW_TEST_FLUSH = False
# Notification retries (seconds); None keeps notify.services.RETRY_AFTER.
NOTIFY_RETRY_AFTER_SECONDS = None
NOTIFY_SEND_LEASE_SECONDS = 120
# Outgoing webhooks (docs/webhooks.md): waits before each retry (None: 5 s, 30 s, 2 min,
# 10 min, 1 h), the time a receiver has to answer, the API the payloads link to (empty:
# SITE_URL + /api/v1), and whether subscriptions must use https (production: yes).
WEBHOOKS_RETRY_AFTER_SECONDS: list[float] | None = None
WEBHOOKS_TIMEOUT_SECONDS = 10
WEBHOOKS_SEND_LEASE_SECONDS: float | None = None  # an attempt's claim: None is the timeout + 20 s
WEBHOOKS_API_BASE_URL = os.environ.get("WEBHOOKS_API_BASE_URL", "")
WEBHOOKS_REQUIRE_HTTPS = False

# Map tiles for location fields and the public fault map (OpenStreetMap unless set; empty:
# no tiles, the map still takes clicks and coordinates). Tests run offline with no tiles.
PORTAL_MAP_TILE_URL = os.environ.get(
    "PORTAL_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
# How long before the session ends the resident is warned (seconds).
PORTAL_SESSION_WARNING_SECONDS = 5 * 60

# Rules overlays laid on every service's rules (services/<id>/overlays/<name>.yaml), and
# whether an automated decision may rest on a value marked `example` (docs/overlays.md) —
# a figure, or the delegation order that allows automation (kommunallagen 6 kap. 37 §;
# digikommun.holds sends the case to a caseworker otherwise).
DIGIKOMMUN_RULE_OVERLAYS: list[str] = []
DIGIKOMMUN_DECIDE_ON_EXAMPLE_VALUES = False
# --- Abuse limits (digikommun.limits; issue 14) ---------------------------------------------
# Counted in the database (limits.RateWindow), as the Open311 key limits are, so every web
# process shares one count. Each limit: at most `count` per `seconds`, per client address.
ABUSE_LIMITS = {
    "fault_report": {"count": int(os.environ.get("LIMIT_FAULT_REPORTS", "10")), "seconds": 600},
    # Sending a report although one like it is near (skips the duplicate check).
    "fault_report_anyway": {
        "count": int(os.environ.get("LIMIT_FAULT_REPORTS_ANYWAY", "3")),
        "seconds": 3600,
    },
    "follow": {"count": int(os.environ.get("LIMIT_FOLLOWS", "10")), "seconds": 3600},
}
# Followers of one report (confirmed or waiting for confirmation).
FOLLOWERS_PER_REPORT = int(os.environ.get("LIMIT_FOLLOWERS_PER_REPORT", "100"))
# The request header that holds the client's address when a proxy stands in front (its
# last entry is the one the proxy added); empty: the connection's address (REMOTE_ADDR).
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")
# Uploads: a request body larger than this is refused by its Content-Length before it is
# read, and a stream is cut off when it passes it.
UPLOAD_MAX_REQUEST_BYTES = int(os.environ.get("UPLOAD_MAX_REQUEST_BYTES", str(60 * 1024 * 1024)))
FILE_UPLOAD_HANDLERS = [
    "digikommun.limits.uploads.StreamLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "digikommun.limits.uploads.DiskSafeTemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default, said here beside the others
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # form fields other than files
STORAGES["default"] = {"BACKEND": "digikommun.limits.storage.CleanFileSystemStorage"}

# Password logins (Django's admin) with django-axes: locked out after this many failures
# from one address for one user name, for AXES_COOLOFF_TIME hours.
AXES_ENABLED = True
AXES_ONLY_ADMIN_SITE = True
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "limits/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "digikommun.limits.services.axes_client_ip"
AXES_DISABLE_ACCESS_LOG = True  # failures only: logins are not a second personal-data log
AXES_VERBOSE = False

# Django's admin: for staff with a password; off with ADMIN_ENABLED=0.
ADMIN_ENABLED = os.environ.get("ADMIN_ENABLED", "1") not in ("0", "false", "False", "no", "off")
# Demo services and fictional people are loaded by `serve` only where this is True.
DEMO_DATA = False
# --- end of the abuse-limits block ------------------------------------------------------------
LOGGING["loggers"]["axes"] = {"level": "WARNING"}  # a lockout is a warning; each login is not

# --- Registers that prefill forms (docs/registers.md) -------------------------------------
# The adapter of each kind of register, by dotted path; a kind left out is not looked up.
REGISTER_ADAPTERS: dict[str, str] = {}
