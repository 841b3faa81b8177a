"""What happens to a service's closed cases: delivered to the e-archive, or thinned (gallring).

    retention:
      action: thin              # keep: deliver to the e-archive; thin: destroy (default)
      years: 5                  # after this many whole years …
      counted_from: last_entry  # … from: closed | decided | last_entry
      spare_born_on: [5, 15, 25]  # thin only: people born on these days are kept for research
      reference: Dokumenthanteringsplan för socialnämnden (exempel)
      until: 2025-06-30         # optional: the last day the rule's legal basis is known to hold

`closed` counts from the day the case was closed, `decided` from the decision in force,
`last_entry` from the last entry in the person's file: the newest event on any of the
person's cases of the same service (a personakt is thinned as a whole). A case whose
rule says `keep` is delivered once its years have passed (0: as soon as its appeal time is
over); a spared case is delivered instead of thinned. The archive app acts on it
(docs/e-archive.md). Past `until` the rule is not applied: no case of the service is thinned
or delivered until a person has checked the rule against the law in force and moved the date.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from digikommun.common.reader import Reader
from digikommun.common.yamlsrc import key_mark, mark_of

ACTIONS = ("keep", "thin")
COUNTED_FROM = ("closed", "decided", "last_entry")
_KEYS = {"action", "years", "counted_from", "spare_born_on", "reference", "until"}


@dataclass(frozen=True)
class Retention:
    action: str = "thin"
    years: int = 1
    counted_from: str = "closed"
    spare_born_on: tuple[int, ...] = ()
    reference: str = ""
    until: datetime.date | None = None

    def holds_on(self, day: datetime.date) -> bool:
        """Whether the rule may be applied on `day` (not past its `until`)."""
        return self.until is None or day <= self.until

    def describe(self) -> str:
        """The rule in one line, as the thinning record keeps it."""
        text = f"{self.action} after {self.years} years from {self.counted_from}"
        if self.spare_born_on:
            days = ", ".join(str(d) for d in self.spare_born_on)
            text += f", sparing those born on day {days}"
        if self.until is not None:
            text += f", holding until {self.until.isoformat()}"
        return f"{text} ({self.reference})" if self.reference else text


def parse_retention(r: Reader, doc: Any) -> Retention:
    raw = r.require(doc, "retention")
    if not isinstance(raw, dict):
        if raw is not None:
            r.fail("'retention' must be a mapping with 'years'", mark_of(raw, mark_of(doc)))
        return Retention()
    for key in sorted(set(raw) - _KEYS):
        r.fail(f"unknown key '{key}' in 'retention'", key_mark(raw, key))
    action = str(raw.get("action", "thin"))
    if action not in ACTIONS:
        r.fail("retention 'action' is keep or thin", key_mark(raw, "action"))
        action = "thin"
    years = raw.get("years")
    least = 0 if action == "keep" else 1
    if not isinstance(years, int) or isinstance(years, bool) or years < least:
        r.fail(
            f"retention needs 'years', a whole number of at least {least}",
            mark_of(raw, mark_of(doc)),
        )
        years = least
    counted_from = str(raw.get("counted_from", "closed"))
    if counted_from not in COUNTED_FROM:
        r.fail(
            "retention 'counted_from' is one of: " + ", ".join(COUNTED_FROM),
            key_mark(raw, "counted_from"),
        )
        counted_from = "closed"
    spare = raw.get("spare_born_on", [])
    days: tuple[int, ...] = ()
    if not isinstance(spare, list) or not all(
        isinstance(d, int) and not isinstance(d, bool) and 1 <= d <= 31 for d in spare
    ):
        r.fail(
            "'spare_born_on' is a list of days of the month (1–31)", key_mark(raw, "spare_born_on")
        )
    else:
        days = tuple(sorted(set(spare)))
    if days and action != "thin":
        r.fail(
            "'spare_born_on' only applies when the action is thin", key_mark(raw, "spare_born_on")
        )
    until = raw.get("until")
    if until is not None and (
        not isinstance(until, datetime.date) or isinstance(until, datetime.datetime)
    ):
        r.fail("retention 'until' is a date (YYYY-MM-DD)", key_mark(raw, "until"))
        until = None
    return Retention(
        until=until,
        action=action,
        years=years,
        counted_from=counted_from,
        spare_born_on=days,
        reference=str(raw.get("reference", "")),
    )
