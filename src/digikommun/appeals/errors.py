"""The sentences shown for the error codes the services raise (translated)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

_MESSAGES = {
    ("reason", "required"): gettext_noop("Write why you want a person to look at the decision."),
    ("reason", "too_long"): gettext_noop("Write at most 4,000 characters."),
    ("decision", "not_automated"): gettext_noop(
        "Only an automated decision can be sent to a person this way. Write to the caseworker, "
        "or appeal the decision."
    ),
    ("decision", "none"): gettext_noop("There is no decision to appeal yet."),
    ("change_wanted", "required"): gettext_noop("Write what you want changed in the decision."),
    ("change_wanted", "too_long"): gettext_noop("Write at most 4,000 characters."),
    ("grounds", "required"): gettext_noop("Write why the decision should be changed."),
    ("grounds", "too_long"): gettext_noop("Write at most 4,000 characters."),
    ("motivation", "required"): gettext_noop(
        "Write the reasons: what you reconsidered and why the decision stands or changes."
    ),
    ("motivation", "too_long"): gettext_noop("Write at most 4,000 characters."),
    ("outcome", "choose"): gettext_noop("Choose the new decision."),
    ("outcome", "unchanged"): gettext_noop(
        "The new decision is the same as the old one: confirm the decision instead."
    ),
    ("amount", "number"): gettext_noop("Enter the amount in kronor, for example 4 500."),
    ("amount", "negative"): gettext_noop("The amount cannot be negative."),
    ("detriment_ground", "required"): gettext_noop(
        "The change is to the applicant's detriment. That is allowed only on one of the grounds "
        "in förvaltningslagen 38 §: choose the ground, or change the decision otherwise."
    ),
    ("received_on", "date"): gettext_noop(
        "Enter the date the applicant received the decision, as YYYY-MM-DD."
    ),
    ("received_on", "after_appeal"): gettext_noop(
        "The decision cannot have been received after the appeal came in."
    ),
    ("received_on", "on_time"): gettext_noop(
        "The appeal came in on time: it cannot be rejected as late."
    ),
    ("late_exception", "required"): gettext_noop(
        "The appeal came in too late. Reject it, or choose the exception in förvaltningslagen "
        "45 § that applies."
    ),
    ("late_note", "required"): gettext_noop("Write what shows that the exception applies."),
    ("late_note", "too_long"): gettext_noop("Write at most 4,000 characters."),
    ("reasons", "required"): gettext_noop("Write the reasons for rejecting the appeal."),
    ("reasons", "too_long"): gettext_noop("Write at most 4,000 characters."),
    ("judgment", "choose"): gettext_noop("Choose what the court decided."),
    ("judgment_text", "required"): gettext_noop("Write the court's judgment in short."),
    ("judgment_text", "too_long"): gettext_noop("Write at most 4,000 characters."),
    ("judged_on", "date"): gettext_noop("Enter the date of the judgment, as YYYY-MM-DD."),
    ("judged_on", "range"): gettext_noop(
        "The judgment's date must be between the day the appeal was sent and today."
    ),
}


def error_texts(errors: dict[str, str]) -> dict[str, str]:
    return {
        field: _(_MESSAGES.get((field, code), gettext_noop("Check this field.")))
        for field, code in errors.items()
    }
