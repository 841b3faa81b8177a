"""Labels for the register's codes (status, where data comes from, kinds of change)."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

LABELS = {
    "planned": _("Planned"),
    "pilot": _("Pilot"),
    "operational": _("In use"),
    "retired": _("Retired"),
    "applicant": _("Given by the applicant in the application"),
    "platform": _("Worked out by the municipality"),
    "derived": _("Worked out from the application"),
    "other": _("Other source"),
    "added": _("Added"),
    "removed": _("Removed"),
    "changed": _("Changed"),
}


@register.filter
def register_label(code: str) -> str:
    return str(LABELS.get(code, code))
