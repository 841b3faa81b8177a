"""A year of made-up history for the demo, so the benefit dashboard shows real charts.

Applications by the demo's residents (their personnummer are Skatteverket's published test
numbers, never real people), spread over the last twelve months, most decided at once by the
rules, the rest by a caseworker some days later, some after a request for completion. The
rows are written directly (no letters, no emails): they are history, not live cases. Some
applicants asked for a person or appealed (with made-up outcomes), and some answered the
survey after the decision, a few with a comment. Each demo course had a session a month, with made-up participants
(names and phone numbers only), some of whom came back. The demo's lending pools lent their
robots and tablets to made-up borrowers every month: each loan waited in the queue, was
offered, picked up, returned and closed (a few were withdrawn), all of it ended before today
so no history holds an item now. Every generated case and loan is marked in its facts
(`"demo_history": true`), and a second run adds nothing.
"""

from __future__ import annotations

import datetime
import random
import uuid
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from digikommun.appeals.models import Appeal, Origin, Reconsideration
from digikommun.appeals.workflow import AppealStatus, ReconsiderationStatus
from digikommun.cases.models import Case, CompletionRequest, Decision, DiaryCounter
from digikommun.catalog.models import ServiceVersion
from digikommun.identity.models import User

from .models import SurveyAnswer
from .survey import decision_key

# service id -> (applications a month, share decided at once by the rules)
PROFILE = {"ekonomiskt-bistand": (30, 0.35), "boendeparkering": (20, 0.8)}
RESIDENTS = ["198507099805", "199003159820", "197811029847", "195502289886"]


