"""A pool for the lending tests, from the section as a definition would give it."""

from __future__ import annotations

import datetime

from django.utils import timezone

from digikommun.lending import services
from digikommun.lending.schema import LendingConfig, PriorityRule

LONG = PriorityRule(
    "expected_weeks >= 12", {"sv": "Lång frånvaro först", "en": "Long absence first"}
)


def pool(items: int = 2, *, key: str = "robots", **overrides):
    config = LendingConfig(
        pool=key,
        title={"sv": "Telepresensrobotar", "en": "Telepresence robots"},
        item_kind={"sv": "robot", "en": "robot"},
        priority=(LONG,),
        share=("pupil_first_name", "school"),
        **overrides,
    )
    p = services.pool_ensure(config=config)
    for n in range(items):
        services.item_add(pool_id=p.pk, serial=f"R-{n + 1:03d}")
    return p


def ago(days: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def request(p, name: str, *, weeks: int = 4, days_ago: float = 10, **kwargs):
    return services.loan_request(
        pool_key=p.key,
        name=name,
        facts={"expected_weeks": weeks},
        shared={"pupil_first_name": name, "school": "Rinkebyskolan"},
        applied_at=ago(days_ago),
        **kwargs,
    )
