"""Run DMN TCK test cases (github.com/dmn-tck/tck) against the engine.

Layout: a folder per case holding one ``.dmn`` model and ``<folder>-test-NN.xml`` files
(schema: testCases.xsd).  Each ``testCase`` gives input values and expected results per
decision; a test case passes when every result node matches.  Numbers match within 1e-8,
as the TCK's reference runner compares them.  Results go to ``tck_results.csv`` in the
format the TCK reporter reads: folder, test suite, test id, SUCCESS/ERROR, comment.
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TextIO

from .errors import RulesError
from .feel.temporal import parse_date, parse_datetime, parse_duration, parse_time
from .feel.values import Range, equals, to_str
from .model import Model
from .yaml_loader import load_model

XSI = "{http://www.w3.org/2001/XMLSchema-instance}"
_SCALARS = (bool, Decimal)
TOLERANCE = Decimal("0.00000001")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _kids(el: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in el if _local(c.tag) == name]


def parse_value(el: ET.Element) -> Any:  # noqa: C901 - one branch per XML Schema type
    """A TCK ``valueType`` element (value, components or list) as a FEEL value."""
    if el.get(XSI + "nil") == "true":
        return None
    comps = _kids(el, "component")
    if comps:
        return {c.get("name", ""): parse_value(c) for c in comps}
    lst = _kids(el, "list")
    if lst:
        if lst[0].get(XSI + "nil") == "true":
            return None
        return [parse_value(i) for i in _kids(lst[0], "item")]
    vals = _kids(el, "value")
    if not vals:
        return None
    v = vals[0]
    if v.get(XSI + "nil") == "true":
        return None
    # A <value> may itself hold components or a list (nested structures).
    if _kids(v, "component") or _kids(v, "list"):
        return parse_value(v)
    text = v.text or ""
    typ = (v.get(XSI + "type") or "").split(":")[-1]
    if typ in ("decimal", "double", "float", "int", "integer", "long", "short"):
        try:
            return Decimal(text.strip())
        except InvalidOperation:
            return {"NaN": None, "INF": None, "-INF": None}.get(text.strip())
    if typ == "boolean":
        return text.strip() == "true"
    if typ == "date":
        return parse_date(text.strip())
    if typ == "dateTime":
        return parse_datetime(text.strip())
    if typ == "time":
        return parse_time(text.strip())
    if typ in ("duration", "dayTimeDuration", "yearMonthDuration"):
        return parse_duration(text.strip())
    return text


def matches(expected: Any, actual: Any) -> bool:
    if expected is None or actual is None:
        return expected is None and actual is None
    if type(expected) is str and type(actual) is not str and type(actual) in _SCALARS:
        # A value without xsi:type is text (the non-compliant cases): compare as FEEL
        # string() would write the actual value.
        return expected == to_str(actual)
    if type(expected) is Decimal and type(actual) is Decimal:
        return abs(expected - actual) < TOLERANCE
    if type(expected) is list and type(actual) is list:
        return len(expected) == len(actual) and all(
            matches(e, a) for e, a in zip(expected, actual, strict=True)
        )
    if type(expected) is dict and type(actual) is dict:
        return expected.keys() == actual.keys() and all(
            matches(expected[k], actual[k]) for k in expected
        )
    if type(expected) is dt.datetime and type(actual) is dt.datetime:
        return expected == actual and expected.utcoffset() == actual.utcoffset()
    if type(actual) is Range:
        return False
    return equals(expected, actual) is True


def _show(v: Any) -> str:
    return "null" if v is None else (f'"{v}"' if isinstance(v, str) else to_str(v))


def run_case_file(model: Model, test_file: Path) -> list[tuple[str, bool, str]]:
    """(test id, passed, message) for every testCase in one test file."""
    root = ET.parse(test_file).getroot()
    out: list[tuple[str, bool, str]] = []
    for i, tc in enumerate(_kids(root, "testCase")):
        tid = tc.get("id") or str(i + 1)
        facts = {n.get("name", ""): parse_value(n) for n in _kids(tc, "inputNode")}
        problems: list[str] = []
        for rn in _kids(tc, "resultNode"):
            name = rn.get("name", "")
            exp_el = _kids(rn, "expected")
            expected = parse_value(exp_el[0]) if exp_el else None
            try:
                actual = _evaluate(model, tc, name, facts)
            except RulesError as e:
                actual = None
                if rn.get("errorResult") != "true" and expected is not None:
                    problems.append(f"{name}: error: {e}")
                    continue
            except Exception as e:  # noqa: BLE001 - a runner reports, it does not crash
                problems.append(f"{name}: {type(e).__name__}: {e}")
                continue
            if not matches(expected, actual):
                problems.append(f"{name}: expected {_show(expected)}, got {_show(actual)}")
        out.append((tid, not problems, "; ".join(problems)))
    return out


def _evaluate(model: Model, tc: ET.Element, name: str, facts: dict[str, Any]) -> Any:
    kind = tc.get("type") or "decision"
    if kind == "bkm" and name in model.bkms:
        from .feel.builtins import invoke

        fn = model.base_env(None)[name]
        return invoke(fn, None, facts)
    if kind == "decisionService":
        from .feel.builtins import invoke

        svc = tc.get("invocableName") or name
        fn = model.base_env(None).get(svc)
        value = invoke(fn, None, {k: v for k, v in facts.items()})
        if isinstance(value, dict) and name in value and name != svc:
            return value[name]
        return value
    result = model.evaluate(facts, as_of=None, trace=False, decisions=[name])
    return result.values.get(name)


def _tests_model(test_file: Path, model_file: Path) -> bool:
    """Whether the test file's ``<modelName>`` names this model (true if it names none)."""
    for el in ET.parse(test_file).getroot():
        if _local(el.tag) == "modelName" and (el.text or "").strip():
            return (el.text or "").strip() == model_file.name
    return True


def run_tck(path: str | Path, *, out: TextIO | None = None) -> tuple[int, int]:
    """Run every test case under ``path``; print failures; write tck_results.csv."""
    out = out or sys.stdout
    root = Path(path)
    passed = failed = 0
    rows: list[list[str]] = []
    for model_file in sorted(root.rglob("*.dmn")):
        folder = model_file.parent
        rel_folder = f"{folder.parent.name}/{folder.name}"
        tests = sorted(folder.glob(f"{folder.name}-test-*.xml")) or sorted(
            folder.glob("*-test-*.xml")
        )
        try:
            model = load_model(model_file)
            load_error = None
        except (RulesError, OSError) as e:
            model, load_error = None, str(e)
        for tf in tests:
            if not _tests_model(tf, model_file):
                continue  # a model imported by the folder's main model
            suite = tf.stem
            if model is None:
                results = [
                    (tc.get("id") or str(i + 1), False, f"model failed to load: {load_error}")
                    for i, tc in enumerate(_kids(ET.parse(tf).getroot(), "testCase"))
                ]
            else:
                results = run_case_file(model, tf)
            for tid, ok, msg in results:
                rows.append([rel_folder, suite, tid, "SUCCESS" if ok else "ERROR", msg])
                if ok:
                    passed += 1
                else:
                    failed += 1
                    print(f"FAIL {folder.name} {suite} {tid}: {msg}", file=out)
    with open("tck_results.csv", "w", newline="", encoding="utf-8") as f:
        csv.writer(f, quoting=csv.QUOTE_ALL).writerows(rows)
    print(f"{passed} passed, {failed} failed", file=out)
    return passed, failed
