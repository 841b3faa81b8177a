"""The steps a service definition's process names, each idempotent.

`automated_decision` locks the case, and does nothing unless the case is still
`received`: a retry, a second worker or the sweep of stuck cases therefore never decides a
case twice. A worker killed in the middle of a step leaves its transaction uncommitted, so
the case is still `received` and the next sweep picks it up. Each step runs under a record
of its progress (recovery.py); `fault_point` names the places a fault test stops a worker.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from digikommun.cases import services as case_services
from digikommun.cases.models import Case
from digikommun.cases.workflow import Status
from digikommun.catalog.legal import automation_references
from digikommun.catalog.selectors import definition_for, rules_evaluate
from digikommun.common.faults import fault_point
from digikommun.holds.services import automation_holds
from digikommun.registers import selectors as register_selectors
from digikommun.rules import explain, fact_sources, reasons, to_jsonable


def automated_decision(*, case_id: int) -> str:
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("service_version", "applicant")
            .get(pk=case_id)
        )
        if case.status != Status.RECEIVED:
            return "already handled"
        definition = definition_for(case.service_version)
        if not definition.automated:
            case_services.case_send_to_review(case=case, recommendation=None)
            return "manual review"
        fault_point("decide")
        as_of = case_services.case_as_of(case=case, definition=definition)
        facts = case_services.case_facts(case=case, definition=definition)
        # No automated decision past the period the rules cover, nor (in production) on
        # example values: the case goes to a caseworker with the notice (catalog.deciding).
        result, blocked = rules_evaluate(definition=definition, facts=facts, as_of=as_of)
        # Reasons a person must decide even when the rules could (holds.services); this also
        # claims the household's month, so that an open case holds it.
        holds = automation_holds(case=case, definition=definition)
        if result is None:
            case_services.case_send_to_review(
                case=case,
                recommendation={"notice": blocked.notice, "blocked": blocked.kind, "holds": holds},
            )
            return "manual review"
        outputs = (
            result.outputs if isinstance(result.outputs, dict) else {"outcome": result.outputs}
        )
        outcome = outputs.get("outcome")
        # Where each prefilled fact came from (registers), carried by the trace and the reasons.
        if result.trace is not None:
            labels = {f.id: f.label for f in definition.fields()}
            result.trace.fact_sources = fact_sources(
                register_selectors.fact_sources(case_id=case.pk), labels
            )
        trace = to_jsonable(result.trace)
        # An evaluation that met an error (DMN: null plus an error) is never decided alone.
        blocked_now = blocked is not None or holds or result.errors
        if outcome not in ("approved", "rejected") or blocked_now:
            case_services.case_send_to_review(
                case=case,
                recommendation={
                    "outputs": to_jsonable(outputs),
                    "errors": list(result.errors),
                    "trace": trace,
                    "explanation": {lang: explain(result, lang) for lang in ("sv", "en")},
                    **({"notice": blocked.notice, "blocked": blocked.kind} if blocked else {}),
                    "holds": holds,
                },
            )
            return "manual review"
        amount = outputs.get("amount") if outcome == "approved" else None
        case_services.decision_record_automated(
            case=case,
            outcome=outcome,
            amount=Decimal(str(amount)) if amount is not None else None,
            reasons={lang: reasons(result, lang) for lang in ("sv", "en")},
            legal_references=[
                *reasons(result, "sv")["legal"],
                *automation_references(definition.automation, case.language),
            ],
            appeal=definition.appeal,
            automated_by=f"{definition.id} v{case.service_version.number} ({case.service_version.content_hash[:12]})",
            trace=trace,
            as_of=as_of,
        )
        return outcome


def after_decision(*, decision_id: int) -> str:
    from digikommun.cases.models import Decision
    from digikommun.letters.services import letter_for_decision
    from digikommun.notify.services import notify_case_event

    from .models import Timer
    from .services import CLOSE_AFTER, timer_set

    decision = Decision.objects.select_related("case").get(pk=decision_id)
    letter_for_decision(decision_id=decision.pk)
    fault_point("after_decision.letter_made")
    notify_case_event(
        case_id=decision.case_id,
        event="decided",
        ref=str(decision.pk) if decision.replaces_id else "",
    )
    fault_point("after_decision.notified")
    # A changed decision (reconsideration) has its own time to appeal: its own closing timer.
    timer_set(
        kind=Timer.Kind.CLOSE_AFTER_APPEAL_TIME,
        case_id=decision.case_id,
        subject_id=decision.pk if decision.replaces_id else 0,
        due_at=decision.decided_at + CLOSE_AFTER,
    )
    return "done"
