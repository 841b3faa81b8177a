"""Evaluating a service's rules for a case: the overlays a deployment chooses, the date the
rules must cover, and what stops an automated decision.

- `decision_rules(definition)`: the rules with the overlays settings name
  (`DIGIKOMMUN_RULE_OVERLAYS`, e.g. `["demo"]` in the demo; none in production).
- `rules_evaluate(...)`: the result, or why no automated decision may be made:
  * a parameter has no value on the decision date (a riksnorm year not loaded): the
    parameter's own notice ("Riksnormen för 2026 finns inte i reglerna.");
  * the result rests on a value marked `example` and settings do not allow that
    (`DIGIKOMMUN_DECIDE_ON_EXAMPLE_VALUES`, false in production).
- `coverage_notices(definition, on=...)`: for the workbench and the staff's service page,
  the parameters that have run out or run out within 60 days of `on`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from digikommun.rules import Model, ParameterMissing, Result

WARN_DAYS = 60


def overlays_chosen() -> tuple[str, ...]:
    return tuple(getattr(settings, "DIGIKOMMUN_RULE_OVERLAYS", ()))


def decide_on_examples() -> bool:
    return bool(getattr(settings, "DIGIKOMMUN_DECIDE_ON_EXAMPLE_VALUES", False))


def decision_rules(definition: Any) -> Model | None:
    return definition.rules_with(overlays_chosen())


@dataclass(frozen=True)
class Blocked:
    """Why a case must go to a person: `kind` is "missing" or "example"."""

    kind: str
    notice: dict[str, str]
    parameters: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


def missing_notice(model: Model, names: list[str], on: datetime.date) -> dict[str, str]:
    """The parameters' own notices for the year of `on` (each once), in sv and en."""
    out: dict[str, str] = {}
    for lang in ("sv", "en"):
        with translation.override(lang):
            texts: list[str] = []
            for name in names:
                param = model.parameters.get(name)
                template = (param.missing.get(lang) if param else "") or ""
                text = (
                    template.replace("{year}", str(on.year))
                    if template
                    else _("The rules have no value for %(year)s: %(what)s.")
                    % {
                        "year": on.year,
                        "what": (param.description.get(lang) if param else "") or name,
                    }
                )
                if text not in texts:
                    texts.append(text)
            out[lang] = " ".join(texts)
    return out


def example_notice(names: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for lang in ("sv", "en"):
        with translation.override(lang):
            out[lang] = _(
                "The calculation rests on example values (%(names)s). No automated decision "
                "is made on example values here."
            ) % {"names": ", ".join(names)}
    return out


def rules_evaluate(
    *, definition: Any, facts: dict[str, Any], as_of: datetime.date
) -> tuple[Result | None, Blocked | None]:
    """Evaluate the deployment's rules as of `as_of`, with trace."""
    model = decision_rules(definition)
    assert model is not None
    try:
        result = model.evaluate(facts, as_of=as_of, trace=True)
    except ParameterMissing as exc:
        return None, Blocked("missing", missing_notice(model, exc.names, as_of), tuple(exc.names))
    examples = [p.name for p in result.trace.parameters if p.example] if result.trace else []
    if examples and not decide_on_examples():
        return result, Blocked("example", example_notice(examples), tuple(examples))
    return result, None


def coverage_notices(
    definition: Any, *, on: datetime.date, within_days: int = WARN_DAYS
) -> list[dict[str, Any]]:
    """Parameters that have run out on `on`, or run out within `within_days`: for each
    distinct end, {"end", "parameters", "expired", "notice": {sv, en}}."""
    model = decision_rules(definition)
    if model is None:
        return []
    ending = model.parameters_ending(on=on, within_days=within_days)
    by_end: dict[datetime.date, list[str]] = {}
    for name, end in ending.items():
        by_end.setdefault(end, []).append(name)
    notices = []
    for end, names in sorted(by_end.items()):
        expired = end < on
        year = on.year if expired else end.year + 1
        notice = missing_notice(model, names, datetime.date(year, 1, 1))
        notices.append({"end": end, "parameters": names, "expired": expired, "notice": notice})
    return notices


def rules_banners(*, definitions: list[Any], on: datetime.date, lang: str) -> list[dict[str, Any]]:
    """For staff: a line per service whose rules have run out on `on` (or run out within
    60 days), in `lang`."""
    banners = []
    for definition in definitions:
        if not getattr(definition, "automated", False):
            continue
        for n in coverage_notices(definition, on=on):
            banners.append(
                {
                    "service": definition.title.get(lang) or definition.title.get("sv", ""),
                    "text": n["notice"].get(lang) or n["notice"].get("sv", ""),
                    "expired": n["expired"],
                    "end": n["end"],
                }
            )
    return banners


def coverage_warnings(
    definition: Any,
    *,
    on: datetime.date,
    overlays: tuple[str, ...],
    within_days: int = WARN_DAYS,
) -> list[str]:
    """Lines for `digikommun services validate`: the parameters whose last period has ended
    on `on`, or ends within `within_days` (then the next period's values are due)."""
    model = definition.rules_with(overlays)
    if model is None:
        return []
    by_end: dict[datetime.date, list[str]] = {}
    for name, end in model.parameters_ending(on=on, within_days=within_days).items():
        by_end.setdefault(end, []).append(name)
    lines = []
    for end, names in sorted(by_end.items()):
        year = on.year if end < on else end.year + 1
        notice = missing_notice(model, names, datetime.date(year, 1, 1))["en"]
        when = (
            f"ran out on {end.isoformat()}"
            if end < on
            else f"runs out on {end.isoformat()}, in {(end - on).days} days"
        )
        lines.append(f"{definition.id}: {', '.join(names)} {when}. {notice}")
    return lines
