"""Register extract (registerutdrag): what the municipality holds about the person asking.

The data protection regulation (GDPR article 15) gives everyone the right to see the
personal data held about them. The extract is built from sections; this app contributes the
person, their cases (answers, decisions, timeline), unsent applications and uploaded files.
Another app holding personal data adds its own section with `register_section`.

Keys are stable English identifiers (the JSON download is for machines too); the page shows
them with translated headings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digikommun.catalog.facts import jsonable_answers
from digikommun.catalog.selectors import definition_for
from digikommun.files.selectors import files_for_owner
from digikommun.identity.personnummer import display

Collector = Callable[[Any], Any]
_SECTIONS: list[tuple[str, object, Collector]] = []


def register_section(key: str, title: object, collector: Collector) -> None:
    """Add a section: `collector(user)` returns JSON-able data about that person."""
    global _SECTIONS
    _SECTIONS = [s for s in _SECTIONS if s[0] != key] + [(key, title, collector)]


def _when(value) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _person(user) -> dict[str, Any]:
    return {
        "name": user.display_name(),
        "personnummer": display(user.personnummer) if user.personnummer else None,
        "preferred_language": user.preferred_language,
        "account_created": _when(user.date_joined),
        "last_login": _when(user.last_login),
    }


def _cases(user) -> list[dict[str, Any]]:
    from digikommun.cases.selectors import cases_for_applicant

    result = []
    for case in cases_for_applicant(applicant=user).prefetch_related("events"):
        definition = definition_for(case.service_version)
        decision = getattr(case, "decision", None)
        result.append(
            {
                "case_number": case.diary_number,
                "service": definition.title,
                "service_version": case.service_version.number,
                "status": case.status,
                "submitted_at": _when(case.submitted_at),
                "language": case.language,
                "answers": case.answers,
                "facts": jsonable_answers(case.facts),
                "decision": None
                if decision is None
                else {
                    "outcome": decision.outcome,
                    "amount": None if decision.amount is None else str(decision.amount),
                    "reasons": decision.reasons,
                    "legal_references": decision.legal_references,
                    "decided_at": _when(decision.decided_at),
                    "decided_automatically": decision.is_automated,
                },
                "timeline": [
                    {"at": _when(e.at), "event": e.kind}
                    for e in case.events.all()
                    if e.kind in getattr(type(e), "PUBLIC_KINDS", {e.kind})
                ],
            }
        )
    return result


def _drafts(user) -> list[dict[str, Any]]:
    from .selectors import drafts_for_applicant

    return [
        {
            "service": definition_for(d.service_version).title,
            "started_at": _when(d.created_at),
            "changed_at": _when(d.updated_at),
            "kept_until": _when(d.expires_at),
            "answers": d.raw,
        }
        for d in drafts_for_applicant(applicant=user)
    ]


def _files(user) -> list[dict[str, Any]]:
    return [
        {
            "name": f.name,
            "kind": f.kind,
            "size_bytes": f.size,
            "sha256": f.sha256,
            "uploaded_at": _when(f.uploaded_at),
            "attached_to_case": f.case_id is not None,
        }
        for f in files_for_owner(owner=user)
    ]


register_section("person", _("About you"), _person)
register_section("cases", _("Your cases"), _cases)
register_section("drafts", _("Applications not yet sent"), _drafts)
register_section("files", _("Files you have uploaded"), _files)


def extract_for(user) -> dict[str, Any]:
    return {
        "created_at": _when(timezone.now()),
        "sections": {key: collector(user) for key, _title, collector in _SECTIONS},
    }


def section_titles() -> dict[str, str]:
    return {key: str(title) for key, title, _c in _SECTIONS}
