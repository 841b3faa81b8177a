"""What a draft definition would do to past cases: `digikommun services simulate PATH`.

The stored facts of the service's past cases are replayed in batch (Model.evaluate_batch)
against the rules of the version each case was decided under and against the draft, grouped
by the day each case is decided as of. Changed outcomes and amounts are counted, by
direction and by the rule of the draft that decided them (a traced evaluation of the changed
cases only), with a handful of pseudonymised examples: a hash of the case, never its number
or anything about the person.
"""

from __future__ import annotations

import datetime
import decimal
import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from digikommun.cases.models import Case
from digikommun.catalog.deciding import decision_rules
from digikommun.catalog.definition import ServiceDefinition
from digikommun.catalog.models import ServiceVersion
from digikommun.catalog.period import decision_date
from digikommun.catalog.selectors import definition_for
from digikommun.rules import Model

EXAMPLES = 5
BAND_EDGES = (-1000, -100, 0, 100, 1000)
CHUNK = 5000


@dataclass
class Simulation:
    service_id: str
    since: datetime.date | None
    cases: int = 0
    changed: int = 0
    errors: int = 0
    outcomes: Counter = field(default_factory=Counter)  # (before, after) -> n, changed only
    amounts: Counter = field(default_factory=Counter)  # "up" | "down" -> n
    amount_total_change: decimal.Decimal = decimal.Decimal(0)
    amount_changes: list[decimal.Decimal] = field(default_factory=list)
    rules: Counter = field(default_factory=Counter)  # the draft's rule that decided -> n
    examples: list[dict[str, Any]] = field(default_factory=list)
    memo: dict = field(default_factory=dict, repr=False)
    stored_bands: list[int] | None = None  # band counts read back from a stored run

    def bands(self) -> list[int]:
        """Changed amounts per band: < -1000, -1000..-100, -100..0, 0..100, 100..1000, > 1000."""
        if self.stored_bands is not None:
            return list(self.stored_bands)
        counts = [0] * (len(BAND_EDGES) + 1)
        for diff in self.amount_changes:
            counts[sum(1 for e in BAND_EDGES if diff > e)] += 1
        return counts

    def as_json(self) -> dict[str, Any]:
        """Everything the report shows, as JSON (stored with a service owner's run)."""
        return {
            "service_id": self.service_id,
            "since": self.since.isoformat() if self.since else None,
            "cases": self.cases,
            "changed": self.changed,
            "errors": self.errors,
            "outcomes": [[a, b, n] for (a, b), n in self.outcomes.most_common()],
            "amounts": dict(self.amounts),
            "amount_total_change": str(self.amount_total_change),
            "bands": self.bands(),
            "rules": [[r, n] for r, n in self.rules.most_common()],
            "examples": self.examples,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Simulation:
        since = data.get("since")
        return cls(
            service_id=data["service_id"],
            since=datetime.date.fromisoformat(since) if since else None,
            cases=data["cases"],
            changed=data["changed"],
            errors=data["errors"],
            outcomes=Counter({(a, b): n for a, b, n in data["outcomes"]}),
            amounts=Counter(data["amounts"]),
            amount_total_change=decimal.Decimal(data["amount_total_change"]),
            rules=Counter(dict(data["rules"])),
            examples=data["examples"],
            stored_bands=data["bands"],
        )

    @property
    def percent(self) -> float:
        return 100 * self.changed / self.cases if self.cases else 0.0

    @property
    def summary(self) -> str:
        return f"simulated {self.cases} cases: {self.changed} changed ({self.percent:.1f}%)"


def pseudonym(case_id: int, service_id: str) -> str:
    return "C-" + hashlib.sha256(f"{service_id}:{case_id}".encode()).hexdigest()[:10]


def typed(model: Model, facts: dict[str, Any]) -> dict[str, Any]:
    """The stored (JSON) facts as the rules read them: numbers and dates back from text."""
    out = dict(facts)
    for name, data in model.inputs.items():
        value = out.get(name)
        if isinstance(value, str) and data.type == "number":
            try:
                out[name] = decimal.Decimal(value)
            except decimal.InvalidOperation:
                pass
        elif isinstance(value, str) and data.type == "date":
            try:
                out[name] = datetime.date.fromisoformat(value)
            except ValueError:
                pass
    return out


def _amount(outputs: dict[str, Any]) -> decimal.Decimal | None:
    for name, value in outputs.items():
        if (
            name != "outcome"
            and isinstance(value, int | decimal.Decimal)
            and not isinstance(value, bool)
        ):
            return decimal.Decimal(value)
    return None


def _batch(model: Model, rows: list[dict[str, Any]], as_of: datetime.date) -> list[Any]:
    try:
        return model.evaluate_batch(rows, as_of=as_of)
    except Exception:  # noqa: BLE001 - one failing row must not hide the others
        results = []
        for row in rows:
            try:
                results.append(dict(model.evaluate(row, as_of=as_of, trace=False).outputs))
            except Exception:  # noqa: BLE001
                results.append(None)
        return results


def _rule(model: Model, facts: dict[str, Any], as_of: datetime.date, memo: dict) -> str:
    """The draft's rule that decided these facts (one traced evaluation per distinct facts)."""
    key = (as_of, tuple(repr(facts.get(name)) for name in model.inputs))
    if key not in memo:
        if len(memo) > 100_000:
            memo.clear()
        memo[key] = _traced_rule(model, facts, as_of)
    return memo[key]


def _traced_rule(model: Model, facts: dict[str, Any], as_of: datetime.date) -> str:
    try:
        result = model.evaluate(facts, as_of=as_of, trace=True)
    except Exception:  # noqa: BLE001
        return "error"
    for decision in result.trace.decisions if result.trace else []:
        if decision.id == model.top and decision.matched:
            return decision.matched[0].rule_id
    return model.top


def simulate(
    *,
    draft: ServiceDefinition,
    since: datetime.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Simulation:
    """Replay the service's past cases against the draft; `progress(done, total)`."""
    report = Simulation(service_id=draft.id, since=since)
    new_model = decision_rules(draft)
    cases = Case.objects.filter(service_id=draft.id)
    if since is not None:
        cases = cases.filter(submitted_at__date__gte=since)
    total = cases.count()
    groups: dict[tuple[int, datetime.date], list[tuple[int, dict[str, Any]]]] = {}
    versions: dict[int, ServiceDefinition] = {}
    # Plain rows, not model instances: a million cases are read in seconds.
    rows = cases.values_list("pk", "facts", "answers", "submitted_at", "service_version_id")
    for pk, facts, answers, submitted_at, version_pk in rows.iterator(chunk_size=CHUNK):
        old_def = versions.get(version_pk)
        if old_def is None:
            old_def = versions[version_pk] = definition_for(
                ServiceVersion.objects.get(pk=version_pk)
            )
        day = timezone.localdate(submitted_at)
        as_of = decision_date(old_def, answers, submitted_on=day) if old_def.period_field else day
        groups.setdefault((version_pk, as_of), []).append((pk, facts))
    done = 0
    for (version_pk, as_of), members in sorted(groups.items(), key=lambda g: g[0][1]):
        old_model = decision_rules(versions[version_pk])
        for start in range(0, len(members), CHUNK):
            chunk = members[start : start + CHUNK]
            old_rows = [typed(old_model, facts) for _, facts in chunk]
            new_rows = [typed(new_model, facts) for _, facts in chunk]
            before = _batch(old_model, old_rows, as_of)
            after = _batch(new_model, new_rows, as_of)
            for (case_pk, _), row, a, b in zip(chunk, new_rows, before, after, strict=True):
                report.cases += 1
                if a is None or b is None:
                    report.errors += 1
                    continue
                if a == b:
                    continue
                _count(report, case_pk, row, a, b, as_of, new_model)
            done += len(chunk)
            if progress:
                progress(done, total)
    return report


def _count(report, case_pk, row, a, b, as_of, model) -> None:
    report.changed += 1
    outcome_a, outcome_b = a.get("outcome"), b.get("outcome")
    if outcome_a != outcome_b:
        report.outcomes[(str(outcome_a), str(outcome_b))] += 1
    amount_a, amount_b = _amount(a), _amount(b)
    if amount_a != amount_b:
        diff = (amount_b or 0) - (amount_a or 0)
        report.amounts["up" if diff > 0 else "down"] += 1
        report.amount_total_change += diff
        report.amount_changes.append(diff)
    rule = _rule(model, row, as_of, report.memo)
    report.rules[rule] += 1
    if len(report.examples) < EXAMPLES:
        report.examples.append(
            {
                "case": pseudonym(case_pk, report.service_id),
                "as_of": as_of.isoformat(),
                "before": f"{outcome_a} {'' if amount_a is None else amount_a}".strip(),
                "after": f"{outcome_b} {'' if amount_b is None else amount_b}".strip(),
                "rule": rule,
            }
        )
