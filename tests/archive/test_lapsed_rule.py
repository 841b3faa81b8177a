"""A retention rule past its `until` (the last day its legal basis is known to hold) is not
applied: the published financial-assistance rule cites socialtjänstlagen 2001:453, replaced
on 2025-07-01, so its cases are neither thinned nor delivered; `archive thin` and `deliver`
say which are held back and why; other services go on; once an archivist has checked the
rule and moved its `until`, the same cases leave."""

from __future__ import annotations

import datetime
import io

import time_machine
from rich.console import Console

from digikommun.archive import cli
from digikommun.archive.models import Removal
from digikommun.archive.selectors import cases_due, cases_held
from digikommun.cases.models import Case

from .conftest import ERIK, closed_case, retention_moved, years_on


def _run(*argv: str) -> str:
    buffer = io.StringIO()
    assert cli.main(list(argv), console=Console(file=buffer, width=400)) == 0
    return buffer.getvalue()


def test_a_lapsed_rule_holds_its_cases_back_and_says_so(demo, tmp_path):
    thin = closed_case("ekonomiskt-bistand")
    spared = closed_case("ekonomiskt-bistand", person=ERIK)
    parking = closed_case("boendeparkering")
    later = years_on(6)

    assert [d.case_id for d in cases_due(today=later)] == [parking.pk]
    held = {d.case_id: d.action for d in cases_held(today=later)}
    assert held == {thin.pk: "thin", spared.pk: "deliver"}
    assert all("holding until 2025-06-30" in d.rule for d in cases_held(today=later))

    moment = datetime.datetime.combine(later, datetime.time(12), datetime.UTC)
    with time_machine.travel(moment, tick=False):
        text = _run("thin")
        assert "thinned 0 cases" in text
        assert "held back: 1 cases of ekonomiskt-bistand would be thinned" in text
        assert "move retention.until" in text
        assert text.rstrip().splitlines()[-1].startswith("held back:")  # after the summary
        text = _run("deliver", "--out", str(tmp_path))
        assert "delivered 1 packages" in text  # the parking case: its rule holds
        assert "held back: 1 cases of ekonomiskt-bistand would be delivered" in text
    assert set(Case.objects.values_list("pk", flat=True)) == {thin.pk, spared.pk}
    assert list(Removal.objects.values_list("service_id", flat=True)) == ["boendeparkering"]

    retention_moved("ekonomiskt-bistand", years_on(50))
    assert cases_held(today=later) == []
    assert {d.case_id: d.action for d in cases_due(today=later)} == {
        thin.pk: "thin",
        spared.pk: "deliver",
    }
