"""Reads of the files app: a case's files, a draft's files, and access to one file."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import QuerySet

from .models import StoredFile

# Who besides the owner may see a case's files is for the cases app to say: it registers its
# check (user, case_id) -> bool here in its AppConfig.ready, so files imports nothing of cases.
_case_access: list[Callable[[Any, int], bool]] = []


def case_access_register(check: Callable[[Any, int], bool]) -> None:
    if check not in _case_access:
        _case_access.append(check)


def files_for_case(*, case_id: int) -> QuerySet[StoredFile]:
    return StoredFile.objects.filter(case_id=case_id)


def files_for_draft(*, draft_key: uuid.UUID) -> QuerySet[StoredFile]:
    return StoredFile.objects.filter(draft_key=draft_key)


def files_for_owner(*, owner) -> QuerySet[StoredFile]:
    return StoredFile.objects.filter(owner=owner)


def files_by_key(*, keys: Iterable[str]) -> dict[str, StoredFile]:
    valid = []
    for k in keys:
        try:
            valid.append(uuid.UUID(str(k)))
        except ValueError:
            continue
    return {str(f.key): f for f in StoredFile.objects.filter(key__in=valid)}


def can_view(*, user, stored: StoredFile) -> bool:
    """The owner may see a file; so may a caseworker of the case's service, and staff given
    the files.view_storedfile permission."""
    if not user.is_authenticated:
        return False
    if stored.owner_id == user.pk or user.has_perm("files.view_storedfile"):
        return True
    if stored.case_id:
        return any(check(user, stored.case_id) for check in _case_access)
    return False


def file_for_viewer(*, user, key: uuid.UUID) -> StoredFile | None:
    stored = StoredFile.objects.filter(key=key).first()
    if stored is None or not can_view(user=user, stored=stored):
        return None
    return stored
