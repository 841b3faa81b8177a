"""The demo settings with the bench's URL conf (the platform's URLs plus `/bench/bare/`)."""

from digikommun.conf.settings.demo import *  # noqa: F403

ROOT_URLCONF = "loadsite.urls"
