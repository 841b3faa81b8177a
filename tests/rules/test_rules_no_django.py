"""Requirement: the rules engine is a pure library — no module in digikommun.rules imports
Django (checked by reading every module's source with ast)."""

from __future__ import annotations

import ast
from pathlib import Path

import digikommun.rules

PACKAGE = Path(digikommun.rules.__file__).parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
    return out


def test_no_module_imports_django():
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 10
    for f in files:
        bad = {m for m in imported_modules(f) if m == "django" or m.startswith("django.")}
        assert not bad, f"{f} imports {bad}"
