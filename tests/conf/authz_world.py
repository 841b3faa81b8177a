"""The people and things the authorisation table is checked against, made with the
project's factories and services: one of each role, and a case, draft, file, letter, fault
report, reconsideration and appeals of the resident's (real objects, so a refusal is the
authorisation's, not a missing row's), and the service owner's impact simulation.

Adding a role later (co-signer, guardian, school, teacher, pool staff): write a function
here that makes that person, add it to ROLE_MAKERS, and give the role a column in
test_authorisation.TABLE (a role missing from a row falls back to the row's "*").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from digikommun.identity.models import Role, RoleGrant, User
from digikommun.workbench.models import Membership, Team
from tests.factories import ResidentFactory

SERVICE = "ekonomiskt-bistand"
FAULTS = "felanmalan"
OTHER_SERVICE = "boendeparkering"


def _person(pnr: str, first: str, **extra) -> User:
    return ResidentFactory(personnummer=pnr, first_name=first, last_name="Prov", **extra)


def _grant(user: User, role: str, service_id: str = "") -> User:
    RoleGrant.objects.get_or_create(user=user, role=role, service_id=service_id)
    return user


def _member(user: User, slug: str) -> None:
    Membership.objects.get_or_create(team=Team.objects.get(slug=slug), user=user)


def make_resident() -> User:
    return ResidentFactory(personnummer="199001019802", first_name="Rut")


def make_other_resident() -> User:
    return _person("198202029806", "Olle")


def make_caseworker_team(world) -> User:
    user = _person("197703039803", "Tea")
    for service in (SERVICE, FAULTS):
        _grant(user, Role.CASEWORKER, service)
    _member(user, world.case.team.slug)
    _member(user, world.report.case.team.slug)
    return user


def make_caseworker_other_team(world) -> User:
    user = _person("197604049801", "Ante")
    for service, slug in ((SERVICE, "authz-other-social"), (FAULTS, "authz-other-faults")):
        _grant(user, Role.CASEWORKER, service)
        team, _ = Team.objects.get_or_create(
            slug=slug, defaults={"name": {"sv": slug, "en": slug}, "service_ids": [service]}
        )
        Membership.objects.get_or_create(team=team, user=user)
    return user


def make_caseworker_other_service(world) -> User:
    user = _grant(_person("197505059806", "Sten"), Role.CASEWORKER, OTHER_SERVICE)
    _member(user, "trafik-tillstand")
    return user


def make_service_owner(world) -> User:
    return _grant(_person("197406069802", "Siv"), Role.SERVICE_OWNER, SERVICE)


def make_auditor(world) -> User:
    return _grant(_person("197307079809", "Alf"), Role.AUDITOR)


def make_administrator(world) -> User:
    user = _grant(_person("197208089807", "Ada"), Role.ADMINISTRATOR)
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    return user


ROLE_MAKERS = {
    "anonymous": None,
    "resident": lambda world: world.resident,
    "other_resident": lambda world: make_other_resident(),
    "caseworker_team": make_caseworker_team,
    "caseworker_other_team": make_caseworker_other_team,
    "caseworker_other_service": make_caseworker_other_service,
    "service_owner": make_service_owner,
    "auditor": make_auditor,
    "administrator": make_administrator,
}


@dataclass
class World:
    resident: User
    case: object = None
    draft: object = None
    stored_file: object = None
    letter: object = None
    report: object = None
    follower: object = None
    session: object = None
    booking: object = None
    cosignature: object = None
    loan: object = None
    reconsideration: object = None
    appeal: object = None
    rejected_appeal: object = None
    simulation: object = None
    subscription: object = None
    delivery: object = None
    people: dict = field(default_factory=dict)


def make_world() -> World:
    from digikommun.files.services import UploadRules, files_receive
    from digikommun.letters.services import letter_for_decision
    from digikommun.open311.models import Follower
    from digikommun.open311.selectors import fault_service
    from digikommun.portal import services as portal_services
    from digikommun.process.steps import automated_decision
    from tests.letters.factories import BISTAND, CaseworkerDecisionFactory, submitted_case
    from tests.open311.conftest import jpeg_file, submit

    resident = make_resident()
    world = World(resident=resident)
    # A case in review, in its team's queue, with a file attached.
    case = submitted_case(SERVICE, {**BISTAND, "work_situation": "other"}, person=resident)
    automated_decision(case_id=case.pk)
    case.refresh_from_db()
    world.case = case
    world.stored_file = files_receive(
        owner=resident, uploads=[jpeg_file("kvitto.jpg")], rules=UploadRules(), case_id=case.pk
    ).stored[0]
    # The letter of a decision on the same case.
    decision = CaseworkerDecisionFactory(case=case)
    world.letter = letter_for_decision(decision_id=decision.pk)
    # A draft being filled in.
    from digikommun.catalog.selectors import current_version

    world.draft = portal_services.draft_start(applicant=resident, version=current_version(SERVICE))
    # A fault report with a photo, and someone following it.
    world.report = submit(fault_service(FAULTS), photo=jpeg_file(), user=resident)
    world.follower = Follower.objects.create(report=world.report, email="granne@example.org")
    # A course session with the resident's booking, and a co-signing request to another person.
    world.session, world.booking = _course_booking(resident)
    world.cosignature = _cosignature(world.case)
    world.loan = _loan(resident)
    # A reconsideration of the decision, an appeal of it with its court file, and an earlier
    # appeal rejected as late with its letter: all of the resident's, in the team's service.
    world.reconsideration, world.appeal, world.rejected_appeal = _appeals(decision, resident)
    for role, maker in ROLE_MAKERS.items():
        world.people[role] = maker(world) if maker is not None else None
    # The service owner's impact simulation of the team's service, still in the queue.
    from digikommun.register.models import SimulationRun

    world.simulation = SimulationRun.objects.create(
        service_id=SERVICE,
        content_hash="0" * 64,
        folder="services/ekonomiskt-bistand",
        requested_by=world.people["service_owner"],
    )
    # A webhook subscription and one delivery of the case's decision.
    world.subscription, world.delivery = _webhook(world.case)
    return world


def _webhook(case):
    from digikommun.webhooks.models import Delivery, Subscription

    subscription = Subscription.objects.create(
        name="Ekonomisystemet",
        url="http://127.0.0.1:9/hook",
        event_types=["case.decided"],
        secret="whsec_" + "A" * 32,
    )
    delivery = Delivery.objects.create(
        subscription=subscription,
        message_id="msg_authz",
        event_type="case.decided",
        event_key=f"decision:{case.pk}",
        case_id=case.pk,
        body="{}",
    )
    return subscription, delivery


def url_kwargs(world: World, name: str, params: list[str]) -> dict:
    """Arguments for a URL pattern, from the world (per parameter name, per route where
    the same name means another thing)."""
    values = {
        "key": world.draft.key,
        "number": 1,
        "case_id": world.case.pk,
        "action": "note",
        "letter_id": world.letter.pk,
        "service_id": SERVICE,
        "public_id": world.report.public_id,
        "request_id": world.report.public_id,
        "token": world.follower.token,
        "code": "streetlight",
        "fmt": "json",
        "session_id": world.session.pk,
        "cosignature_id": world.cosignature.pk,
        "pk": 999999,
        "appeal_id": world.rejected_appeal.pk,
        "run_id": world.simulation.pk,
        "rest": "nothing-here.json",
    }
    per_route = {
        "files:download": {"key": world.stored_file.key},
        "open311:handle": {"case_id": world.report.case_id},
        "open311:token": {"token": str(world.report.token)},
        "portal:life_situation": {"key": _life_key()},
        "courses:booking": {"token": world.booking.token},
        "courses:certificate": {"token": world.booking.token},
        "lending:pool": {"key": world.loan.pool.key},
        "lending:calendar": {"key": world.loan.pool.key},
        "lending:item_add": {"key": world.loan.pool.key},
        "lending:loan_add": {"key": world.loan.pool.key},
        "lending:item_state": {"key": world.loan.pool.key, "item_id": world.loan.item_id},
        "lending:loan_action": {"key": world.loan.pool.key, "loan_id": world.loan.pk},
        "lending:answer": {"loan_id": world.loan.pk},
        "lending:setup": {"token": world.loan.setup_token},
        "appeals:reconsideration": {"pk": world.reconsideration.pk},
        "webhooks:delivery": {"pk": world.delivery.pk},
        "webhooks:delivery_replay": {"pk": world.delivery.pk},
        "webhooks:subscription_active": {"pk": world.subscription.pk},
        "appeals:appeal": {"pk": world.appeal.pk},
        "appeals:court_file": {"pk": world.appeal.pk},
        "algorithm_model": {"service_id": OTHER_SERVICE},
        "algorithm_model_version": {"service_id": OTHER_SERVICE},
    }
    values.update(per_route.get(name, {}))
    return {p: values[p] for p in params}


def _loan(resident):
    """A pool of the team's service with one item, offered to the resident."""
    from digikommun.lending import services
    from tests.lending.helpers import pool

    p = pool(items=1, key="robots")
    from digikommun.lending.models import Pool

    Pool.objects.filter(pk=p.pk).update(service_id=SERVICE)
    return services.loan_request(pool_key=p.key, name="Resident", borrower=resident)


