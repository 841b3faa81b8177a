"""What an event says: the JSON body of each event type, with no more personal data than a
receiver needs to fetch the rest through the API (which asks for its own authorisation).

A body is `{"type": "case.decided", "timestamp": "…", "data": {…}}`. `data` names the case
by its id and diary number, its service and status, and links to the JSON API under
`/api/v1/`; never the applicant, their answers or the decision's reasons.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.conf import settings

from digikommun.cases.models import Case


def api_base() -> str:
    base = getattr(settings, "WEBHOOKS_API_BASE_URL", "") or f"{settings.SITE_URL}/api/v1"
    return base.rstrip("/")


def case_data(case: Case) -> dict[str, Any]:
    base = api_base()
    return {
        "case": {
            "id": case.pk,
            "number": case.diary_number,
            "service": case.service_id,
            "status": case.status,
        },
        "links": {
            "case": f"{base}/cases/{case.pk}",
            "events": f"{base}/cases/{case.pk}/events",
        },
    }


def body(*, event_type: str, data: dict[str, Any], at: datetime.datetime) -> str:
    """The exact text sent: compact JSON with sorted keys, so it is the same every time."""
    payload = {
        "type": event_type,
        "timestamp": at.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z"),
        "data": data,
    }
    return json.dumps(payload, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
