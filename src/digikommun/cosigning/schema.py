"""The `cosigning` section of a service definition: who must confirm an application.

    cosigning:
      signers:
        - {field: partner_personnummer, role: partner}   # a personnummer field of the form
      deadline_days: 14      # how long the case waits for the confirmations (default 14)
      reminder_days: 7       # when the co-signers are reminded, days after sending (default 7)
      show_steps: [household, economy]   # the steps a co-signer reads (default: all)

A signer is asked only when the field is answered (a `show_if` can leave it out: the partner
only in a two-adult household). See docs/service-definitions.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from digikommun.common.reader import Reader
from digikommun.common.yamlsrc import key_mark, mark_of

ROLES = {
    "partner": _("partner"),
    "guardian": _("guardian"),
    "co_applicant": _("co-applicant"),
}
KEYS = {"signers", "deadline_days", "reminder_days", "show_steps"}


@dataclass(frozen=True)
class Signer:
    field: str
    role: str


@dataclass(frozen=True)
class CoSigningConfig:
    signers: tuple[Signer, ...]
    deadline_days: int = 14
    reminder_days: int = 7
    show_steps: tuple[str, ...] = ()


def _days(r: Reader, raw: dict, key: str, default: int) -> int:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 90:
        r.fail(f"'{key}' must be a whole number of days, 1–90", key_mark(raw, key))
        return default
    return value


def parse_cosigning(r: Reader, doc: Any, steps) -> CoSigningConfig | None:
    raw = doc.get("cosigning") if isinstance(doc, dict) else None
    if raw is None:
        return None
    if not isinstance(raw, dict):
        r.fail("'cosigning' must be a mapping with 'signers'", key_mark(doc, "cosigning"))
        return None
    for key in sorted(set(raw) - KEYS):
        r.fail(f"unknown key '{key}' in cosigning", key_mark(raw, key))
    fields = {f.id: f for step in steps for f in step.fields}
    signers = []
    for item in raw.get("signers") or []:
        if not isinstance(item, dict) or "field" not in item:
            r.fail("a signer needs 'field' (a personnummer field) and 'role'", mark_of(item))
            continue
        fid, role = str(item["field"]), str(item.get("role", ""))
        if fid not in fields or fields[fid].type != "personnummer":
            r.fail(f"the signer's field '{fid}' must be a personnummer field", mark_of(item))
        if role not in ROLES:
            r.fail(f"unknown signer role '{role}'; known: {', '.join(ROLES)}", mark_of(item))
        signers.append(Signer(fid, role))
    if not signers:
        r.fail("'cosigning' needs at least one signer", key_mark(raw, "signers"))
    step_ids = {s.id for s in steps}
    shown = raw.get("show_steps") or []
    for sid in shown if isinstance(shown, list) else []:
        if sid not in step_ids:
            r.fail(f"show_steps names '{sid}', which is not a step", mark_of(sid))
    deadline = _days(r, raw, "deadline_days", 14)
    reminder = _days(r, raw, "reminder_days", 7)
    if reminder >= deadline:
        r.fail("'reminder_days' must come before 'deadline_days'", key_mark(raw, "reminder_days"))
    return CoSigningConfig(
        signers=tuple(signers),
        deadline_days=deadline,
        reminder_days=reminder,
        show_steps=tuple(str(s) for s in shown) if isinstance(shown, list) else (),
    )
