"""An upload handler that stops reading a file once it passes its size limit.

Without it a person could send a file of any size and it would be written to a temporary
file before being refused. The file is skipped (the other fields of the form are read as
usual, so nothing else typed is lost) and its name is kept so it gets its own message.
"""

from __future__ import annotations

from django.core.files.uploadhandler import FileUploadHandler, SkipFile


class SizeLimitHandler(FileUploadHandler):
    def __init__(self, request, limits: dict[str, int], default_limit: int):
        super().__init__(request)
        self.limits = limits
        self.default_limit = default_limit
        self.received = 0
        self.skipped: list[tuple[str, str]] = []  # (field name, file name)
        request.skipped_uploads = self.skipped

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limits.get(self.field_name, self.default_limit):
            self.skipped.append((self.field_name, self.file_name))
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


def install(request, limits: dict[str, int], default_limit: int) -> None:
    """Put the handler first; call before request.POST or request.FILES is read."""
    request.upload_handlers.insert(0, SizeLimitHandler(request, limits, default_limit))


def skipped_for(request, field_name: str) -> list[str]:
    return [name for fname, name in getattr(request, "skipped_uploads", []) if fname == field_name]
