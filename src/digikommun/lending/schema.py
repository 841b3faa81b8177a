"""The `lending` section of a service definition: a pool of things lent to those granted.

    lending:
      pool: telepresence-robots        # the pool's key, unique
      title: {sv: Telepresensrobotar, en: Telepresence robots}
      item_kind: {sv: robot, en: robot}
      loan_days: 180                   # a loan's first period
      extension_days: 90               # each extension
      max_extensions: 2
      offer_days: 5                    # days to accept an offered item
      reminder_days_before_end: [14, 3]
      steps: [pick_up, set_up, return, check]
      allocate_on: granted             # a case decided granted requests an item
      queue:
        order: applied_at              # first come, first served by the application's date
        priority:                      # optional, earlier rule first
          - when: "expected_weeks >= 12"
            label: {sv: Lång frånvaro först, en: Long absence first}
      share: [pupil_first_name, school, school_class]   # what the set-up party may see

A priority rule's `when` is a FEEL expression on the case's facts; a rule that cannot be
evaluated for a case (a fact missing) does not apply to it. See docs/lending.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from digikommun.common.reader import Reader
from digikommun.common.yamlsrc import key_mark, mark_of
from digikommun.rules.errors import FeelSyntaxError
from digikommun.rules.feel import parse_expression

STEPS = ("pick_up", "set_up", "return", "check")
ALLOCATE_ON = ("granted", "manual")
ORDERS = ("applied_at",)
KEYS = {
    "pool",
    "title",
    "item_kind",
    "loan_days",
    "extension_days",
    "max_extensions",
    "offer_days",
    "reminder_days_before_end",
    "steps",
    "allocate_on",
    "queue",
    "share",
}


@dataclass(frozen=True)
class PriorityRule:
    when: str
    label: dict[str, str]


@dataclass(frozen=True)
class LendingConfig:
    pool: str
    title: dict[str, str]
    item_kind: dict[str, str]
    loan_days: int = 180
    extension_days: int = 90
    max_extensions: int = 2
    offer_days: int = 5
    reminder_days_before_end: tuple[int, ...] = (14, 3)
    steps: tuple[str, ...] = STEPS
    allocate_on: str = "granted"
    order: str = "applied_at"
    priority: tuple[PriorityRule, ...] = ()
    share: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe, as the pool keeps it."""
        return {
            "pool": self.pool,
            "title": self.title,
            "item_kind": self.item_kind,
            "loan_days": self.loan_days,
            "extension_days": self.extension_days,
            "max_extensions": self.max_extensions,
            "offer_days": self.offer_days,
            "reminder_days_before_end": list(self.reminder_days_before_end),
            "steps": list(self.steps),
            "allocate_on": self.allocate_on,
            "queue": {
                "order": self.order,
                "priority": [{"when": p.when, "label": p.label} for p in self.priority],
            },
            "share": list(self.share),
        }


def config_from_dict(raw: dict[str, Any]) -> LendingConfig:
    """The inverse of `as_dict` (a pool's stored configuration)."""
    queue = raw.get("queue") or {}
    return LendingConfig(
        pool=raw["pool"],
        title=raw["title"],
        item_kind=raw["item_kind"],
        loan_days=raw["loan_days"],
        extension_days=raw["extension_days"],
        max_extensions=raw["max_extensions"],
        offer_days=raw["offer_days"],
        reminder_days_before_end=tuple(raw["reminder_days_before_end"]),
        steps=tuple(raw["steps"]),
        allocate_on=raw["allocate_on"],
        order=queue.get("order", "applied_at"),
        priority=tuple(PriorityRule(p["when"], p["label"]) for p in queue.get("priority", [])),
        share=tuple(raw.get("share", [])),
    )


def _int(r: Reader, raw: dict, key: str, default: int, low: int, high: int) -> int:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        r.fail(f"'{key}' must be a whole number, {low}–{high}", key_mark(raw, key))
        return default
    return value


