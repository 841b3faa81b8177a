"""What the public register of automated decision models says about a service, beyond what
the rest of its definition already says (docs/service-definitions.md, "algorithm_register").

    algorithm_register:
      description_short: {sv: …, en: …}   # at most 150 characters each
      purpose: {sv: …, en: …}             # why the model is used, and its effect on residents
      human_oversight: {sv: …, en: …}     # who checks it, and how to reach a person
      risks: {sv: …, en: …}               # the risks and how they are handled
      non_discrimination: {sv: …, en: …}
      contact: {email: …, phone: …}       # phone optional
      status: operational                 # planned | pilot | operational | retired
      start_date: 2026-02-01

The section is optional when a definition loads; publishing a definition whose process
decides automatically is refused unless every field is filled (`publish_refusals`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from digikommun.common.reader import Reader
from digikommun.common.yamlsrc import key_mark, mark_of

SHORT_MAX = 150
STATUSES = ("planned", "pilot", "operational", "retired")
TEXTS = ("description_short", "purpose", "human_oversight", "risks", "non_discrimination")
_KEYS = set(TEXTS) | {"contact", "status", "start_date"}
KEY = "algorithm_register"


@dataclass(frozen=True)
class RegisterInfo:
    description_short: dict[str, str] = field(default_factory=dict)
    purpose: dict[str, str] = field(default_factory=dict)
    human_oversight: dict[str, str] = field(default_factory=dict)
    risks: dict[str, str] = field(default_factory=dict)
    non_discrimination: dict[str, str] = field(default_factory=dict)
    contact_email: str = ""
    contact_phone: str = ""
    status: str = ""
    start_date: datetime.date | None = None

    def missing(self) -> list[str]:
        """The fields publishing an automated definition needs that are not filled."""
        absent = [name for name in TEXTS if not getattr(self, name)]
        if not self.contact_email:
            absent.append("contact.email")
        if not self.status:
            absent.append("status")
        if self.start_date is None:
            absent.append("start_date")
        return absent


def parse_register_info(r: Reader, doc: Any) -> RegisterInfo:
    raw = doc.get(KEY) if isinstance(doc, dict) else None
    if raw is None:
        return RegisterInfo()
    if not isinstance(raw, dict):
        r.fail(f"'{KEY}' must be a mapping", key_mark(doc, KEY))
        return RegisterInfo()
    for key in sorted(set(raw) - _KEYS):
        r.fail(f"unknown key '{key}' in '{KEY}'", key_mark(raw, key))
    texts = {name: r.text(raw, name, required=False) for name in TEXTS}
    for lang, text in texts["description_short"].items():
        if len(text.strip()) > SHORT_MAX:
            r.fail(
                f"'description_short' ({lang}) is {len(text.strip())} characters; "
                f"at most {SHORT_MAX}",
                key_mark(raw, "description_short"),
            )
    contact = raw.get("contact") or {}
    if not isinstance(contact, dict) or set(contact) - {"email", "phone"}:
        r.fail("'contact' is a mapping with email and (optional) phone", key_mark(raw, "contact"))
        contact = {}
    email = str(contact.get("email") or "")
    if email and "@" not in email:
        r.fail("the contact email needs an @", key_mark(contact, "email"))
    status = str(raw.get("status") or "")
    if status and status not in STATUSES:
        r.fail(f"'status' is one of {', '.join(STATUSES)}", key_mark(raw, "status"))
        status = ""
    start = raw.get("start_date")
    if start is not None and not isinstance(start, datetime.date):
        r.fail("'start_date' must be a date like 2026-02-01", mark_of(start, key_mark(raw, KEY)))
        start = None
    return RegisterInfo(
        **texts,
        contact_email=email,
        contact_phone=str(contact.get("phone") or ""),
        status=status,
        start_date=start,
    )


def publish_refusals(definitions: list[Any]) -> list[str]:
    """Why these definitions may not be published: one line per automated definition whose
    register fields are not all filled (the public register must be able to describe it)."""
    lines = []
    for d in definitions:
        if not d.automated:
            continue
        absent = d.algorithm_register.missing()
        if absent:
            lines.append(
                f"{d.id}: decides automatically, so the public register of automated decision "
                f"models must describe it: fill in {KEY}: {', '.join(absent)} in service.yaml "
                "(docs/service-definitions.md)"
            )
    return lines
