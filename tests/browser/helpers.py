"""Helpers shared by the browser tests: drafts made directly, and filling in steps."""

from __future__ import annotations

from typing import Any

from digikommun.catalog.selectors import current_version, definition_for
from digikommun.identity.models import User
from digikommun.portal import services
from digikommun.portal.models import Draft

# Valid answers to every field of the test service "falttyper" (tests/fixtures/services).
SHOWCASE: dict[str, Any] = {
    "full_name": "Test Testsson",
    "message": "",
    "email": "test@exempel.se",
    "phone": "070-123 45 67",
    "pnr": "19850709-9805",
    "orgnr": "212000-0142",
    "persons": "3",
    "amount": "1 200",
    "event_date": "2024-02-29",
    "has_pet": "no",
    "colour": "red",
    "interests": ["music"],
    "home": {"street": "Storgatan 1", "postcode": "111 22", "city": "Demokommun"},
    "spot": {"lat": "59.33", "lng": "18.07"},
    "certificate": [],
    "members": [{"name": "Kim", "birth_date": "2015-05-05", "relation": "child"}],
    "incomes": [],
}
STEPS = {
    "texts": 1,
    "numbers": 2,
    "pet": 3,
    "place": 4,
    "attachments": 5,
    "household": 6,
    "conditions": 7,
}


def draft_with(
    service: str, answers: dict[str, Any], *, personnummer: str = "198507099805", passed: int = 99
) -> Draft:
    """A draft with these raw answers, every step up to `passed` counted as done."""
    version = current_version(service)
    definition = definition_for(version)
    draft = services.draft_start(
        applicant=User.objects.get(personnummer=personnummer), version=version
    )
    draft.raw = dict(answers)
    draft.step = min(passed, len(definition.steps))
    draft.save(update_fields=["raw", "step"])
    return draft


def step_url(base: str, draft: Draft, number: int) -> str:
    return f"{base}/applications/{draft.key}/step/{number}/"


def review_url(base: str, draft: Draft) -> str:
    return f"{base}/applications/{draft.key}/review/"


def fill(page, values: dict[str, Any]) -> None:
    """Type or choose each value; lists check those checkboxes (and uncheck the rest)."""
    for name, value in values.items():
        target = page.locator(f"[name='{name}']")
        kind = target.first.get_attribute("type")
        if kind == "radio":
            page.locator(f"input[name='{name}'][value='{value}']").check()
        elif kind == "checkbox":
            for box in target.all():
                box.set_checked(box.get_attribute("value") in value)
        else:
            target.fill(value)
