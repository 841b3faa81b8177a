"""Showing a newly made secret on the command line: once, with the warning that it is not
shown again, and the secret itself on the last line (a script takes it with `tail -n 1`).
The commands that issue API client secrets and Open311 keys print it the same way."""

from __future__ import annotations

from collections.abc import Callable, Mapping

SHOWN_ONCE = "The secret is shown only now; store it safely."


def secret_print_once(
    *,
    created: str,
    secret: str,
    secret_name: str = "",
    identifiers: Mapping[str, str] | None = None,
    write: Callable[[str], None] = print,
) -> None:
    """Print what was created, the warning, the identifiers ("name: value", not secret) and
    last the secret, as "secret_name: secret" or, without a name, alone."""
    write(created)
    write(SHOWN_ONCE)
    for name, value in (identifiers or {}).items():
        write(f"{name}: {value}")
    write(f"{secret_name}: {secret}" if secret_name else secret)
