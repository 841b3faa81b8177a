"""A new secret is printed once on the command line: what was made, the warning, the
identifiers, and the secret on the last line (by itself, or after its name)."""

from __future__ import annotations

from digikommun.common.secrets_cli import SHOWN_ONCE, secret_print_once


def test_the_secret_comes_last_after_the_warning():
    lines: list[str] = []
    secret_print_once(
        created="Created the client 'x'.",
        secret="s3cret",
        secret_name="client_secret",
        identifiers={"client_id": "abc"},
        write=lines.append,
    )
    assert lines == [
        "Created the client 'x'.",
        SHOWN_ONCE,
        "client_id: abc",
        "client_secret: s3cret",
    ]


def test_a_secret_without_a_name_stands_alone_on_the_last_line(capsys):
    secret_print_once(created="Created the key 'k'.", secret="raw-key")
    out = capsys.readouterr().out.splitlines()
    assert out == ["Created the key 'k'.", SHOWN_ONCE, "raw-key"]
