"""What caseworkers do with a fault report, and what Open311 clients add to one.

A caseworker moves a report through its own transition table (workflow.py): in progress,
done, not the municipality's, or merged as a duplicate; writes public notes and an expected
date; approves the photo; and publishes the description (the reporter's words once cleared,
or a caseworker's wording of them). Each change locks the report, checks the person may
handle the case, is written to the audit log, and queues its emails in the same transaction
(the task queue shares the database), so an update is told to each follower once.

An Open311 client's update (`POST servicerequestupdates`) is kept for the caseworkers: it
changes no state and is not published, since it is someone's own words.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from digikommun.audit.services import audit_log
from digikommun.cases import services as case_services
from digikommun.cases.handling import may_handle
from digikommun.cases.models import Case, CaseEvent
from digikommun.cases.workflow import Actor as CaseActor
from digikommun.cases.workflow import Status, check_transition
from digikommun.common.repeats import sent_moments_ago

from . import signals, workflow
from .models import Follower, FollowerEmail, Report, ReportUpdate
from .text import clean_text
from .workflow import State


class NotAllowed(Exception):
    pass


class InvalidUpdate(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def _locked(report_id: int, user) -> tuple[Report, Case]:
    report = Report.objects.select_for_update().get(pk=report_id)
    case = Case.objects.select_for_update().get(pk=report.case_id)
    if not may_handle(user, case):
        raise NotAllowed
    return report, case


def _close_case(case: Case, user) -> None:
    if case.status == Status.RECEIVED:  # the process has not run yet: it would only do this
        case_services.case_send_to_review(case=case, recommendation=None)
    check_transition(case.status, Status.CLOSED, CaseActor.CASEWORKER)
    case.status = Status.CLOSED
    case.version = F("version") + 1
    case.save(update_fields=["status", "version", "updated_at"])
    case.refresh_from_db(fields=["version"])
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.CLOSED, actor=user)


def _record(
    report: Report, case: Case, user, state: str, notes: str, expected_at, *, actor: str
) -> ReportUpdate:
    changed = state != report.state
    if changed:
        workflow.check_transition(report.state, state, actor)
        if not workflow.is_open(state):
            _close_case(case, user)
            expected_at = None  # a report that is dealt with expects nothing more
    report.state = state
    report.status = workflow.OPEN311_STATUS[state]
    if notes:
        report.status_notes = notes
    report.expected_at = expected_at
    report.updated_at = timezone.now()
    report.save(update_fields=["state", "status", "status_notes", "expected_at", "updated_at"])
    update = ReportUpdate.objects.create(
        report=report,
        status=report.status,
        state=state,
        notes=notes,
        expected_at=expected_at,
        by=user,
    )
    _tell_followers(report, update)
    if changed:
        signals.report_state_changed.send(
            sender=Report,
            report_id=report.pk,
            update_id=update.pk,
            case_id=report.case_id,
            state=state,
            status=report.status,
        )
    return update


def _tell_followers(report: Report, update: ReportUpdate) -> None:
    from digikommun.notify.services import notify_case_event

    from .tasks import send_follower_email

    for follower in report.followers.filter(confirmed_at__isnull=False):
        email, created = FollowerEmail.objects.get_or_create(follower=follower, update=update)
        if created:
            send_follower_email.enqueue(email.pk)
    # Logged-in reporters of this report, and of the reports merged into it, hear through
    # their own notification settings (Mina sidor).
    case_ids = [report.case_id, *report.duplicates.values_list("case_id", flat=True)]
    for case_id in Case.objects.filter(pk__in=case_ids, applicant__isnull=False).values_list(
        "pk", flat=True
    ):
        notify_case_event(case_id=case_id, event="status_changed", ref=str(update.pk))


LEGACY_STATUS = {"closed": State.DONE}


@transaction.atomic
def report_update(
    *,
    report_id: int,
    user,
    state: str = "",
    status: str = "",
    notes: str = "",
    expected_at: datetime.datetime | None = None,
) -> ReportUpdate:
    """A caseworker sets the state, the public notes and the expected date of a report.

    `status` (open|closed) is Open311's word: closed means done, open keeps the state.
    """
    report, case = _locked(report_id, user)
    notes = clean_text(notes).strip()
    target = state or LEGACY_STATUS.get(status) or (report.state if status == "open" else "")
    repeat = _repeat_of_last(report, user, target, notes, expected_at)
    if repeat is not None:
        return repeat  # the same form sent again (a double click): published once
    if target not in State.values:
        raise InvalidUpdate("state", _("Choose what has happened to the report."))
    if target != report.state and target not in workflow.allowed_targets(
        report.state, workflow.Actor.CASEWORKER
    ):
        if not workflow.is_open(report.state):
            raise InvalidUpdate(
                "state", _("A report that is dealt with cannot be opened again; make a new one.")
            )
        raise InvalidUpdate("state", _("That change is not possible for this report."))
    if target == report.state and not notes and expected_at == report.expected_at:
        raise InvalidUpdate("notes", _("Nothing changed: write a note, or change the status."))
    if len(notes) > 2000:
        raise InvalidUpdate("notes", _("Write at most 2,000 characters."))
    update = _record(
        report, case, user, target, notes, expected_at, actor=workflow.Actor.CASEWORKER
    )
    audit_log(
        actor=user,
        action="report.update",
        case_id=case.pk,
        detail={"state": target, "status": report.status},
    )
    return update


def _repeat_of_last(report: Report, user, state: str, notes: str, expected_at):
    """The report's last update, when it is this very update by the same caseworker, made
    moments ago: the form sent twice. Followers are then told once, not twice."""
    last = report.updates.order_by("-at", "-pk").first()
    if (
        last is not None
        and last.source == ReportUpdate.Source.CASEWORKER
        and last.by_id == getattr(user, "pk", None)
        and (last.state, last.notes) == (state, notes)
        and last.expected_at == (expected_at if workflow.is_open(state) else None)
        and sent_moments_ago(last.at)
    ):
        return last
    return None


@transaction.atomic
def report_describe(*, report_id: int, user, text: str) -> Report:
    """Publish the description: the reporter's words once cleared, or a caseworker's wording.

    An empty text withdraws it. Open311 gives the published text as `description`.
    """
    report, case = _locked(report_id, user)
    text = clean_text(text).strip()
    if len(text) > 4000:
        raise InvalidUpdate("public_description", _("Write at most 4,000 characters."))
    if text != report.public_description:
        report.public_description = text
        report.updated_at = timezone.now()
        report.save(update_fields=["public_description", "updated_at"])
        audit_log(
            actor=user,
            action="report.describe",
            case_id=case.pk,
            detail={"published": bool(text), "as_reported": text == report.description},
        )
    return report


@transaction.atomic
def photo_approve(*, report_id: int, user, approved: bool) -> Report:
    """Publish a report's photo (checked for faces and number plates), or withdraw it."""
    report, case = _locked(report_id, user)
    if report.photo_approved != approved:
        report.photo_approved = approved
        report.updated_at = timezone.now()
        report.save(update_fields=["photo_approved", "updated_at"])
        audit_log(actor=user, action="report.photo", case_id=case.pk, detail={"approved": approved})
    return report


