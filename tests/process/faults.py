"""The fault hook the fault tests give their worker processes (PROCESS_FAULT_HOOK).

The worker's environment says where to act (DIGIKOMMUN_FAULT_AT, a fault point's name) and
how (DIGIKOMMUN_FAULT_MODE): `hold` stops the step there for good (the test then kills the
worker with SIGKILL), `pause` stops it until the test writes a `release` file, `enospc`
fails the write with "No space left on device" while a `disk-full` file exists. On reaching
the point the hook writes `reached-<point>` in DIGIKOMMUN_FAULT_DIR: the test's handshake.
"""

from __future__ import annotations

import errno
import os
import threading
import time
from pathlib import Path


def hook(point: str) -> None:
    if point != os.environ.get("DIGIKOMMUN_FAULT_AT"):
        return
    folder = Path(os.environ["DIGIKOMMUN_FAULT_DIR"])
    mode = os.environ.get("DIGIKOMMUN_FAULT_MODE", "hold")
    if mode == "enospc":
        if (folder / "disk-full").exists():
            (folder / f"reached-{point}").touch()
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return
    (folder / f"reached-{point}").touch()
    if mode == "hold":
        threading.Event().wait()  # until the test kills this process
    elif mode == "pause":
        deadline = time.monotonic() + 120
        while not (folder / "release").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
