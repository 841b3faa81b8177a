"""What the courses announce, for the parts above them to act on (lending ends the tablet
request a cancelled booking had). Sent inside the transaction that made the change, so what a
receiver does commits, or rolls back, with it."""

from __future__ import annotations

from django.dispatch import Signal

# A booking was cancelled: booking_id.
booking_cancelled = Signal()