@transaction.atomic
def report_merge(*, report_id: int, into_public_id: str, user) -> Report:
    """Merge a duplicate into another report: its followers follow the other; it is closed."""
    report, case = _locked(report_id, user)
    wanted = into_public_id.strip().replace(" ", "-").replace("/", "-")
    target = Report.objects.select_for_update().filter(public_id=wanted).first()
    if target is None or target.service_id != report.service_id:
        raise InvalidUpdate("into", _("There is no report with that number in this service."))
    while target.merged_into_id:
        target = target.merged_into
    if target.pk == report.pk:
        raise InvalidUpdate("into", _("A report cannot be merged with itself."))
    if report.merged_into_id:
        raise InvalidUpdate("into", _("This report is already merged with another."))
    if not may_handle(user, target.case):
        raise NotAllowed
    for follower in report.followers.all():
        Follower.objects.get_or_create(
            report=target,
            email=follower.email,
            defaults={"language": follower.language, "confirmed_at": follower.confirmed_at},
        )
    report.duplicates.update(merged_into=target)
    report.merged_into = target
    report.save(update_fields=["merged_into"])
    notes = _("Reported already as %(id)s. Follow that report for news.") % {"id": target.number}
    if workflow.is_open(report.state):
        _record(report, case, user, State.DUPLICATE, notes, None, actor=workflow.Actor.SYSTEM)
    audit_log(actor=user, action="report.merge", case_id=case.pk, detail={"into": target.public_id})
    return target


@transaction.atomic
def report_client_update(
    *, report: Report, api_key, description: str, requested_status: str = ""
) -> ReportUpdate:
    """An Open311 client's update: kept for the caseworkers, unpublished, no state change."""
    text = clean_text(description).strip()
    if not text:
        raise InvalidUpdate("description", _("description is missing: write what the update is."))
    if len(text) > 4000:
        raise InvalidUpdate("description", _("description may be at most 4,000 characters."))
    report = Report.objects.select_for_update().get(pk=report.pk)
    update = ReportUpdate.objects.create(
        report=report,
        status=report.status,
        state=report.state,
        notes=text,
        source=ReportUpdate.Source.CLIENT,
        requested_status=clean_text(requested_status).strip()[:40],
        api_key=api_key,
    )
    return update