def demo_history_ensure(*, months: int = 12, seed: int = 2017, progress=None) -> int:
    """Make the history once; returns the number of cases made."""
    with transaction.atomic():
        _loan_history(random.Random(seed + 1), timezone.now(), months)
    if Case.objects.filter(facts__demo_history=True).exists():
        return 0
    rng = random.Random(seed)
    people = list(User.objects.filter(personnummer__in=RESIDENTS))
    staff = User.objects.filter(personnummer="198103129816").first()
    if not people:
        return 0
    now = timezone.now()
    made = 0
    plan = []
    for service_id, (per_month, automated_share) in PROFILE.items():
        version = ServiceVersion.objects.filter(service_id=service_id, is_current=True).first()
        if version is None:
            continue
        for back in range(months, 0, -1):
            for _ in range(rng.randint(per_month // 2, per_month)):
                when = now - datetime.timedelta(days=30 * back - rng.uniform(0, 29))
                plan.append((when, version, automated_share))
    plan.sort(key=lambda p: p[0])
    for i, (when, version, automated_share) in enumerate(plan):
        with transaction.atomic():
            _one(rng, when, version, automated_share, people, staff)
        made += 1
        if progress:
            progress(i + 1, len(plan))
    with transaction.atomic():
        _course_history(rng, now, months)
    return made


# Made-up participants of past courses (names and phone numbers only, none real): some come
# back to another course, which the dashboard counts as a repeat visit.
PARTICIPANTS = [(f"Deltagare {n}", f"070-000 {n:02d} {n:02d}") for n in range(1, 41)]


def _course_history(rng, now, months: int) -> None:
    """One past session a month per demo course, with who came, who did not, and who was left
    in the waiting list when it was full."""
    from digikommun.courses.models import Booking, Course, Session
    from digikommun.courses.workflow import State

    for course in Course.objects.order_by("code"):
        for back in range(months, 0, -1):
            starts = (now - datetime.timedelta(days=30 * back - 3)).replace(
                hour=10, minute=0, second=0, microsecond=0
            )
            session = Session.objects.create(
                course=course,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=2),
                place="Stadsbiblioteket",
                capacity=12,
            )
            signed = rng.sample(PARTICIPANTS, rng.randint(6, 16))
            for seq, (name, phone) in enumerate(signed, start=1):
                if seq > session.capacity:
                    state = State.WAITING
                else:
                    state = State.ATTENDED if rng.random() < 0.85 else State.ABSENT
                Booking.objects.create(
                    session=session, name=name, phone=phone, state=state, seq=seq
                )
            Session.objects.filter(pk=session.pk).update(booking_seq=len(signed))


# pool key -> (requests a month, days from request to offer, days on loan)
LOAN_PROFILE = {
    "telepresence-robots": ((5, 8), (1, 21), (14, 42)),
    "course-tablets": ((8, 14), (0, 3), (1, 1)),
}


def _loan_history(rng, now, months: int) -> None:
    """Past loans of the demo pools, once: requested, queued, offered, accepted, picked up, on
    loan, returned and closed, with each step in the loan's history; one in ten withdrawn
    from the queue. A loan that would still be out today is returned yesterday instead."""
    from digikommun.lending.models import Loan, LoanEvent, Pool
    from digikommun.lending.workflow import LoanState as L

    if Loan.objects.filter(facts__demo_history=True).exists():
        return
    day = datetime.timedelta(days=1)
    for pool in Pool.objects.filter(key__in=LOAN_PROFILE).order_by("key"):
        (low, high), (wait_min, wait_max), (days_min, days_max) = LOAN_PROFILE[pool.key]
        items = list(pool.items.order_by("serial"))
        pool = Pool.objects.select_for_update().get(pk=pool.pk)
        plan = sorted(
            now - datetime.timedelta(days=30 * back - rng.uniform(0, 29))
            for back in range(months, 0, -1)
            for _ in range(rng.randint(low, high))
        )
        for n, requested in enumerate(plan):
            offered = requested + day * rng.uniform(wait_min, wait_max)
            picked_up = offered + day * rng.uniform(0.1, 2)
            returned = min(picked_up + day * rng.randint(days_min, days_max), now - day)
            if rng.random() < 0.1 or not items or returned <= picked_up:
                steps = [("", L.REQUESTED, requested), (L.REQUESTED, L.QUEUED, requested)]
                steps.append((L.QUEUED, L.WITHDRAWN, min(offered, now - day)))
                state, item, offered = L.WITHDRAWN, None, None
            else:
                state, item = L.CLOSED, items[n % len(items)]
                steps = [
                    ("", L.REQUESTED, requested),
                    (L.REQUESTED, L.QUEUED, requested),
                    (L.QUEUED, L.OFFERED, offered),
                    (L.OFFERED, L.ACCEPTED, offered + (picked_up - offered) / 2),
                    (L.ACCEPTED, L.PICKED_UP, picked_up),
                    (L.PICKED_UP, L.ACTIVE, picked_up),
                    (L.ACTIVE, L.RETURNED, returned),
                    (L.RETURNED, L.CLOSED, returned + datetime.timedelta(hours=2)),
                ]
            pool.request_seq += 1
            loan = Loan.objects.create(
                pool=pool,
                item=item,
                name=f"Låntagare {pool.request_seq}",
                facts={"demo_history": True},
                state=state,
                applied_at=requested,
                seq=pool.request_seq,
                priority=0,
                offered_at=offered,
                picked_up_at=picked_up if item else None,
                set_up_at=picked_up if item else None,
                ends_at=returned if item else None,
                returned_at=returned if item else None,
            )
            Loan.objects.filter(pk=loan.pk).update(created_at=requested)
            for frm, to, at in steps:
                event = LoanEvent.objects.create(loan=loan, from_state=frm, to_state=to)
                LoanEvent.objects.filter(pk=event.pk).update(at=at)
        pool.save(update_fields=["request_seq"])


def _one(rng, when, version, automated_share, people, staff) -> None:
    register = "SN" if version.service_id == "ekonomiskt-bistand" else "TK"
    counter, _created = DiaryCounter.objects.select_for_update().get_or_create(
        register=register, year=when.year
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    automated = rng.random() < automated_share
    case = Case.objects.create(
        register=register,
        year=when.year,
        sequence=counter.last,
        service_version=version,
        service_id=version.service_id,
        applicant=rng.choice(people),
        answers={},
        facts={"demo_history": True},
        status="closed",
        submission_key=uuid.uuid4(),
        submitted_at=when,
    )
    if automated:
        decided_at = when + datetime.timedelta(seconds=rng.uniform(2, 40))
    else:
        decided_at = when + datetime.timedelta(hours=rng.uniform(20, 24 * 12))
        if rng.random() < 0.3:
            CompletionRequest.objects.create(
                case=case,
                asked_by=staff,
                text="Skicka hyresavin för månaden.",
                deadline=when + datetime.timedelta(days=14),
                answer="Bifogad.",
                answered_at=when + datetime.timedelta(days=2),
            )
    decision = Decision.objects.create(
        case=case,
        outcome="approved" if rng.random() < 0.7 else "rejected",
        amount=Decimal(rng.randrange(2000, 12000, 10)) if automated else None,
        reasons={"sv": ["Historik i demon."], "en": ["Demo history."]},
        legal_references=[],
        appeal={"sv": "", "en": ""},
        decided_by=None if automated else staff,
        automated_by=f"{version.service_id} v{version.number}" if automated else "",
        as_of=timezone.localdate(when),
    )
    Decision.objects.filter(pk=decision.pk).update(decided_at=decided_at)
    _afterwards(rng, case, decision, decided_at, staff)


# Made-up comments for a quarter of the survey answers (chosen by the decision, so the
# random history stays the same).
COMMENTS = [
    "Det gick fort och var lätt att förstå.",
    "Svårt att veta vilka papper jag behövde skicka in.",
    "Bra att se var ärendet låg hela tiden.",
    "Jag fick vänta länge på beslutet.",
    "Enkelt att logga in med e-legitimation.",
    "Beslutet var tydligt, men jag förstod inte beloppet.",
]


def _afterwards(rng, case, decision, decided_at, staff) -> None:
    """A request for a person or an appeal now and then, and the survey answer, if any."""
    applicant = case.applicant
    if decision.automated_by and staff is not None and rng.random() < 0.08:
        changed = rng.random() < 0.3
        r = Reconsideration.objects.create(
            case=case,
            decision=decision,
            origin=Origin.RESIDENT,
            reason="Demohistorik.",
            requested_by=applicant,
            deadline=decided_at + datetime.timedelta(days=14),
            status=ReconsiderationStatus.CHANGED if changed else ReconsiderationStatus.CONFIRMED,
            resolved_by=staff,
            resolved_at=decided_at + datetime.timedelta(days=rng.uniform(1, 10)),
        )
        Reconsideration.objects.filter(pk=r.pk).update(
            requested_at=decided_at + datetime.timedelta(days=1)
        )
    elif decision.outcome == "rejected" and rng.random() < 0.1:
        judged = rng.random() < 0.7
        Appeal.objects.create(
            case=case,
            decision=decision,
            appellant=applicant,
            change_wanted="Demohistorik.",
            grounds="Demohistorik.",
            submission_key=uuid.uuid4(),
            submitted_at=decided_at + datetime.timedelta(days=rng.uniform(2, 20)),
            status=AppealStatus.JUDGED if judged else AppealStatus.LAPSED,
            judgment=(
                (Appeal.Judgment.CHANGED if rng.random() < 0.25 else Appeal.Judgment.UPHELD)
                if judged
                else ""
            ),
        )
    if rng.random() < 0.4:
        easy = decision.automated_by != ""
        SurveyAnswer.objects.create(
            decision_key=decision_key(decision.pk),
            service_id=case.service_id,
            month=timezone.localtime(decided_at).strftime("%Y-%m"),
            score=rng.choice([3, 4, 5, 5, 5] if easy else [1, 2, 3, 4, 4, 5]),
            comment=COMMENTS[decision.pk % len(COMMENTS)] if decision.pk % 4 == 0 else "",
        )
