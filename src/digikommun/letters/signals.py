"""What the letters app announces, for the apps above it to act on.

- `letter_created` (letter_id, case_id): a decision letter was made and recorded; sent inside
  the transaction that records it, so a receiver that writes shares that transaction. Sent
  once per letter: a second call for the same letter finds it and announces nothing.
"""

from __future__ import annotations

from django.dispatch import Signal

letter_created = Signal()
