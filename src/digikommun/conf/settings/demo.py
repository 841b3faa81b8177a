"""Demo settings: the default for `make run` — SQLite, demo services, the test identity provider."""

from __future__ import annotations

import os
import secrets

from . import _test_idp
from .base import *  # noqa: F403
from .base import DATA_DIR

DEBUG = os.environ.get("DIGIKOMMUN_DEBUG", "") == "1"
SECRET_KEY = os.environ.get("SECRET_KEY", "demo-secret-key-only-for-a-local-trial")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# The test identity provider and the demo data exist only here and in the other of
# demo/test settings, never in production (issue 14). Its app, oauth2_provider, is in
# every environment for the API's tokens; production mounts no /idp/.
DEMO_DATA = True
globals().update(_test_idp.settings_for(DATA_DIR / "test-idp-key.pem"))


def _demo_audit_key(path) -> str:
    """The demo's audit key: made once, kept in a file beside (not in) the database."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


AUDIT_HMAC_KEY = os.environ.get("AUDIT_HMAC_KEY") or _demo_audit_key(DATA_DIR / "audit-hmac.key")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False  # the demo serves static files without a collectstatic step

# The demo shows instant decisions on example figures (overlays/demo.yaml), said to be examples.
DIGIKOMMUN_RULE_OVERLAYS = ["demo"]
DIGIKOMMUN_DECIDE_ON_EXAMPLE_VALUES = True

# The demo's registers: fictional people, vehicles and properties (registers/demo_data).
REGISTER_ADAPTERS = {
    "population": "digikommun.registers.demo.DemoPopulationRegister",
    "vehicle": "digikommun.registers.demo.DemoVehicleRegister",
    "property": "digikommun.registers.demo.DemoPropertyRegister",
}
