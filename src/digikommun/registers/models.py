"""What was looked up for a draft, and where each prefillable fact of a case came from.

Registers sit below the portal and cases, so these rows name the draft by its key and the
case by its id rather than by foreign keys to models above.
"""

from __future__ import annotations

from django.db import models


class Lookup(models.Model):
    """One look-up for one field of a draft: what the register answered, and when."""

    class Status(models.TextChoices):
        FOUND = "found"
        NOT_FOUND = "not_found"
        FAILED = "failed"  # the register did not answer

    draft_key = models.UUIDField(db_index=True)
    field_id = models.CharField(max_length=100)
    register = models.CharField(max_length=40)
    fact = models.CharField(max_length=60)
    key = models.CharField(max_length=40)  # what was looked up: a personnummer, a plate
    status = models.CharField(max_length=20, choices=Status.choices)
    value = models.JSONField(null=True, blank=True)  # the answer the register gave
    filled = models.BooleanField(default=False)  # put into the form as the answer
    looked_up_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["draft_key", "field_id"], name="one_lookup_per_field")
        ]

    def __str__(self) -> str:
        return f"{self.register}.{self.fact} for {self.field_id}: {self.status}"


class FactSource(models.Model):
    """Where one prefillable fact of a case came from, recorded when the case was sent."""

    class Source(models.TextChoices):
        REGISTER = "register"
        APPLICANT = "applicant"

    class Status(models.TextChoices):
        CONFIRMED = "confirmed"  # the register's answer, left as it was
        CORRECTED = "corrected"  # the register's answer, changed by the applicant
        FAILED = "failed"  # the register did not answer: the applicant filled it in
        NOT_FOUND = "not_found"  # the register had nothing: the applicant filled it in
        TYPED = "typed"  # never looked up (no register configured, no key)

    case_id = models.PositiveBigIntegerField(db_index=True)
    field_id = models.CharField(max_length=100)
    register = models.CharField(max_length=40)
    fact = models.CharField(max_length=60)
    source = models.CharField(max_length=20, choices=Source.choices)
    status = models.CharField(max_length=20, choices=Status.choices)
    looked_up_at = models.DateTimeField(null=True, blank=True)
    register_value = models.JSONField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case_id", "field_id"], name="one_source_per_fact")
        ]

    def __str__(self) -> str:
        return f"case {self.case_id} {self.field_id}: {self.source} ({self.status})"
