"""What kind of file an upload is, judged from its first bytes and never from its name.

A renamed program ("intyg.pdf" that is really an executable) is recognised as a program and
refused with its own message.
"""

from __future__ import annotations

from dataclasses import dataclass

import filetype
from django.utils.translation import gettext_lazy as _

SNIFF_BYTES = 8192


@dataclass(frozen=True)
class Kind:
    name: str
    mime: str
    label: object  # lazy translated text, e.g. "PDF document"
    accept: str  # for the file picker's accept attribute


_KINDS = [
    Kind("pdf", "application/pdf", _("PDF document"), ".pdf,application/pdf"),
    Kind("jpeg", "image/jpeg", _("JPEG image"), ".jpg,.jpeg,image/jpeg"),
    Kind("png", "image/png", _("PNG image"), ".png,image/png"),
    Kind("heic", "image/heic", _("HEIC image (photo from a phone)"), ".heic,image/heic"),
    Kind("webp", "image/webp", _("WebP image"), ".webp,image/webp"),
    Kind(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _("Word document (.docx)"),
        ".docx",
    ),
    Kind("odt", "application/vnd.oasis.opendocument.text", _("OpenDocument text (.odt)"), ".odt"),
    Kind(
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _("Excel workbook (.xlsx)"),
        ".xlsx",
    ),
    Kind(
        "ods",
        "application/vnd.oasis.opendocument.spreadsheet",
        _("OpenDocument spreadsheet (.ods)"),
        ".ods",
    ),
]
KINDS: dict[str, Kind] = {k.name: k for k in _KINDS}
_BY_MIME = {k.mime: k.name for k in _KINDS}
# What filetype calls a program or an installer: named as such when refused.
PROGRAMS = {"exe", "elf", "macho", "script", "wasm", "deb", "rpm", "crx", "cab", "swf", "nes"}


@dataclass(frozen=True)
class Sniffed:
    kind: str | None  # one of KINDS, or None
    detected: str | None  # what filetype saw (an extension such as "zip" or "elf"), if anything

    @property
    def is_program(self) -> bool:
        return self.detected in PROGRAMS


def sniff(head: bytes) -> Sniffed:
    """The kind of a file from its first bytes (SNIFF_BYTES of them are enough)."""
    if head[:4] in (
        b"\xfe\xed\xfa\xce",
        b"\xfe\xed\xfa\xcf",
        b"\xce\xfa\xed\xfe",
        b"\xcf\xfa\xed\xfe",
    ):
        return Sniffed(None, "macho")  # a macOS program; filetype does not know it
    if head[:2] == b"#!":
        return Sniffed(None, "script")  # a script that names its interpreter: a program too
    guess = filetype.guess(head)
    if guess is None:
        return Sniffed(None, None)
    return Sniffed(_BY_MIME.get(guess.mime), guess.extension)


def accept_attribute(kinds: tuple[str, ...]) -> str:
    return ",".join(KINDS[k].accept for k in kinds if k in KINDS)
