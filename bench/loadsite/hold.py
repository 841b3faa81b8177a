"""The bench's fault hook: hold the automated decision open (see settings.py)."""

from __future__ import annotations

import os
import time


def hook(point: str) -> None:
    if point == "decide":
        time.sleep(float(os.environ.get("BENCH_HOLD_DECISION", "0") or 0))
