"""Upload handlers for every request: a file is never read past its limit, and a full disk
gives a clear page instead of a server error.

`StreamLimitHandler` comes first in FILE_UPLOAD_HANDLERS and counts each file's bytes as
they arrive; a file past UPLOAD_MAX_REQUEST_BYTES is skipped (the handler that a view puts
in front, `files.uploads.SizeLimitHandler`, skips it earlier at the field's own limit).
`DiskSafeTemporaryFileUploadHandler` removes its temporary file when writing it fails
(ENOSPC and the like) and raises `StorageFull`, which the 400 handler shows as a page.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.core.files.uploadhandler import (
    FileUploadHandler,
    SkipFile,
    TemporaryFileUploadHandler,
)


class UploadProblem(SuspiciousOperation):
    """A request whose upload cannot be taken. A SuspiciousOperation so that Django answers
    it through handler400 (limits.views.bad_request) wherever it is raised, also while the
    CSRF middleware reads the form, before any view could store half of it."""

    status = 400


class RequestTooLarge(UploadProblem):
    status = 413


class StorageFull(UploadProblem):
    status = 507


class StreamLimitHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_REQUEST_BYTES:
            skipped = getattr(self.request, "skipped_uploads", None)
            if skipped is None:
                skipped = self.request.skipped_uploads = []
            skipped.append((self.field_name, self.file_name))
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


class DiskSafeTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    def receive_data_chunk(self, raw_data, start):
        try:
            self.file.write(raw_data)
        except OSError as exc:
            self.file.close()  # a NamedTemporaryFile: closing removes it
            raise StorageFull(f"could not write the upload: {exc.strerror}") from exc
