"""Decision letters (beslutsbrev) as stored PDF/A files, one per decision and language."""

from __future__ import annotations

from django.db import models


def letter_path(letter: Letter, filename: str) -> str:
    # Under MEDIA_ROOT, which is outside the web root: files are served only by a view that
    # checks who asks. No personal data in the path, only the diary number's parts.
    case = letter.case
    return f"letters/{case.year}/{case.register}-{case.year}-{case.sequence:05d}-{filename}"


class Letter(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="letters")
    decision = models.ForeignKey("cases.Decision", on_delete=models.CASCADE, related_name="letters")
    language = models.CharField(max_length=5)
    pdf = models.FileField(upload_to=letter_path, max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    # Which template made it: "default", or "service" for a definition's letters/decision.html.
    template = models.CharField(max_length=20, default="default")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "language"], name="letter_one_per_decision_language"
            )
        ]
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.language} {self.sha256[:10]}"
