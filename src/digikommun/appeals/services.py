"""The appeals app's public door for writes: reconsideration (omprövning) and appeals.

The work is done in `reconsidering` (förvaltningslagen 37–39 §§) and `appealing` (43–46 §§);
other apps and the views import from here.
"""

from __future__ import annotations

from ._common import InvalidInput, NotAllowed, Stale
from .appealing import (
    appeal_accept,
    appeal_lodge,
    appeal_record_judgment,
    appeal_reject_late,
    timeliness,
)
from .reconsidering import (
    is_detriment,
    reconsideration_request,
    reconsideration_resolve,
    reconsideration_start,
)

__all__ = [
    "InvalidInput",
    "NotAllowed",
    "Stale",
    "appeal_accept",
    "appeal_lodge",
    "appeal_record_judgment",
    "appeal_reject_late",
    "is_detriment",
    "reconsideration_request",
    "reconsideration_resolve",
    "reconsideration_start",
    "timeliness",
]
