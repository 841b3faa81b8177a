"""The events the platform announces, turned into webhook deliveries (connected in apps.py).

Each receiver reads what the event is about and calls `services.event_publish`. Every
signal they hear is sent inside the transaction that records the change (received, decided,
completion requested, letter, fault status, co-signing), so the deliveries are kept with the
change or not at all: a process killed just after the commit leaves them recorded and
queued, and the process clock's sweep sends any whose task was lost (ADR 0085).
"""

from __future__ import annotations

from digikommun.cases.models import Case, Decision
from digikommun.open311.models import Report

from . import events
from .models import EventType
from .services import event_publish


def _publish(event_type: str, key: str, case: Case, extra: dict | None = None) -> None:
    data = events.case_data(case)
    for name, value in (extra or {}).items():
        if name == "links":
            data["links"].update(value)
        else:
            data[name] = value
    event_publish(
        event_type=event_type, key=key, case_id=case.pk, service_id=case.service_id, data=data
    )


def on_case_notice(sender, *, case_id: int, event: str, ref: str = "", **kwargs) -> None:
    if event == "received":
        _publish(EventType.CASE_RECEIVED, f"case:{case_id}", Case.objects.get(pk=case_id))


def on_decision_made(sender, *, decision_id: int, replaces_id: int | None = None, **kwargs) -> None:
    decision = Decision.objects.select_related("case").get(pk=decision_id)
    base = events.api_base()
    _publish(
        EventType.CASE_DECIDED,
        f"decision:{decision_id}",
        decision.case,
        {
            "decision": {
                "id": decision.pk,
                "outcome": decision.outcome,
                "replaces": replaces_id,
            },
            "links": {"decisions": f"{base}/cases/{decision.case_id}/decisions"},
        },
    )


def on_completion_requested(sender, *, request, **kwargs) -> None:
    _publish(
        EventType.COMPLETION_REQUESTED,
        f"completion:{request.pk}",
        Case.objects.get(pk=request.case_id),
        {"completion_request": {"id": request.pk, "deadline": request.deadline.isoformat()}},
    )


def on_letter_created(sender, *, letter_id: int, case_id: int, **kwargs) -> None:
    base = events.api_base()
    _publish(
        EventType.LETTER_CREATED,
        f"letter:{letter_id}",
        Case.objects.get(pk=case_id),
        {
            "letter": {"id": letter_id},
            "links": {"letter": f"{base}/cases/{case_id}/letters/{letter_id}"},
        },
    )


def on_report_state_changed(
    sender, *, report_id: int, update_id: int, case_id: int, state: str, status: str, **kwargs
) -> None:
    report = Report.objects.get(pk=report_id)
    _publish(
        EventType.FAULT_STATUS_CHANGED,
        f"report-update:{update_id}",
        Case.objects.get(pk=case_id),
        {"report": {"id": report.public_id, "state": state, "status": status}},
    )


def on_cosigning_done(sender, *, case_id: int, **kwargs) -> None:
    _publish(EventType.COSIGNING_DONE, f"cosigning:{case_id}", Case.objects.get(pk=case_id))
