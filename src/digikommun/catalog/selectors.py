"""Reads of the catalog. Definitions are parsed once per published version and kept."""

from __future__ import annotations

from django.utils.translation import get_language

from . import search as catalog_search
from .deciding import coverage_notices as coverage_notices  # re-exported: the catalog's door
from .deciding import decision_rules as decision_rules
from .deciding import overlays_chosen
from .deciding import rules_banners as rules_banners
from .deciding import rules_evaluate as rules_evaluate
from .definition import ServiceDefinition, parse_definition
from .models import ServiceVersion
from .period import decision_date as decision_date  # re-exported: the catalog's door
from .period import period_start as period_start
from .taxonomy import LIFE_SITUATIONS

_PARSED: dict[tuple[str, str, tuple[str, ...]], ServiceDefinition] = {}


def definition_for(version: ServiceVersion) -> ServiceDefinition:
    """The published definition with the deployment's overlays' choices laid on
    (`DIGIKOMMUN_RULE_OVERLAYS`, docs/overlays.md)."""
    # Keyed on the service, the content hash and the overlays: the same files give the same
    # definition, so the cache never goes stale (a version published again with the same
    # files hits it).
    overlays = overlays_chosen()
    key = (version.service_id, version.content_hash, overlays)
    found = _PARSED.get(key)
    if found is None:
        found = parse_definition(version.files, folder_name=version.service_id, overlays=overlays)
        if len(_PARSED) >= 256:
            _PARSED.clear()
        _PARSED[key] = found
    return found


def current_versions() -> list[ServiceVersion]:
    return list(ServiceVersion.objects.filter(is_current=True).order_by("service_id"))


def current_version(service_id: str) -> ServiceVersion | None:
    return ServiceVersion.objects.filter(service_id=service_id, is_current=True).first()


def current_definitions() -> list[ServiceDefinition]:
    lang = (get_language() or "sv")[:2]
    found = [definition_for(v) for v in current_versions()]
    return sorted(found, key=lambda d: d.title.get(lang, d.id).lower())


def services_by_life_situation() -> list[tuple[str, str, list[ServiceDefinition]]]:
    """(key, label, services) for each life situation that has a service, in the
    vocabulary's order; services without one come last under "Other services"."""
    from django.utils.translation import gettext as _

    definitions = current_definitions()
    groups = []
    for key, label in LIFE_SITUATIONS.items():
        members = [d for d in definitions if key in d.presentation.life_situations]
        if members:
            groups.append((key, str(label), members))
    rest = [d for d in definitions if not d.presentation.life_situations]
    if rest:
        groups.append(("other", _("Other services"), rest))
    return groups


def services_by_department() -> list[tuple[str, list[ServiceDefinition]]]:
    lang = (get_language() or "sv")[:2]
    groups: dict[str, list[ServiceDefinition]] = {}
    for d in current_definitions():
        groups.setdefault(d.department.get(lang) or d.department.get("sv", ""), []).append(d)
    return sorted(groups.items(), key=lambda item: item[0].lower())


def services_search(query: str) -> list[ServiceDefinition]:
    definitions = {d.id: d for d in current_definitions()}
    return [
        definitions[h.service_id] for h in catalog_search.search(list(definitions.values()), query)
    ]
