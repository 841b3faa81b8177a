"""Every `digikommun …` command that README.md and docs/ show exists: `--help` answers it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DIGIKOMMUN = Path(sys.executable).with_name("digikommun")
WORD = re.compile(r"[a-z][a-z0-9_-]*\Z")
FLAG = re.compile(r"--[a-z][a-z0-9-]*\Z")


def documents() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def shown_commands() -> dict[tuple[str, ...], set[str]]:
    """(subcommand words) -> the flags shown with them, from every `digikommun …` in the docs."""
    found: dict[tuple[str, ...], set[str]] = {}
    for doc in documents():
        for match in re.finditer(r"\bdigikommun((?: [^\s`|#)]+)+)", doc.read_text("utf-8")):
            words, flags = [], set()
            for token in match.group(1).split():
                if FLAG.match(token):
                    flags.add(token)
                elif WORD.match(token) and not flags:
                    words.append(token)
                else:
                    break
            if words:
                found.setdefault(tuple(words), set()).update(flags)
    return found


def test_the_docs_show_the_commands_people_type():
    commands = shown_commands()
    for expected in [("serve",), ("worker",), ("services", "publish"), ("demo", "load")]:
        assert expected in commands


@pytest.mark.parametrize(
    "words", sorted(shown_commands()), ids=lambda w: " ".join(w) if isinstance(w, tuple) else w
)
def test_each_command_shown_in_the_docs_answers_help(words):
    result = subprocess.run(
        [str(DIGIKOMMUN), *words, "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert result.returncode == 0, f"digikommun {' '.join(words)}: {result.stderr[-2000:]}"
    for flag in shown_commands()[words]:
        assert flag in result.stdout, f"digikommun {' '.join(words)} has no {flag}"


def test_a_command_that_does_not_exist_fails_the_check():
    result = subprocess.run(
        [str(DIGIKOMMUN), "services", "no-such-thing", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
