"""Reads for the public register of automated decision models: generated from the published
definitions (catalog) and the decisions made (cases), never kept by hand."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from digikommun.catalog.legal import delegation_line
from digikommun.catalog.models import ServiceVersion
from digikommun.catalog.selectors import current_versions, definition_for

from . import describe

# Counts below this are withheld: a small count can point at a person.
SUPPRESS_BELOW = 5
# The Dutch Algoritmeregister metadata standard whose field names the JSON also uses
# (github.com/Algoritmeregister/standard, schema v0.3.1, status draft).
STANDARD_VERSION = "0.3.1"
STATUS_NL_STANDARD = {
    "planned": "planned",
    "pilot": "pilot",
    "operational": "operational",
    "retired": "retired",
}
_NAMESPACE = uuid.UUID("6f1d0c1e-7a52-4e0b-9a36-3d8e0c2b1a47")


def automated_current_versions() -> list[ServiceVersion]:
    return [v for v in current_versions() if definition_for(v).automated]


def versions_of(*, service_id: str) -> list[ServiceVersion]:
    """Every published version of a service with automated decisions, oldest first."""
    versions = ServiceVersion.objects.filter(service_id=service_id).order_by("number")
    return [v for v in versions if definition_for(v).automated]


def version_of(*, service_id: str, number: int | None = None) -> ServiceVersion | None:
    versions = versions_of(service_id=service_id)
    if number is None:
        return next((v for v in versions if v.is_current), None)
    return next((v for v in versions if v.number == number), None)


def automated_share(*, service_id: str) -> dict[str, Any]:
    """Decisions made in this service and the share made automatically. Counts under 5 are
    withheld, and so is the share when either part is under 5 (it would give the count)."""
    from digikommun.cases.models import Decision

    counts = Decision.objects.filter(case__service_id=service_id).aggregate(
        total=Count("pk"), automated=Count("pk", filter=Q(decided_by__isnull=True))
    )
    total, automated = counts["total"], counts["automated"]
    manual = total - automated
    withheld = min(automated, manual) < SUPPRESS_BELOW
    return {
        "total": total if total >= SUPPRESS_BELOW else None,
        "automated": None if withheld else automated,
        "share_percent": None if withheld else round(100 * automated / total),
        "withheld": withheld,
    }


def _status_and_dates(version: ServiceVersion) -> tuple[str, str]:
    first = ServiceVersion.objects.filter(service_id=version.service_id).order_by("number").first()
    return timezone.localdate(first.published_at).isoformat(), timezone.localdate(
        version.published_at
    ).isoformat()


def model_entry(version: ServiceVersion, *, base_url: str = "") -> dict[str, Any]:
    """Everything the register says about one published version of one model."""
    d = definition_for(version)
    info = d.algorithm_register
    model = d.rules
    delegation = d.automation.delegation
    first_published, last_published = _status_and_dates(version)
    path = f"/register/algorithms/{d.id}/v{version.number}/"
    return {
        "service_id": d.id,
        "version": version.number,
        "is_current": version.is_current,
        "content_hash": version.content_hash,
        "url": base_url + path,
        "path": path,
        "published_at": last_published,
        "first_published_at": first_published,
        "name": dict(d.title),
        "department": dict(d.department),
        "decision_body": dict(d.decision_body),
        "description_short": dict(info.description_short),
        "purpose": dict(info.purpose),
        "legal_basis": [dict(ref) for ref in d.legal_basis],
        "automation_legal_basis": [dict(ref) for ref in d.automation.legal_basis],
        "delegation": None
        if delegation is None
        else {
            "body": delegation.body,
            "date": delegation.date.isoformat(),
            "reference": delegation.reference,
            "example": delegation.example,
            "text": {lang: delegation_line(delegation, lang) for lang in ("sv", "en")},
        },
        "data_used": describe.data_used(d),
        "decision_tables": [_table_json(t) for t in describe.tables(model)] if model else [],
        "expressions": describe.literals(model) if model else [],
        "parameters": describe.parameters(model) if model else [],
        "automated_share": automated_share(service_id=d.id),
        "human_oversight": dict(info.human_oversight),
        "appeal": dict(d.appeal),
        "risks": dict(info.risks),
        "non_discrimination": dict(info.non_discrimination),
        "status": info.status,
        "start_date": info.start_date.isoformat() if info.start_date else None,
        "contact": {"email": info.contact_email, "phone": info.contact_phone},
        # The shared package the version was installed from (catalog.package_install), if any.
        "origin": _origin(version.origin),
        "versions": [
            {"number": v.number, "published_at": timezone.localdate(v.published_at).isoformat()}
            for v in versions_of(service_id=d.id)
        ],
    }


def _origin(origin: dict[str, Any]) -> dict[str, Any] | None:
    if not origin:
        return None
    keys = ("package", "version", "publisher", "created", "content_hash", "imported_at", "overlays")
    return {key: origin.get(key) for key in keys}


def _table_json(table: describe.Table) -> dict[str, Any]:
    return {
        "decision": table.decision,
        "title": table.title,
        "hit_policy": table.hit_policy,
        "inputs": list(table.inputs),
        "outputs": list(table.outputs),
        "legal": table.legal,
        "rules": [
            {
                "id": row.id,
                "when": list(row.tests),
                "then": list(row.outputs),
                "legal": row.legal,
                "explanation": row.explanation,
            }
            for row in table.rows
        ],
    }


def in_standard(entry: dict[str, Any], *, lang: str) -> dict[str, Any]:
    """The entry in the field names of the Algoritmeregister metadata standard (v0.3.1)."""

    def t(value: dict[str, str]) -> str:
        return value.get(lang) or value.get("sv", "")

    def refs(items: list[dict[str, str]]) -> list[str]:
        return [t(ref) for ref in items]

    lawful = refs(entry["legal_basis"]) + refs(entry["automation_legal_basis"])
    if entry["delegation"]:
        lawful.append(entry["delegation"]["text"][lang])
    sources = {
        "applicant": {"sv": "uppgift från den sökande", "en": "given by the applicant"},
        "platform": {"sv": "räknas ut av kommunen", "en": "worked out by the municipality"},
        "derived": {"sv": "räknas ut ur ansökan", "en": "worked out from the application"},
        "other": {"sv": "annan källa", "en": "other source"},
    }
    tables = entry["decision_tables"]
    rules = sum(len(table["rules"]) for table in tables)
    description = {
        "sv": f"Regelbaserad beslutsmodell: {len(tables)} beslutstabell(er) med {rules} regler, "
        f"{len(entry['expressions'])} uttryck och {len(entry['parameters'])} daterade "
        "parametrar med källa. Tabellerna, parametrarna och deras värden över tiden visas på "
        "registrets sida.",
        "en": f"Rule-based decision model: {len(tables)} decision table(s) with {rules} rules, "
        f"{len(entry['expressions'])} expressions and {len(entry['parameters'])} dated "
        "parameters with their sources. The tables, parameters and their values over time are "
        "shown on the register's page.",
    }
    share = entry["automated_share"]
    monitoring = {
        "sv": "Andelen beslut som fattas automatiskt och varje regeländring visas i registret; "
        "exempelfall körs före varje publicering.",
        "en": "The share of decisions made automatically and every rule change are shown in "
        "the register; example cases run before every publication.",
    }
    return {
        "standard_version": STANDARD_VERSION,
        "uuid": str(uuid.uuid5(_NAMESPACE, entry["service_id"])),
        "lang": lang,
        "publication_date": entry["first_published_at"],
        "last_change_date": entry["published_at"],
        "name": t(entry["name"]),
        "organization": settings.DIGIKOMMUN.get("MUNICIPALITY_NAME", ""),
        "department": t(entry["department"]),
        "country": {"sv": "Sverige", "en": "Sweden"}[lang],
        "contact_email": entry["contact"]["email"],
        "contact_phone": entry["contact"]["phone"],
        "description_short": t(entry["description_short"]),
        "website": entry["url"],
        "status": STATUS_NL_STANDARD.get(entry["status"], entry["status"]),
        "decision_making_process": t(entry["decision_body"]),
        "area": settings.DIGIKOMMUN.get("MUNICIPALITY_NAME", ""),
        "goal": t(entry["purpose"]),
        "impact": t(entry["purpose"]),
        "risks": t(entry["risks"]),
        "lawful_basis": "; ".join(lawful),
        "source_data": "; ".join(
            f"{t(row['label'])} ({t(sources[row['source']])})" for row in entry["data_used"]
        ),
        "data_bias": t(entry["non_discrimination"]),
        "description": t(description),
        "algorithm_type": "rule-based",
        "methods_and_models": "DMN 1.5 decision tables and FEEL expressions",
        "type": "prescriptive",
        "monitoring": t(monitoring)
        + (f" {share['share_percent']} %." if share["share_percent"] is not None else ""),
        "human_intervention": t(entry["human_oversight"]),
        "objection_procedure": t(entry["appeal"]),
    }


def register_json(*, base_url: str) -> dict[str, Any]:
    models = []
    for version in automated_current_versions():
        entry = model_entry(version, base_url=base_url)
        entry["algoritmeregister"] = {lang: in_standard(entry, lang=lang) for lang in ("sv", "en")}
        models.append(entry)
    return {
        "organization": settings.DIGIKOMMUN.get("MUNICIPALITY_NAME", ""),
        "algoritmeregister_standard": {
            "version": STANDARD_VERSION,
            "source": "https://github.com/Algoritmeregister/standard",
        },
        "suppressed_below": SUPPRESS_BELOW,
        "models": models,
    }
