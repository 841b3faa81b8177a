"""What the cases app announces, for the apps above it to act on.

Cases imports none of process, letters, notify or workbench: those apps connect their
receivers in their `AppConfig.ready`. Each signal is sent with `sender` the model class.

- `case_notice` (case_id, event, ref): something the applicant may be told of happened; sent
  inside the transaction that records it, so a receiver that writes shares that transaction.
- `case_submitted` (case_id): a case was registered; sent once the submitting transaction
  has committed.
- `decision_made` (decision_id, replaces_id): a decision was recorded (by the rules, a
  caseworker, two caseworkers, the API or a reconsideration that changed the decision in
  force, which it then `replaces`); sent inside the transaction that records it, so a
  receiver that writes (webhooks record their deliveries) keeps its rows with the decision
  or not at all. Sent through `services.decision_announce`, once per decision.
- `decision_recorded` (decision_id): a decision was recorded; sent after commit (not for a
  reconsideration's new decision, whose work after the decision appeals starts itself).
- `completion_requested` (request): a caseworker asked for completion; sent inside the
  transaction, so the timers a receiver sets are kept with the request or not at all.
"""

from __future__ import annotations

from django.dispatch import Signal

case_notice = Signal()
case_submitted = Signal()
decision_made = Signal()
decision_recorded = Signal()
completion_requested = Signal()
