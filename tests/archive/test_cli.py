"""`digikommun archive deliver|thin` show a progress bar and end with a summary line; dry runs
change nothing. Time is moved forward with time-machine, relative to today."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from rich.console import Console

from digikommun.archive import cli
from digikommun.cases.models import Case

from .conftest import ERIK, closed_case

pytestmark = pytest.mark.usefixtures("retention_checked")  # the rule as an archivist moved it on


def _run(*argv: str) -> str:
    buffer = io.StringIO()
    assert cli.main(list(argv), console=Console(file=buffer, width=120)) == 0
    return buffer.getvalue()


def test_thin_then_deliver_print_their_summaries(demo, tmp_path):
    closed_case("ekonomiskt-bistand")
    closed_case("ekonomiskt-bistand", person=ERIK)
    closed_case("boendeparkering")
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=6 * 366)
    with time_machine.travel(later, tick=False):
        assert "would thin 1 cases, spare 1 for research (dry run)" in _run("thin", "--dry-run")
        assert Case.objects.count() == 3
        assert "thinned 1 cases, spared 1 for research" in _run("thin")
        dry = _run("deliver", "--dry-run", "--out", str(tmp_path))
        assert "would deliver 2 packages (dry run)" in dry and not any(tmp_path.iterdir())
        text = _run("deliver", "--out", str(tmp_path))
    assert "delivered 2 packages (" in text and "removed 2 cases" in text
    assert "delivering" in text  # the progress bar's label
    assert Case.objects.count() == 0
