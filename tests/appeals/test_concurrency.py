"""Two caseworkers deciding the same reconsideration at the same moment, on two connections:
the row lock and the version make exactly one of them win; the other is told (Stale) and
nothing of theirs is saved. Runs on SQLite (BEGIN IMMEDIATE) and PostgreSQL (FOR UPDATE)."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from digikommun.appeals import services
from digikommun.appeals.models import Reconsideration
from digikommun.cases.models import Decision

from .conftest import ANNA, JOHAN, KARIN, person


@pytest.mark.django_db(transaction=True)
def test_two_caseworkers_at_once_one_wins(decided):
    item = services.reconsideration_request(
        case_id=decided.pk, applicant=person(ANNA), reason="Hyran är fel."
    )
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def decide(pnr: str, change: bool) -> None:
        try:
            start.wait()
            services.reconsideration_resolve(
                reconsideration_id=item.pk,
                user=person(pnr),
                expected_version=item.version,
                change=change,
                outcome="approved",
                amount=decided.decision.amount + 100 if change else None,
                motivation=f"skäl från {pnr}",
            )
            outcomes[pnr] = "won"
        except services.Stale:
            outcomes[pnr] = "stale"
        except BaseException as exc:  # reported below
            outcomes[pnr] = repr(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=decide, args=(KARIN, True)),
        threading.Thread(target=decide, args=(JOHAN, False)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes.values()) == ["stale", "won"], outcomes
    winner = next(p for p, o in outcomes.items() if o == "won")
    item = Reconsideration.objects.get(pk=item.pk)
    assert item.motivation == f"skäl från {winner}"
    assert Decision.objects.filter(case=decided).count() == (2 if winner == KARIN else 1)
