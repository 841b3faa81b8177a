"""The demo settings with the bench's URL conf (the platform's URLs plus `/bench/bare/`)."""

from digikommun.conf.settings.demo import *  # noqa: F403

ROOT_URLCONF = "loadsite.urls"

# The worker the bench kills holds each decision open a moment (BENCH_HOLD_DECISION seconds),
# so that the kill lands inside a step; through the process engine's fault point, as the
# fault tests do (common/faults.py). Demo settings, never production.
import os  # noqa: E402

if os.environ.get("BENCH_HOLD_DECISION"):
    PROCESS_FAULT_HOOK = "loadsite.hold.hook"
