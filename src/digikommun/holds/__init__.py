"""Holds: why a case the rules could decide goes to a person instead.

- The delegation: an automated decision needs the committee's delegation order (kommunallagen
  6 kap. 37 §). Without one, or — where production settings say so — with one marked `example`,
  the case goes to a caseworker.
- A possible repeat: a second application for the same household and period (a month of
  financial assistance) while another is granted or still open (see `claims`).

The process engine asks `services.automation_holds` before it records an automated decision;
the caseworker's case page shows the holds with `{% case_holds case %}`.
"""
