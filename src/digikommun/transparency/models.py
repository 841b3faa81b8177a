"""The one-question satisfaction survey after a decision ("How easy was it?", 1–5).

An answer names neither the person nor the case: `decision_key` is a keyed hash of the
decision (one answer per decision), and the service and month are kept for the figures.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class SurveyAnswer(models.Model):
    decision_key = models.CharField(max_length=64, unique=True)
    service_id = models.SlugField(max_length=80)
    month = models.CharField(max_length=7)  # YYYY-MM of the decision
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(blank=True)
    answered_on = models.DateField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["service_id", "month"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="survey_score_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_id} {self.month}: {self.score}"
