"""Demo pools: four telepresence robots (the pool the robot service lends from) and tablets
to borrow for a course session. A pool a published definition names is brought up to date
with its `lending` section; the demo's own sections are used where no definition names it."""

from __future__ import annotations

from digikommun.catalog.selectors import current_versions, definition_for

from . import services
from .models import Item
from .schema import LendingConfig, PriorityRule

ROBOTS = LendingConfig(
    pool="telepresence-robots",
    title={"sv": "Telepresensrobotar", "en": "Telepresence robots"},
    item_kind={"sv": "robot", "en": "robot"},
    priority=(
        PriorityRule(
            "expected_weeks >= 12", {"sv": "Lång frånvaro först", "en": "Long absence first"}
        ),
    ),
    share=("pupil_first_name", "school", "school_class"),
)
TABLETS = LendingConfig(
    pool="course-tablets",
    title={"sv": "Surfplattor för kurser", "en": "Tablets for courses"},
    item_kind={"sv": "surfplatta", "en": "tablet"},
    loan_days=1,
    extension_days=1,
    max_extensions=0,
    offer_days=1,
    reminder_days_before_end=(),
    steps=("pick_up", "return", "check"),
    allocate_on="manual",
)
ITEMS = {
    "telepresence-robots": [f"TR-2026-{n:03d}" for n in range(1, 5)],
    "course-tablets": [f"TAB-{n:02d}" for n in range(1, 7)],
}


def demo_pools_ensure() -> dict[str, int]:
    named = {}
    for version in current_versions():
        config = definition_for(version).lending
        if config is not None:
            named[config.pool] = services.pool_ensure(config=config, service_id=version.service_id)
    for config in (ROBOTS, TABLETS):
        if config.pool not in named:
            named[config.pool] = services.pool_ensure(config=config)
    for key, serials in ITEMS.items():
        pool = named[key]
        for serial in serials:
            if not Item.objects.filter(pool=pool, serial=serial).exists():
                services.item_add(pool_id=pool.pk, serial=serial)
    return {key: pool.items.count() for key, pool in named.items()}
