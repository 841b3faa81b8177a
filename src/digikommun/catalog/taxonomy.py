"""Life situations (livssituationer): how the catalog groups services for residents.

A shared vocabulary, so that every service's "Barn och familj" is the same heading; a
definition lists the keys of the situations it belongs to.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

LIFE_SITUATIONS: dict[str, object] = {
    "family": _("Children and family"),
    "money": _("Money and support"),
    "housing": _("Housing and building"),
    "transport": _("Streets, transport and parking"),
    "work": _("Work and business"),
    "school": _("School and education"),
    "care": _("Care and health"),
    "environment": _("Environment and waste"),
    "leisure": _("Culture and leisure"),
}
