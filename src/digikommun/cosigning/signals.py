"""What the co-signing app announces, for the apps above it to act on.

- `cosigning_done` (case_id): the last person named confirmed the application, and the case
  goes on to be decided; sent inside the transaction that records the confirmation.
"""

from __future__ import annotations

from django.dispatch import Signal

cosigning_done = Signal()