def _names(r: Reader, raw: dict, key: str, known: tuple[str, ...] | None) -> tuple[str, ...]:
    value = raw.get(key)
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        r.fail(f"'{key}' must be a list of names", key_mark(raw, key))
        return ()
    for name in value:
        if known is not None and name not in known:
            r.fail(f"unknown {key} '{name}'; known: {', '.join(known)}", mark_of(name))
    return tuple(value)


def _priority(r: Reader, queue: dict) -> tuple[PriorityRule, ...]:
    rules = []
    raw = queue.get("priority") or []
    if not isinstance(raw, list):
        r.fail("'priority' must be a list of rules with 'when' and 'label'", mark_of(raw))
        return ()
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("when"), str):
            r.fail("a priority rule needs 'when' (an expression) and 'label'", mark_of(item))
            continue
        for key in sorted(set(item) - {"when", "label"}):
            r.fail(f"unknown key '{key}' in a priority rule", key_mark(item, key))
        try:
            parse_expression(item["when"])
        except FeelSyntaxError as exc:
            r.fail(f"the priority rule cannot be read: {exc}", mark_of(item["when"]))
            continue
        rules.append(PriorityRule(str(item["when"]), r.text(item, "label")))
    return tuple(rules)


def parse_lending(r: Reader, doc: Any, facts: set[str] | None = None) -> LendingConfig | None:
    """The section, or None when the definition has none. `facts` are the names a case of
    the service has (its fields and derived facts), which `share` must name."""
    raw = doc.get("lending") if isinstance(doc, dict) else None
    if raw is None:
        return None
    if not isinstance(raw, dict):
        r.fail("'lending' must be a mapping with 'pool'", key_mark(doc, "lending"))
        return None
    for key in sorted(set(raw) - KEYS):
        r.fail(f"unknown key '{key}' in lending", key_mark(raw, key))
    pool = r.require(raw, "pool")
    if pool is not None and (not isinstance(pool, str) or not pool.replace("-", "").isalnum()):
        r.fail("the pool key is lower-case letters, digits and -", mark_of(pool))
    queue = raw.get("queue") or {}
    if not isinstance(queue, dict):
        r.fail("'queue' must be a mapping with 'order' and 'priority'", key_mark(raw, "queue"))
        queue = {}
    for key in sorted(set(queue) - {"order", "priority"}):
        r.fail(f"unknown key '{key}' in queue", key_mark(queue, key))
    order = queue.get("order", "applied_at")
    if order not in ORDERS:
        r.fail(f"unknown queue order '{order}'; known: {', '.join(ORDERS)}", mark_of(order))
    allocate_on = raw.get("allocate_on", "granted")
    if allocate_on not in ALLOCATE_ON:
        r.fail(
            f"unknown allocate_on '{allocate_on}'; known: {', '.join(ALLOCATE_ON)}",
            mark_of(allocate_on),
        )
    reminders = raw.get("reminder_days_before_end", [14, 3])
    if not isinstance(reminders, list) or not all(
        isinstance(d, int) and not isinstance(d, bool) and 1 <= d <= 365 for d in reminders
    ):
        r.fail(
            "'reminder_days_before_end' must list whole numbers of days, 1–365",
            key_mark(raw, "reminder_days_before_end"),
        )
        reminders = []
    steps = _names(r, raw, "steps", STEPS) or STEPS
    for needed in ("pick_up", "return", "check"):
        if needed not in steps:
            r.fail(f"the lending steps must include '{needed}'", key_mark(raw, "steps"))
    return LendingConfig(
        pool=str(pool or ""),
        title=r.text(raw, "title"),
        item_kind=r.text(raw, "item_kind"),
        loan_days=_int(r, raw, "loan_days", 180, 1, 3650),
        extension_days=_int(r, raw, "extension_days", 90, 1, 3650),
        max_extensions=_int(r, raw, "max_extensions", 2, 0, 50),
        offer_days=_int(r, raw, "offer_days", 5, 1, 90),
        reminder_days_before_end=tuple(sorted(set(reminders), reverse=True)),
        steps=steps,
        allocate_on=str(allocate_on),
        order=str(order),
        priority=_priority(r, queue),
        share=_names(r, raw, "share", tuple(sorted(facts)) if facts is not None else None),
    )
