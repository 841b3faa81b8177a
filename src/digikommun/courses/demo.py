"""The demo's digital-skills courses, with sessions from next week on (dates move with today)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from .models import Course, Session

COURSES = [
    (
        "digital-vardag",
        {"sv": "Digital vardag", "en": "Digital everyday life"},
        {
            "sv": "Grunderna i att använda mobil, surfplatta och dator: e-post, bilder, videosamtal och att vara säker på nätet.",
            "en": "The basics of using a phone, tablet and computer: email, photos, video calls and staying safe online.",
        },
        {
            "sv": "Seniorer och alla som vill komma igång",
            "en": "Seniors and everyone who wants to get started",
        },
        "Stadsbiblioteket, Sveavägen 73, rum Studion",
        8,
    ),
    (
        "bankid-och-e-tjanster",
        {"sv": "BankID och e-tjänster", "en": "BankID and e-services"},
        {
            "sv": "Skaffa och använd e-legitimation, logga in på kommunens e-tjänster, Mina sidor och 1177.",
            "en": "Get and use an e-ID, log in to the municipality's e-services, My pages and 1177.",
        },
        {"sv": "Alla som bor i kommunen", "en": "Everyone who lives in the municipality"},
        "Medborgarkontoret Rinkeby, Rinkeby allé 11",
        10,
    ),
    (
        "jobbsok-digitalt",
        {"sv": "Jobbsök digitalt", "en": "Looking for work online"},
        {
            "sv": "Platsbanken, cv och personligt brev på datorn, och digitala intervjuer.",
            "en": "Job listings, a CV and cover letter on the computer, and interviews online.",
        },
        {"sv": "Arbetssökande", "en": "Job seekers"},
        "",
        12,
    ),
]


def demo_courses_ensure(*, teacher=None) -> int:
    """Three courses with two sessions each; nothing is duplicated on a second run."""
    today = timezone.localdate()
    made = 0
    for n, (code, title, summary, audience, place, capacity) in enumerate(COURSES):
        course, _created = Course.objects.update_or_create(
            code=code, defaults={"title": title, "summary": summary, "audience": audience}
        )
        if course.sessions.exists():
            continue
        for week in (1, 3):
            day = today + datetime.timedelta(days=7 * week + n)
            start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
            Session.objects.create(
                course=course,
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=2),
                place=place,
                link="" if place else "https://meet.example.org/jobbsok",
                capacity=capacity,
                language="sv",
                accessibility={
                    "sv": "Lokalen har hiss och hörslinga. Ta gärna med egen enhet, eller låna en surfplatta på plats.",
                    "en": "The room has a lift and a hearing loop. Bring your own device, or borrow a tablet there.",
                },
                teacher=teacher,
            )
            made += 1
    return made
