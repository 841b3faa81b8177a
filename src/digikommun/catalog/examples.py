"""Example cases: a service definition's own tests (`services/<id>/tests/*.yaml`).

Each case gives answers as a person would (through the same field parsing as the form),
optionally the applicant's age and the date, and what must come out. The date (`as_of`) is
the day the answers are sent; for a service with a period field (`period: {field: month}`)
the rules are evaluated as of the first day of the month the answers name, as in a real case,
and `as_of` may be left out (it is then that first day). The outcome: the outcome, amounts,
any decision's value or fact (derived facts included), and phrases the explanation must
contain. Run by `digikommun services test`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone, translation

from digikommun.common.yamlsrc import SourceError, load_text, mark_of
from digikommun.forms.clock import judged_on
from digikommun.rules import EvaluationError, ParameterMissing, explain, reasons, reasons_text

from .definition import ServiceDefinition
from .facts import AnswerErrors, facts_for, parse_answers
from .period import decision_date, period_start


@dataclass(frozen=True)
class ExampleResult:
    service: str
    name: str
    where: str
    problems: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.problems


def _raw(value: Any) -> Any:
    """An answer as a person would give it: yes/no, text, lists and rows of them."""
    if value is None:
        return None
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, dict):
        return {str(k): _raw(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_raw(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _same(expected: Any, actual: Any) -> bool:
    if isinstance(expected, int | float | Decimal) and not isinstance(expected, bool):
        try:
            return actual is not None and Decimal(str(expected)) == Decimal(str(actual))
        except ArithmeticError:
            return False
    return expected == actual


def _not_decided(model: Any, exc: ParameterMissing, as_of: Any, expect: dict) -> tuple[str, ...]:
    """Check a case the rules cannot decide: `outcome: not_decided` and the notices."""
    from .deciding import missing_notice

    notice = missing_notice(model, exc.names, as_of)
    problems: list[str] = []
    for key, expected in expect.items():
        if key == "outcome":
            if expected != "not_decided":
                problems.append(f"outcome: expected {expected!r}, but {exc}")
        elif key.startswith("notice_"):
            text = notice.get(key.removeprefix("notice_"), "")
            if str(expected) not in text:
                problems.append(f"{key}: expected {expected!r} in {text!r}")
        else:
            problems.append(f"{key}: no value, the case is not decided ({exc})")
    return tuple(problems)


def _spaces(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def run_case(
    definition: ServiceDefinition, case: dict, where: str, overlays: tuple[str, ...] = ()
) -> ExampleResult:
    name = str(case.get("name", where))
    problems: list[str] = []
    raw = {k: _raw(v) for k, v in (case.get("answers") or {}).items()}
    sent_on = case.get("as_of", period_start(definition, raw) or timezone.localdate())
    if not isinstance(sent_on, datetime.date):
        return ExampleResult(definition.id, name, where, ("as_of must be a date like 2019-06-01",))
    as_of = decision_date(definition, raw, submitted_on=sent_on)
    try:
        with translation.override("en"), judged_on(sent_on):
            answers = parse_answers(definition, raw)
    except AnswerErrors as exc:
        return ExampleResult(
            definition.id, name, where, tuple(f"answer {k}: {v}" for k, v in exc.errors.items())
        )
    facts = facts_for(
        definition,
        answers,
        applicant_personnummer=None,
        on=as_of,
        applicant_age=case.get("applicant_age", 40),
        # The platform's facts from earlier cases, given directly (default 0).
        platform={
            name: case.get(name, 0)
            for name in ("assistance_months_in_row", "jobbstimulans_months_used")
        },
    )
    # The case's own overlays, then the deployment's (a municipality's own choices last).
    named = tuple(case.get("overlays") or ())
    model = definition.rules_with(named + tuple(n for n in overlays if n not in named))
    expect = case.get("expect") or {}
    try:
        result = model.evaluate(facts, as_of=as_of, trace=True)
    except ParameterMissing as exc:
        # No automated decision: the rules do not cover the date (a riksnorm year not loaded).
        return ExampleResult(definition.id, name, where, _not_decided(model, exc, as_of, expect))
    except EvaluationError as exc:
        return ExampleResult(definition.id, name, where, (f"evaluation failed: {exc}",))
    outputs = result.outputs if isinstance(result.outputs, dict) else {"outcome": result.outputs}
    for key, expected in expect.items():
        if key.startswith("reasons_"):
            lang = key.removeprefix("reasons_")
            text = _spaces(reasons_text(reasons(result, lang)))
            for phrase in expected:
                if _spaces(str(phrase)) not in text:
                    problems.append(f"the {lang} reasons lack {phrase!r}; they read: {text}")
            continue
        if key.startswith("explanation_"):
            lang = key.removeprefix("explanation_")
            # Amounts keep their digits together with no-break spaces; a phrase written with
            # ordinary spaces matches them.
            text = _spaces(" ".join(explain(result, lang)))
            for phrase in expected:
                if _spaces(str(phrase)) not in text:
                    problems.append(f"the {lang} explanation lacks {phrase!r}; it reads: {text}")
            continue
        if key in outputs:
            actual = outputs[key]
        elif key in result.values:
            actual = result.values[key]
        else:  # a fact, e.g. one the definition derives from the answers
            actual = facts.get(key)
        if not _same(expected, actual):
            problems.append(f"{key}: expected {expected!r}, got {actual!r}")
    return ExampleResult(definition.id, name, where, tuple(problems))


def run_examples(
    definition: ServiceDefinition, *, overlays: tuple[str, ...] = ()
) -> list[ExampleResult]:
    """Every example case; `overlays` are laid on the rules after those a case names itself
    (`digikommun services test --overlays kommun`: the shared cases against local choices)."""
    results: list[ExampleResult] = []
    for path, text in sorted(definition.files.items()):
        if not path.startswith("tests/"):
            continue
        source = f"{definition.id}/{path}"
        try:
            doc = load_text(text, source)
        except SourceError as exc:
            results.append(ExampleResult(definition.id, path, str(exc.mark), (exc.message,)))
            continue
        cases = doc.get("cases") if isinstance(doc, dict) and "cases" in doc else [doc]
        for case in cases:
            where = str(mark_of(case) or source)
            if not isinstance(case, dict):
                results.append(
                    ExampleResult(definition.id, path, where, ("a case must be a mapping",))
                )
                continue
            results.append(run_case(definition, case, where, overlays))
    return results
