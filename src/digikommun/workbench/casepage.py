"""What the caseworker's case page shows: answers, the rules' trace, timeline, notes, actions."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from digikommun.cases.handling import DECIDABLE, may_handle
from digikommun.cases.models import Case, Decision
from digikommun.cases.workflow import Status
from digikommun.catalog.selectors import definition_for
from digikommun.files.selectors import files_by_key, files_for_case
from digikommun.forms.display import step_answers
from digikommun.letters.selectors import letters_for_case

_MESSAGES = {
    ("motivation", "required"): gettext_noop(
        "Write the reasons for the decision: the rules applied and the facts that decided it."
    ),
    ("override_reason", "required"): gettext_noop(
        "You decide otherwise than the rules recommended: write why."
    ),
    ("outcome", "choose"): gettext_noop("Choose the decision."),
    ("amount", "number"): gettext_noop("Enter the amount in kronor, for example 4 500."),
    ("amount", "negative"): gettext_noop("The amount cannot be negative."),
    ("text", "empty"): gettext_noop("Write what the applicant needs to complete."),
    ("days", "range"): gettext_noop("Give a number of days between 1 and 365."),
    ("note", "empty"): gettext_noop("Write the note."),
    ("message", "empty"): gettext_noop("Write the message."),
    ("return_reason", "required"): gettext_noop("Write why you return the decision."),
    ("approve", "same_person"): gettext_noop(
        "A second caseworker must approve: you proposed this decision yourself."
    ),
}


# Any text field past the storage limits (cases.handling.checked_text).
_ANY_FIELD = {
    "too_long": gettext_noop("The text is too long to be saved. Shorten it."),
    "nul": gettext_noop("The text contains a character that cannot be saved (NUL). Remove it."),
}


def error_text(field: str, code: str) -> str:
    fallback = _ANY_FIELD.get(code, gettext_noop("Check this field."))
    return _(_MESSAGES.get((field, code), fallback))


def case_context(request: HttpRequest, case: Case, *, posted=None, errors=None) -> dict:
    definition = definition_for(case.service_version)
    lang = (get_language() or "sv")[:2]
    attachments = list(files_for_case(case_id=case.pk))
    answers = step_answers(
        definition.steps,
        case.answers,
        lang,
        files_by_key(keys=[str(f.key) for f in attachments]),
    )
    _label_files(attachments, definition, case, lang)
    recommendation = case.recommendation or {}
    proposal = case.proposals.filter(resolved_at__isnull=True).last()
    decision = case.decision  # the decision in force (a changed one replaces the first)
    can_act = may_handle(request.user, case)
    is_fault = definition.fault_reporting is not None
    return {
        "case": case,
        "service": definition,
        "answers": answers,
        "attachments": attachments,
        "letters": letters_for_case(case_id=case.pk),
        "recommendation": recommendation,
        "explanation": (recommendation.get("explanation") or {}).get(lang, []),
        # Why the rules made no automated decision (a period not loaded, example values).
        "rules_notice": (recommendation.get("notice") or {}).get(lang, ""),
        "trace": recommendation.get("trace") or (decision.trace if decision else None),
        "events": case.events.select_related("actor"),
        "notes": case.notes.select_related("author"),
        "case_messages": case.messages.select_related("sender"),
        "completions": _completions(case, attachments),
        "posted_documents": (posted or {}).getlist("documents") if posted else [],
        "proposal": proposal,
        "decision": decision,
        "outcomes": [c for c in Decision.Outcome.choices if c[0] in DECIDABLE],
        "can_assign": can_act
        and case.assignee_id != request.user.pk
        and case.status in (Status.IN_REVIEW, Status.AWAITING_COMPLETION),
        # A fault report is not decided: it has its own states and page (open311/handle.py).
        "can_decide": can_act and case.status == Status.IN_REVIEW and not is_fault,
        "can_request_completion": can_act and case.status == Status.IN_REVIEW and not is_fault,
        "can_resolve": can_act
        and proposal is not None
        and proposal.proposed_by_id != request.user.pk,
        "four_eyes": definition.process.four_eyes,
        "completion_days": definition.process.completion_days,
        "posted": posted or {},
        "errors": errors or {},
    }


def _label_files(files, definition, case: Case, lang: str) -> None:
    """Name each file by what it answers: a form field, or a document a request asked for."""
    labels = {f.id: f.label for f in definition.fields()}
    for request in case.completion_requests.all():
        for doc in request.documents or []:
            labels[f"completion-{request.pk}-{doc.get('id')}"] = doc.get("label") or {}
    for f in files:
        label = labels.get(f.field_id) or {}
        f.label = label.get(lang) or label.get("sv") or f.field_id


def _completions(case: Case, files) -> list:
    requests = list(case.completion_requests.all())
    for request in requests:
        prefix = f"completion-{request.pk}-"
        request.files = [f for f in files if f.field_id.startswith(prefix)]
    return requests


def requested_documents(definition, ids: list[str], other: str) -> list[dict]:
    """The documents a request for completion names: the service's, and one named freely."""
    chosen = [
        {"id": d.id, "label": dict(d.label)} for d in definition.documents if d.id in set(ids)
    ]
    other = other.strip()[:120]
    if other:
        chosen.append({"id": "other", "label": {"sv": other, "en": other}})
    return chosen
