"""Write the import-linter contracts that docs/architecture.md's "may import" column says.

    .venv/bin/python scripts/contracts.py          # rewrite pyproject.toml's per-part contracts
    .venv/bin/python scripts/contracts.py --check  # exit 1 if they differ from the table

Each part with a row gets one `forbidden` contract: every other part except those its row
names (and common). The layers contract and the other contracts are left as they are;
tests/architecture/test_contracts.py checks that the layers agree with the table.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "digikommun"
PYPROJECT = ROOT / "pyproject.toml"
MARK = "(docs/architecture.md)"
HEADER = "[[tool.importlinter.contracts]]"


def parts() -> set[str]:
    found = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    return found | {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}


def table() -> list[tuple[str, list[str]]]:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    out = []
    for name, may in re.findall(r"^\| `(\w+)` \|.*\| ([^|]*) \|$", text, re.MULTILINE):
        if may.startswith("any"):
            continue
        may = re.sub(r"\(.*?\)", "", may).replace(" only", "")
        names = sorted({w.strip() for w in may.split(",") if w.strip() not in ("", "–")})
        out.append((name, [n for n in names if n != "common"]))
    return out


def block(name: str, may: list[str]) -> str:
    allowed = ", ".join(may) if may else "common only"
    forbidden = sorted(parts() - set(may) - {name, "common"})
    listed = ", ".join(f'"digikommun.{p}"' for p in forbidden)
    return (
        f"{HEADER}\n"
        f'name = "{name} may import: {allowed} {MARK}"\n'
        'type = "forbidden"\n'
        f'source_modules = ["digikommun.{name}"]\n'
        f"forbidden_modules = [{listed}]\n"
        "allow_indirect_imports = true\n"
    )


def render(text: str) -> str:
    head, _, rest = text.partition(HEADER)
    chunks = [HEADER + c for c in (HEADER + rest).split(HEADER)[1:]]
    kept, first = [], None
    for chunk in chunks:
        if MARK in chunk.split("\n", 2)[1]:
            first = len(kept) if first is None else first
            tail = chunk[chunk.index("allow_indirect_imports = true\n") :].split("\n", 1)[1]
            if tail.strip():
                kept.append(tail.lstrip("\n"))  # whatever followed the contract (another table)
            continue
        kept.append(chunk)
    generated = "\n".join(block(n, m) for n, m in table()) + "\n"
    kept.insert(len(kept) if first is None else first, generated)
    return head + "".join(kept)


def main() -> int:
    text = PYPROJECT.read_text(encoding="utf-8")
    new = render(text)
    if "--check" in sys.argv:
        if new != text:
            print("pyproject.toml's contracts differ from docs/architecture.md", file=sys.stderr)
            return 1
        return 0
    PYPROJECT.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
