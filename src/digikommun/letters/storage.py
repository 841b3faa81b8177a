"""Writing a letter's file so that it is either all there or not there at all.

The bytes go to a temporary file in the letter's own directory, are flushed to the disk
(fsync), and the file is then renamed to its name, which is atomic on one file system; the
directory is synced too, so the new name survives a power cut. A full disk or a killed
worker leaves at most a temporary file (removed on error), never a short or empty PDF under
a letter's name. The name carries the content's hash, so a retry that renders the same
letter writes the same name, and a different rendering never replaces a stored letter.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from django.core.files.storage import default_storage

from digikommun.common.faults import fault_point


def write_atomic(*, name: str, data: bytes) -> str:
    """Write `data` as `name` (relative to the default storage) atomically; returns `name`."""
    target = Path(default_storage.path(name))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".writing-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            fault_point("letter.write")
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o640)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    _sync_directory(target.parent)
    return name


def _sync_directory(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
