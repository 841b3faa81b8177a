"""Writes of the files app: receive uploads (judged by content), attach, remove, purge.

`files_receive` is the one door for every upload: an application's file field today, an
answer to a request for completion later. Each refused file gets its own message naming it;
the files that pass are stored even when others are refused, so nothing is lost.
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import StoredFile
from .sniff import KINDS, SNIFF_BYTES, sniff

MB = 1024 * 1024
NAME_MAX = 200  # StoredFile.name's length


def storage() -> FileSystemStorage:
    """Private storage under MEDIA_ROOT/uploads: never served by the web server directly.
    A write that fails (a full disk) leaves no partial file and raises StorageFull."""
    from digikommun.limits.storage import CleanFileSystemStorage

    return CleanFileSystemStorage(
        location=os.path.join(settings.MEDIA_ROOT, "uploads"), base_url=None
    )


@dataclass(frozen=True)
class UploadRules:
    kinds: tuple[str, ...] = ("pdf", "jpeg", "png")
    max_bytes: int = 10 * MB
    max_files: int = 5


@dataclass(frozen=True)
class Refusal:
    name: str
    message: str

    def __str__(self) -> str:
        return f"{self.name}: {self.message}"


@dataclass
class Received:
    stored: list[StoredFile] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)


def kinds_text(kinds: Iterable[str]) -> str:
    labels = [str(KINDS[k].label) for k in kinds if k in KINDS]
    if len(labels) <= 1:
        return "".join(labels)
    return _("%(first)s or %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}


def size_text(size: int) -> str:
    if size >= MB:
        return _("%(n)s MB") % {"n": f"{size / MB:.1f}".replace(".", ",")}
    return _("%(n)s kB") % {"n": max(1, round(size / 1024))}


def clean_name(name: str) -> str:
    base = os.path.basename((name or "").replace("\\", "/"))
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip() or _("file")
    if len(base) <= NAME_MAX:
        return base
    # Shorten the stem, not the extension: "a very long name….pdf" stays a .pdf.
    stem, ext = os.path.splitext(base)
    if not ext or len(ext) > 16:
        return base[:NAME_MAX]
    return stem[: NAME_MAX - len(ext) - 1].rstrip() + "…" + ext


def _judge(upload, rules: UploadRules) -> tuple[str | None, str | None]:
    """The kind of an upload, or the reason it is refused."""
    if upload.size == 0:
        return None, _("the file is empty.")
    if upload.size > rules.max_bytes:
        return None, _("the file is %(size)s; the largest allowed is %(max)s.") % {
            "size": size_text(upload.size),
            "max": size_text(rules.max_bytes),
        }
    upload.seek(0)
    found = sniff(upload.read(SNIFF_BYTES))
    upload.seek(0)
    wanted = kinds_text(rules.kinds)
    if found.is_program:
        return None, _(
            "the file is a program, not a %(kinds)s. Programs cannot be sent, whatever their name."
        ) % {"kinds": wanted}
    if found.kind is None or found.kind not in rules.kinds:
        return None, _(
            "the content of the file is not a %(kinds)s (what a file is, is judged by its "
            "content, not its name)."
        ) % {"kinds": wanted}
    return found.kind, None


@transaction.atomic
def files_receive(
    *,
    owner,
    uploads: Iterable,
    rules: UploadRules,
    already: int = 0,
    too_large: Iterable[str] = (),
    draft_key: uuid.UUID | None = None,
    field_id: str = "",
    case_id: int | None = None,
    stored: list | None = None,
) -> Received:
    """Store the uploads that pass, refuse the others with a message each.

    `stored`, if given, gets each file as it is stored, so a caller can remove the bytes
    written before a later upload failed (a full disk) and the call raised.

    `already` is how many files the field holds before these; `too_large` names files the
    upload handler stopped reading because they passed the size limit.
    """
    result = Received()
    for name in too_large:
        result.refused.append(
            Refusal(
                clean_name(name),
                _("the file is larger than %(max)s, the largest allowed.")
                % {"max": size_text(rules.max_bytes)},
            )
        )
    count = already
    for upload in uploads:
        name = clean_name(upload.name)
        if count >= rules.max_files:
            result.refused.append(
                Refusal(name, _("you can attach at most %(n)d files.") % {"n": rules.max_files})
            )
            continue
        kind, problem = _judge(upload, rules)
        if problem is not None:
            result.refused.append(Refusal(name, problem))
            continue
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        key = uuid.uuid4()
        blob = storage().save(f"{timezone.now():%Y/%m}/{key.hex}", upload)
        result.stored.append(
            StoredFile.objects.create(
                key=key,
                owner=owner,
                name=name,
                kind=kind,
                content_type=KINDS[kind].mime,
                size=upload.size,
                sha256=digest.hexdigest(),
                blob=blob,
                draft_key=draft_key,
                field_id=field_id,
                case_id=case_id,
            )
        )
        if stored is not None:
            stored.append(result.stored[-1])
        count += 1
    return result


def file_remove(*, owner, key: uuid.UUID | str, draft_key: uuid.UUID | None = None) -> bool:
    """Remove a file its owner uploaded to a draft (files of a sent case stay)."""
    stored = StoredFile.objects.filter(
        owner=owner, key=key, case_id__isnull=True, draft_key=draft_key
    ).first()
    if stored is None:
        return False
    _delete(stored)
    return True


def files_attach_to_case(*, draft_key: uuid.UUID, case_id: int, keys: Iterable[str]) -> int:
    """Give the case the draft's files the application names; drop the draft's others."""
    wanted = {str(k) for k in keys}
    attached = 0
    for stored in StoredFile.objects.filter(draft_key=draft_key, case_id__isnull=True):
        if str(stored.key) in wanted:
            stored.case_id = case_id
            stored.save(update_fields=["case_id"])
            attached += 1
        else:
            _delete(stored)
    return attached


def files_delete_for_draft(*, draft_key: uuid.UUID) -> int:
    """The unsent draft's files. A row a concurrent send gave to the case meanwhile stays:
    each delete is filtered on the row still having no case."""
    removed = 0
    for stored in StoredFile.objects.filter(draft_key=draft_key, case_id__isnull=True):
        deleted, _rows = StoredFile.objects.filter(pk=stored.pk, case_id__isnull=True).delete()
        if deleted:
            _delete_blob_on_commit(stored.blob)
            removed += 1
    return removed


def files_delete_for_case(*, case_id: int) -> int:
    """For the retention job (gallring): the case's files and their bytes."""
    removed = 0
    for stored in StoredFile.objects.filter(case_id=case_id):
        _delete(stored)
        removed += 1
    return removed


def _delete(stored: StoredFile) -> None:
    blob = stored.blob
    stored.delete()
    _delete_blob_on_commit(blob)


def _delete_blob_on_commit(blob: str) -> None:
    transaction.on_commit(lambda: storage().delete(blob))


__all__ = [
    "MB",
    "Received",
    "Refusal",
    "UploadRules",
    "file_remove",
    "files_attach_to_case",
    "files_delete_for_case",
    "files_delete_for_draft",
    "files_receive",
]
