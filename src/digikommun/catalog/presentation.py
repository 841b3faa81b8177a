"""What the catalog tells a resident about a service before they apply.

life_situations: [money, family]      # keys of catalog.taxonomy.LIFE_SITUATIONS
who_can_apply: {sv: …, en: …}
cost: {sv: …, en: …}                  # what it costs; "Kostnadsfritt" is an answer too
have_at_hand:                         # what to have at hand before starting
  - {sv: …, en: …}
decision_time: {sv: …, en: …}         # what to expect, until real cases give a measure
drafts: {expire_after_days: 30}       # an unsent application is kept this long after
                                      # its last change, then removed (default 30)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from digikommun.common.reader import Reader
from digikommun.common.yamlsrc import key_mark, mark_of

from .taxonomy import LIFE_SITUATIONS

KEYS = {"life_situations", "who_can_apply", "cost", "have_at_hand", "decision_time", "drafts"}


@dataclass(frozen=True)
class Presentation:
    life_situations: tuple[str, ...] = ()
    who_can_apply: dict[str, str] = field(default_factory=dict)
    cost: dict[str, str] = field(default_factory=dict)
    have_at_hand: tuple[dict[str, str], ...] = ()
    decision_time: dict[str, str] = field(default_factory=dict)
    draft_days: int = 30


def parse_presentation(r: Reader, doc: Any) -> Presentation:
    if not isinstance(doc, dict):
        return Presentation()
    situations = doc.get("life_situations") or []
    if not isinstance(situations, list):
        r.fail("'life_situations' must be a list", key_mark(doc, "life_situations"))
        situations = []
    for key in situations:
        if key not in LIFE_SITUATIONS:
            r.fail(
                f"unknown life situation '{key}'; known: {', '.join(LIFE_SITUATIONS)}",
                mark_of(key, key_mark(doc, "life_situations")),
            )
    at_hand = doc.get("have_at_hand") or []
    if not isinstance(at_hand, list):
        r.fail("'have_at_hand' must be a list of texts", key_mark(doc, "have_at_hand"))
        at_hand = []
    days = 30
    drafts = doc.get("drafts")
    if drafts is not None:
        value = drafts.get("expire_after_days") if isinstance(drafts, dict) else None
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 365:
            r.fail("'drafts' needs 'expire_after_days', 1–365", key_mark(doc, "drafts"))
        else:
            days = value
        for key in sorted(set(drafts) - {"expire_after_days"} if isinstance(drafts, dict) else ()):
            r.fail(f"unknown key '{key}' in drafts", key_mark(drafts, key))
    return Presentation(
        life_situations=tuple(str(s) for s in situations if s in LIFE_SITUATIONS),
        who_can_apply=r.text(doc, "who_can_apply", required=False),
        cost=r.text(doc, "cost", required=False),
        have_at_hand=tuple(r.text({"have_at_hand": item}, "have_at_hand") for item in at_hand),
        decision_time=r.text(doc, "decision_time", required=False),
        draft_days=days,
    )