def _appeals(decision, resident):
    """An open reconsideration; an appeal sent to the court with its court file; an appeal
    rejected as late with its letter (the files are small stand-ins with their sha256)."""
    import datetime
    import hashlib
    import uuid

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from digikommun.appeals.models import Appeal, Origin, Reconsideration
    from digikommun.appeals.workflow import AppealStatus, ReconsiderationStatus

    now = timezone.now()
    reconsideration = Reconsideration.objects.create(
        case=decision.case,
        decision=decision,
        origin=Origin.RESIDENT,
        reason="Jag vill att en person ser på beslutet.",
        requested_by=resident,
        deadline=now + datetime.timedelta(days=14),
        status=ReconsiderationStatus.OPEN,
    )

    def appeal(status, field: str, name: str) -> Appeal:
        data = b"%PDF-1.7\n% authz stand-in\n"
        item = Appeal.objects.create(
            case=decision.case,
            decision=decision,
            appellant=resident,
            change_wanted="Att beslutet ändras.",
            grounds="Det är fel.",
            submission_key=uuid.uuid4(),
            submitted_at=now,
            status=status,
        )
        getattr(item, field).save(name, ContentFile(data), save=False)
        setattr(item, f"{field}_sha256", hashlib.sha256(data).hexdigest())
        item.save()
        return item

    rejected = appeal(AppealStatus.REJECTED, "rejection_letter", "avvisning.pdf")
    sent = appeal(AppealStatus.SENT_TO_COURT, "court_file", "akt.pdf")
    return reconsideration, sent, rejected


def _life_key() -> str:
    from digikommun.catalog.taxonomy import LIFE_SITUATIONS

    return next(iter(LIFE_SITUATIONS))


def _course_booking(resident: User):
    import datetime

    from django.utils import timezone

    from digikommun.courses.models import Course, Session
    from digikommun.courses.services import SignUp, booking_create

    course, _ = Course.objects.get_or_create(code="authz", defaults={"title": {"sv": "Kurs"}})
    start = timezone.now() + datetime.timedelta(days=7)
    session = Session.objects.create(
        course=course, starts_at=start, ends_at=start, place="Rum 1", capacity=5
    )
    booking = booking_create(session_id=session.pk, user=resident, signup=SignUp())
    return session, booking


def _cosignature(case):
    import datetime

    from django.utils import timezone

    from digikommun.cosigning.models import CoSignature

    return CoSignature.objects.create(
        case=case,
        personnummer="198202029806",  # the other resident
        role="partner",
        field_id="partner_personnummer",
        deadline=timezone.now() + datetime.timedelta(days=14),
    )
