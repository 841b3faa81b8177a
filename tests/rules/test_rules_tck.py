"""Requirement: the DMN TCK compliance-level-2 cases in ../shared/dmn-tck all pass through
the TCK runner (no special-casing of names or values), which prints one line per failure,
writes tck_results.csv in the TCK reporter's format and ends with "N passed, M failed"."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from digikommun.rules.cli import main
from digikommun.rules.tck import run_tck

# The kit lies in shared/ beside the repository (as on the developers' and CI's machines).
KIT = Path(
    os.environ.get(
        "DIGIKOMMUN_TCK_DIR",
        Path(__file__).resolve().parents[3] / "shared" / "dmn-tck" / "compliance-level-2",
    )
)
if not KIT.is_dir() and os.environ.get("CI"):
    raise RuntimeError(f"the DMN TCK kit is missing at {KIT}; CI must run it")
pytestmark = pytest.mark.skipif(not KIT.is_dir(), reason=f"DMN TCK kit not present at {KIT}")


def test_compliance_level_2_passes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    passed, failed = run_tck(KIT, out=out)
    assert failed == 0, out.getvalue()
    assert passed >= 98
    assert out.getvalue().splitlines()[-1] == f"{passed} passed, 0 failed"
    rows = list(csv.reader((tmp_path / "tck_results.csv").open(encoding="utf-8")))
    assert len(rows) == passed
    folder, suite, test_id, result, _ = rows[0]
    assert folder == "compliance-level-2/0001-input-data-string"
    assert suite == "0001-input-data-string-test-01"
    assert (test_id, result) == ("001", "SUCCESS")


def test_cli_reports_failures(tmp_path, monkeypatch, capsys):
    case = tmp_path / "kit" / "0001-broken"
    case.mkdir(parents=True)
    (case / "0001-broken.dmn").write_text(
        '<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" name="b" id="b" '
        'namespace="x"><inputData id="i" name="A"><variable name="A" typeRef="number"/>'
        '</inputData><decision id="d" name="D"><variable name="D" typeRef="number"/>'
        "<literalExpression><text>A + 1</text></literalExpression></decision></definitions>"
    )
    (case / "0001-broken-test-01.xml").write_text(
        '<testCases xmlns="http://www.omg.org/spec/DMN/20160719/testcase" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xmlns:xsd="http://www.w3.org/2001/XMLSchema"><testCase id="001">'
        '<inputNode name="A"><value xsi:type="xsd:decimal">1</value></inputNode>'
        '<resultNode name="D"><expected><value xsi:type="xsd:decimal">3</value></expected>'
        '</resultNode></testCase><testCase id="002">'
        '<inputNode name="A"><value xsi:type="xsd:decimal">2</value></inputNode>'
        '<resultNode name="D"><expected><value xsi:type="xsd:decimal">3</value></expected>'
        "</resultNode></testCase></testCases>"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["tck", str(tmp_path / "kit")]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "1 passed, 1 failed"
    assert any("001" in line and "expected 3, got 2" in line for line in lines)
    rows = list(csv.reader((tmp_path / "tck_results.csv").open()))
    assert [r[3] for r in rows] == ["ERROR", "SUCCESS"]
