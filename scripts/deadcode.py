"""Dead code: vulture with pyproject's [tool.vulture] settings, less unused fields.

Reports unused functions, classes, methods, properties, imports and unreachable code (and any
finding vulture is sure of); exits 1 when there is one. Unused variables and attributes at
60 % confidence are left out: in Django they are model and dataclass fields that templates,
forms and the ORM read by name. Run from the repository root: `.venv/bin/python scripts/deadcode.py`.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from vulture import Vulture

KINDS = {"function", "class", "method", "property", "import", "unreachable_code"}


def main() -> int:
    root = Path(__file__).resolve().parents[1]
    config = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["vulture"]
    vulture = Vulture(
        ignore_names=config.get("ignore_names", []),
        ignore_decorators=config.get("ignore_decorators", []),
    )
    vulture.scavenge([str(root / p) for p in config["paths"]], exclude=config.get("exclude", []))
    found = [
        item
        for item in vulture.get_unused_code(min_confidence=config.get("min_confidence", 60))
        if item.typ in KINDS or item.confidence == 100
    ]
    for item in found:
        print(item.get_report())
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
