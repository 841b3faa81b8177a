"""Requirement: the TCK runner runs each test file against the model its <modelName> names
(a folder may hold imported models too), and reads an expected value without xsi:type as
text, as the TCK's non-compliant cases are written."""

from __future__ import annotations

import io

from test_rules_dmn15_models import IMPORTED, NS15, dmn, literal

from digikommun.rules.tck import run_tck

TESTS = """<testCases xmlns="http://www.omg.org/spec/DMN/20160719/testcase"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <modelName>0001-main.dmn</modelName>
  <testCase id="001">
    <inputNode name="lib"><component name="Person"><component name="name">
      <value xsi:type="xsd:string">Bo</value></component></component></inputNode>
    <resultNode name="theirs"><expected><value xsi:type="xsd:string">Hi Bo</value>
    </expected></resultNode>
    <resultNode name="n"><expected><value>3</value></expected></resultNode>
  </testCase>
</testCases>"""


def test_each_test_file_runs_against_its_model_only(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "cases" / "0001-main"
    folder.mkdir(parents=True)
    (folder / "imported.dmn").write_text(IMPORTED, encoding="utf-8")
    imp = f'<import namespace="urn:test:imported" name="lib" importType="{NS15}"/>'
    main = dmn(literal("theirs", "lib.Greeting") + literal("n", "1 + 2"), imports=imp)
    (folder / "0001-main.dmn").write_text(main, encoding="utf-8")
    (folder / "0001-main-test-01.xml").write_text(TESTS, encoding="utf-8")
    out = io.StringIO()
    assert run_tck(tmp_path / "cases", out=out) == (1, 0), out.getvalue()
