"""Places on Mina sidor (the person's start page) that other apps fill in.

An app registers a template; each is included after the list of cases with the context of
the page (`request`, `user`), in the order given. Co-signing lists requests to confirm.
"""

from __future__ import annotations

_SECTIONS: list[tuple[int, str]] = []


def register(template_name: str, *, order: int = 100) -> None:
    if template_name not in [t for _, t in _SECTIONS]:
        _SECTIONS.append((order, template_name))
        _SECTIONS.sort()


def templates() -> list[str]:
    return [t for _, t in _SECTIONS]
