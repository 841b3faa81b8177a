"""Test settings: SQLite by default, PostgreSQL when DIGIKOMMUN_TEST_DB=postgres."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from . import _test_idp
from .base import *  # noqa: F403
from .base import sqlite_database

SECRET_KEY = "test-secret-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

_tmp = Path(tempfile.mkdtemp(prefix="digikommun-test-"))
DATA_DIR = _tmp
MEDIA_ROOT = _tmp / "files"
STATIC_ROOT = _tmp / "static"
STATIC_ROOT.mkdir()

if os.environ.get("DIGIKOMMUN_TEST_DB") == "postgres":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "digikommun",
            "USER": os.environ.get("PGUSER", "postgres"),
            "HOST": os.environ.get("PGHOST", "127.0.0.1"),
            "PORT": os.environ.get("PGPORT", "5432"),
            "TEST": {"NAME": f"test_digikommun_{os.getpid()}"},
        }
    }
else:
    # A file, not :memory:, so the live server, the worker thread and the tests share one database.
    DATABASES = {"default": sqlite_database(_tmp / "db.sqlite3")}
    DATABASES["default"]["TEST"] = {"NAME": str(_tmp / "test-db.sqlite3")}

# A worker started by a test in another process joins that test's database by its name.
if os.environ.get("DIGIKOMMUN_DB_NAME"):
    DATABASES["default"]["NAME"] = os.environ["DIGIKOMMUN_DB_NAME"]

AUDIT_HMAC_KEY = "test-audit-hmac-key-0123456789abcdef0123456789"
AUDIT_CHECKPOINT_DIR = _tmp / "audit-checkpoints"
ARCHIVE_OUT_DIR = _tmp / "e-archive"
AUDIT_ALLOW_TEST_FLUSH = True  # the suite empties tables with DELETE between tests

PROCESS_STUCK_AFTER_SECONDS = int(os.environ.get("PROCESS_STUCK_AFTER_SECONDS", "30"))

# The test identity provider and the demo data exist only here and in the other of
# demo/test settings, never in production (issue 14). Its app, oauth2_provider, is in
# every environment for the API's tokens; production mounts no /idp/.
DEMO_DATA = True
# The fault tests start workers in other processes with shorter waits and a fault hook
# (tests/process/faults.py); read once here, when the settings load.
if os.environ.get("DIGIKOMMUN_FAULT_TEST"):
    PROCESS_STEP_LEASE_SECONDS = float(os.environ.get("PROCESS_STEP_LEASE_SECONDS", "2"))
    PROCESS_RETRY_BASE_SECONDS = 0.2
    PROCESS_RETRY_MAX_SECONDS = 1.0
    PROCESS_MAX_ATTEMPTS = 1000
    NOTIFY_RETRY_AFTER_SECONDS = [0.5] * 1000
    NOTIFY_SEND_LEASE_SECONDS = 20
    WEBHOOKS_SEND_LEASE_SECONDS = 2
    PROCESS_FAULT_HOOK = "tests.process.faults.hook"
    if os.environ.get("DIGIKOMMUN_MEDIA_ROOT"):
        MEDIA_ROOT = Path(os.environ["DIGIKOMMUN_MEDIA_ROOT"])
    if os.environ.get("DIGIKOMMUN_TEST_SMTP_PORT"):
        EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        EMAIL_HOST = "127.0.0.1"
        EMAIL_PORT = int(os.environ["DIGIKOMMUN_TEST_SMTP_PORT"])
        EMAIL_TIMEOUT = 5

globals().update(_test_idp.settings_for(None))
WHITENOISE_USE_FINDERS = True
# Look a static file up when it is asked for, instead of listing every app's static files each
# time a test client builds the middleware (every Client does: seconds per test under coverage).
WHITENOISE_AUTOREFRESH = True
PORTAL_MAP_TILE_URL = ""  # offline: never fetch tiles in tests

# Tests run as the demo does; a test that needs production's refusal overrides these.
DIGIKOMMUN_RULE_OVERLAYS = ["demo"]
DIGIKOMMUN_DECIDE_ON_EXAMPLE_VALUES = True

# No registers by default: forms are asked as without them. Tests of prefilling name the
# demo adapters (tests/registers).
REGISTER_ADAPTERS = {}
