"""What the fault-reporting app announces, for the apps above it to act on.

- `report_state_changed` (report_id, update_id, case_id, state, status): a caseworker moved a
  fault report to another state; sent inside the transaction that records it.
"""

from __future__ import annotations

from django.dispatch import Signal

report_state_changed = Signal()
