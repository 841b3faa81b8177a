"""The audit log: who read or changed which case, and when. Append-only and hash-chained.

Each entry's hash covers its own content and the hash of the entry before it, so changing,
removing or reordering any entry breaks the chain from that entry on (`audit_verify` finds
where). The models refuse updates and deletes; on PostgreSQL a trigger refuses them in the
database too (migration 0002). `Head` is one row holding the last seq and hash: appends lock
it, so concurrent appends queue up and keep a single chain.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

GENESIS_HASH = "0" * 64
# An entry's stored fields in the order the chain and its export read them.
ENTRY_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_label",
    "action",
    "case_id",
    "detail",
    "reason",
    "prev_hash",
    "hash",
)


class AppendOnly(Exception):
    """The audit log is only ever appended to."""


class EntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("audit entries cannot be changed")

    def delete(self):
        raise AppendOnly("audit entries cannot be deleted")

    # bulk_update goes through update(); bulk_create is refused too, since it would bypass the
    # chain (appends go through audit.services.audit_log).
    def bulk_create(self, *args, **kwargs):
        raise AppendOnly("audit entries are appended one by one through audit_log")


class Entry(models.Model):
    seq = models.PositiveBigIntegerField(unique=True)  # 1, 2, 3 … without gaps
    at = models.DateTimeField()
    # Who acted; null is the system. Not a real foreign key: removing a user must not change
    # (or block) the log, and the label below keeps the name.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField(max_length=200)
    action = models.CharField(max_length=60)  # "case.read", "case.decide", "letter.read" …
    # The case's id, not a foreign key: entries outlive the case's retention (gallring).
    case_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    detail = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)  # why, where the person was asked
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        verbose_name_plural = "entries"
        indexes = [models.Index(fields=["actor", "seq"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("audit entries cannot be deleted")


class Head(models.Model):
    """The end of the chain: one row (pk 1), locked by every append."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return f"audit head #{self.seq}"
