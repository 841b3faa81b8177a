"""Co-signatures: a person the application names confirms it with their own e-ID."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CoSignature(models.Model):
    """One named person's confirmation of one case: asked, then signed, declined or expired.

    The person is found by personnummer when they log in (they need not have logged in
    before); `signer` is the account that answered.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        SIGNED = "signed", _("Confirmed")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("No answer in time")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="cosignatures")
    personnummer = models.CharField(max_length=12, db_index=True)
    role = models.CharField(max_length=20)  # digikommun.cosigning.schema.ROLES
    field_id = models.CharField(max_length=80)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    deadline = models.DateTimeField()
    asked_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(blank=True)  # why they declined, if they said

    class Meta:
        ordering = ["asked_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "personnummer"], name="cosignature_once")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.role} {self.status}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING
