"""Checks and defaults that make production settings refuse to start when unsafe.

Kept apart from production.py so the rules can be tested on their own: a secret must look
random (not `aaaa…`, not `changeme-…`), a host list must not be a wildcard, and TLS
(HSTS, redirect to https, the proxy's protocol header) is on unless turned off on purpose.
"""

from __future__ import annotations

import math
import os
from collections import Counter

# Beginnings of example or default secrets seen in the wild and in this repository.
PLACEHOLDER_PREFIXES = (
    "demo-",
    "test-",
    "django-insecure",
    "changeme",
    "change-me",
    "change_me",
    "secret",
    "password",
    "example",
    "todo",
    "xxx",
)


def estimated_bits(value: str) -> float:
    """A rough upper bound on the randomness in a string: its length times the Shannon
    entropy of its characters. `aaaa…` scores 0; 50 random base64 characters about 280."""
    if not value:
        return 0.0
    counts = Counter(value)
    n = len(value)
    per_char = -sum(c / n * math.log2(c / n) for c in counts.values())
    return per_char * n


def secret_problem(name: str, value: str, *, min_length: int, min_bits: float) -> str | None:
    """Why a secret is unsafe, or None. Words, not the secret, go into the message."""
    lowered = value.strip().lower()
    if lowered.startswith(PLACEHOLDER_PREFIXES):
        return f"{name} is a default or example value"
    if len(value) < min_length:
        return f"{name} is shorter than {min_length} characters"
    if len(set(value)) < 8 or estimated_bits(value) < min_bits:
        return f"{name} is not random enough (repeated or too few different characters)"
    return None


def hosts_problem(hosts: list[str]) -> str | None:
    if not hosts:
        return "ALLOWED_HOSTS is empty"
    if any("*" in h for h in hosts):
        return "ALLOWED_HOSTS must name the site's hosts, not '*'"
    return None


def flag(name: str, default: bool) -> bool:
    """An on/off environment variable: 1/true/yes/on or 0/false/no/off."""
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    return raw in ("1", "true", "yes", "on")


def tls_settings() -> dict:
    """HSTS, the https redirect and the proxy's protocol header: on by default.

    SECURE_PROXY_SSL_HEADER names the header the TLS-terminating proxy sets (it must also
    strip it from what clients send); empty turns it off.
    """
    proxy = os.environ.get("SECURE_PROXY_SSL_HEADER", "HTTP_X_FORWARDED_PROTO,https")
    header = tuple(p.strip() for p in proxy.split(",")) if proxy.strip() else None
    if header is not None and len(header) != 2:
        header = None
    return {
        "SECURE_SSL_REDIRECT": flag("SECURE_SSL_REDIRECT", True),
        "SECURE_HSTS_SECONDS": int(os.environ.get("SECURE_HSTS_SECONDS", "31536000")),
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", True),
        "SECURE_HSTS_PRELOAD": flag("SECURE_HSTS_PRELOAD", True),
        "SECURE_PROXY_SSL_HEADER": header,
        # The OIDC redirect URI is built from the request: behind a proxy it must say https.
        "SECURE_REDIRECT_EXEMPT": [r"^healthz/?$"],
    }
