"""mypy against a baseline that may only shrink.

`make lint` runs `python scripts/mypy_baseline.py`: mypy with pyproject's [tool.mypy] (django-stubs;
src/digikommun/rules/ with mypy's strict flags). Each error is keyed as `path: message [code]`,
without its line number, so moving code does not disturb the baseline. The check fails when

- any error is in src/digikommun/rules/ (it has no baseline: it is kept clean), or
- an error is not in mypy-baseline.txt (a new error: fix it; the baseline takes no new entries), or
- an entry of mypy-baseline.txt no longer occurs (an error was fixed: run with `--shrink`).

`--shrink` rewrites the baseline as the errors that are both in it and still found; it never
adds one, so the file only gets shorter.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from mypy import api

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "mypy-baseline.txt"
STRICT = "src/digikommun/rules/"
ERROR = re.compile(r"^(?P<path>[^:]+):\d+: error: (?P<rest>.*)$")


def current() -> Counter[str]:
    stdout, stderr, status = api.run([])
    if status not in (0, 1):
        sys.exit(f"mypy could not run:\n{stdout}{stderr}")
    found: Counter[str] = Counter()
    for line in stdout.splitlines():
        m = ERROR.match(line)
        if m:
            found[f"{m['path']}: {m['rest']}"] += 1
    return found


def read_baseline() -> Counter[str]:
    if not BASELINE.exists():
        return Counter()
    lines = BASELINE.read_text(encoding="utf-8").splitlines()
    return Counter(line for line in lines if line and not line.startswith("#"))


def write_baseline(entries: Counter[str]) -> None:
    header = "# mypy errors not fixed yet; may only shrink (see scripts/mypy_baseline.py)\n"
    BASELINE.write_text(header + "".join(f"{e}\n" for e in sorted(entries.elements())))


def main(argv: list[str]) -> int:
    found, baseline = current(), read_baseline()
    strict = sorted(e for e in found.elements() if e.startswith(STRICT))
    new = sorted((found - baseline).elements())
    fixed = sorted((baseline - found).elements())
    if "--shrink" in argv:
        baseline = baseline & found
        write_baseline(baseline)
        print(f"mypy-baseline.txt: {sum(baseline.values())} entries ({len(fixed)} fixed)")
        fixed = []
    for e in strict:
        print(f"strict (no baseline): {e}")
    for e in new:
        if not e.startswith(STRICT):
            print(f"new: {e}")
    for e in fixed:
        print(f"fixed, take it out of the baseline (--shrink): {e}")
    if strict or new or fixed:
        return 1
    print(f"mypy: no new errors; {sum(baseline.values())} in the baseline, rules/ clean.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
