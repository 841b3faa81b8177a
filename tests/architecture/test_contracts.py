"""docs/architecture.md's "may import" column is what import-linter checks, and it can fail."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "digikommun"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
# Parts that may import anything: the command, the demo data, settings and URLs.
ENTRY_POINTS = {"cli", "demo", "conf"}


def parts() -> set[str]:
    found = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    return found | {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}


def table() -> dict[str, set[str]]:
    """part -> the parts its row says it may import (every part may import common)."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\w+)` \|.*\| ([^|]*) \|$", text, re.MULTILINE)
    allowed = {}
    for name, may in rows:
        if may.startswith("any"):
            continue
        may = re.sub(r"\(.*?\)", "", may).replace(" only", "")
        allowed[name] = {w.strip() for w in may.split(",") if w.strip() not in ("", "–")}
        allowed[name].add("common")
    return allowed


def contracts() -> list[dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["importlinter"]["contracts"]


def test_every_part_has_a_row_and_the_table_is_acyclic():
    rows = table()
    assert set(rows) | ENTRY_POINTS == parts()
    for name, may in rows.items():
        assert may <= parts(), f"{name} names an unknown part: {may - parts()}"
    try:
        order = list(TopologicalSorter({n: m - {n} for n, m in rows.items()}).static_order())
    except CycleError as exc:  # pragma: no cover - the assertion below reports it
        pytest.fail(f"the 'may import' column has a cycle: {exc.args[1]}")
    assert set(order) >= set(rows)


def test_the_contracts_say_what_the_table_says():
    rows = table()
    forbidden = {
        c["source_modules"][0].removeprefix("digikommun."): {
            m.removeprefix("digikommun.") for m in c["forbidden_modules"]
        }
        for c in contracts()
        if c["type"] == "forbidden" and c.get("allow_indirect_imports")
    }
    assert set(forbidden) == set(rows)
    for name, may in rows.items():
        assert forbidden[name] == parts() - may - {name}, name
    layers = next(c for c in contracts() if c["type"] == "layers")
    level = {
        part.strip(): i for i, layer in enumerate(layers["layers"]) for part in layer.split("|")
    }
    assert set(level) == parts()
    for name, may in rows.items():
        for other in may - {name}:
            assert level[other] > level[name], f"{name} may import {other}, a higher layer"


def _lint(src: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_forbidden_import_breaks_the_lint(tmp_path):
    copy = tmp_path / "src" / "digikommun"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "locale"))
    clean = _lint(tmp_path / "src")
    assert clean.returncode == 0, clean.stdout
    models = copy / "cases" / "models.py"
    models.write_text(models.read_text() + "\nimport digikommun.process  # noqa\n")
    broken = _lint(tmp_path / "src")
    assert broken.returncode != 0
    assert "digikommun.cases is not allowed to import digikommun.process" in broken.stdout
    assert (
        "cases may import: audit, catalog, files, forms, identity (docs/architecture.md) BROKEN"
        in (broken.stdout.replace("\n", " "))
    )
