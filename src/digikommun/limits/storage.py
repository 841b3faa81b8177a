"""File storage that leaves no half-written file behind when writing fails (a full disk)."""

from __future__ import annotations

import os

from django.core.files.storage import FileSystemStorage

from .uploads import StorageFull


class CleanFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        try:
            return super()._save(name, content)
        except OSError as exc:
            if exc.errno is not None and os.path.exists(self.path(name)):
                # Django's storage opens the file with O_EXCL before writing: a file at this
                # name after a failed write is the one this call made. Remove it.
                try:
                    os.remove(self.path(name))
                except OSError:
                    pass
            raise StorageFull(f"could not store the file: {exc.strerror}") from exc
