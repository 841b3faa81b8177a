"""Demo settings: the default for `make run` — SQLite, demo services, the test identity provider."""

from __future__ import annotations

import os

from . import _test_idp
from .base import *  # noqa: F403
from .base import DATA_DIR

DEBUG = os.environ.get("DIGIKOMMUN_DEBUG", "") == "1"
SECRET_KEY = os.environ.get("SECRET_KEY", "demo-secret-key-only-for-a-local-trial")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# The test identity provider's app and the demo data exist only here and in the other of
# demo/test settings, never in production (issue 14).
INSTALLED_APPS = [*INSTALLED_APPS, "oauth2_provider"]  # noqa: F405
DEMO_DATA = True
globals().update(_test_idp.settings_for(DATA_DIR / "test-idp-key.pem"))
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False  # the demo serves static files without a collectstatic step

# The demo shows instant decisions on example figures (overlays/demo.yaml), said to be examples.
DIGIKOMMUN_RULE_OVERLAYS = ["demo"]
DIGIKOMMUN_DECIDE_ON_EXAMPLE_VALUES = True
