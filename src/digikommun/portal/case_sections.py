"""Places on a case page of Mina sidor that other apps fill in.

The case page shows the application's status, its decision and its timeline; messages,
requests for completion and decision letters belong to case handling and are rendered by
that side (today through the `resident_case_panel` template tag of the cases app, placed
under the decision). An app may also register a template here; each is included with the
context `case`, `service` and `request`, in the order given.
"""

from __future__ import annotations

_SECTIONS: list[tuple[int, str]] = []


def register(template_name: str, *, order: int = 100) -> None:
    if template_name not in [t for _, t in _SECTIONS]:
        _SECTIONS.append((order, template_name))
        _SECTIONS.sort()


def templates() -> list[str]:
    return [t for _, t in _SECTIONS]
