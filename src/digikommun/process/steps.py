"""The steps a service definition's process names, each idempotent.

`automated_decision` locks the case, and does nothing unless the case is still
`received`: a retry, a second worker or the sweep of stuck cases therefore never decides a
case twice. A worker killed in the middle of a step leaves its transaction uncommitted, so
the case is still `received` and the next sweep picks it up.
"""

from __future__ import annotations

import os
import time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from digikommun.cases import services as case_services
from digikommun.cases.models import Case
from digikommun.cases.workflow import Status
from digikommun.catalog.selectors import definition_for
from digikommun.rules import explain, to_jsonable


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
        _fault_injection_pause()
        as_of = timezone.localdate(case.submitted_at)
        facts = case_services.case_facts(case=case, definition=definition)
        result = definition.rules.evaluate(facts, as_of=as_of, trace=True)
        outputs = (
            result.outputs if isinstance(result.outputs, dict) else {"outcome": result.outputs}
        )
        outcome = outputs.get("outcome")
        trace = to_jsonable(result.trace)
        if outcome not in ("approved", "rejected"):
            case_services.case_send_to_review(
                case=case,
                recommendation={
                    "outputs": to_jsonable(outputs),
                    "trace": trace,
                    "explanation": {lang: explain(result, lang) for lang in ("sv", "en")},
                },
            )
            return "manual review"
        amount = outputs.get("amount") if outcome == "approved" else None
        case_services.decision_record_automated(
            case=case,
            outcome=outcome,
            amount=Decimal(str(amount)) if amount is not None else None,
            reasons={lang: explain(result, lang) for lang in ("sv", "en")},
            legal_references=list(result.trace.legal_references),
            appeal=definition.appeal,
            automated_by=f"{definition.id} v{case.service_version.number} ({case.service_version.content_hash[:12]})",
            trace=trace,
            as_of=as_of,
        )
        return outcome


def _fault_injection_pause() -> None:
    """Hold the step open for the worker-kill fault test (set only by that test)."""
    seconds = float(os.environ.get("DIGIKOMMUN_FAULT_PAUSE_IN_DECISION", "0") or 0)
    if seconds:
        marker = os.environ.get("DIGIKOMMUN_FAULT_PAUSE_MARKER")
        if marker:  # tells the test that the step is paused, with the case locked
            with open(marker, "a") as handle:
                handle.write(f"{os.getpid()}\n")
        time.sleep(seconds)


def after_decision(*, decision_id: int) -> str:
    from digikommun.cases.models import Decision
    from digikommun.letters.services import letter_for_decision
    from digikommun.notify.services import notify_case_event

    from .models import Timer
    from .services import CLOSE_AFTER, timer_set

    decision = Decision.objects.select_related("case").get(pk=decision_id)
    letter_for_decision(decision_id=decision.pk)
    notify_case_event(case_id=decision.case_id, event="decided")
    timer_set(
        kind=Timer.Kind.CLOSE_AFTER_APPEAL_TIME,
        case_id=decision.case_id,
        due_at=decision.decided_at + CLOSE_AFTER,
    )
    return "done"
