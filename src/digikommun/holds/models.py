"""Claims on a household's period: one grant per household and month.

A case of a service with a period (a month of financial assistance) claims that period for
each person in its household — the applicant and, for two adults, the partner. The unique
key (service, period, person) makes two claims on the same household-month impossible, even
when two applications are decided at the same moment on different workers: the second
insert waits for the first transaction and then fails, and its case is held for a person.
"""

from __future__ import annotations

from django.db import models


class PeriodClaim(models.Model):
    service_id = models.SlugField(max_length=80)
    period = models.DateField()  # the first day of the month covered
    personnummer = models.CharField(max_length=12)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    claimed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["service_id", "period", "personnummer"], name="period_claim_unique"
            )
        ]
        indexes = [models.Index(fields=["case"])]

    def __str__(self) -> str:
        return f"{self.service_id} {self.period:%Y-%m}: case {self.case_id}"
