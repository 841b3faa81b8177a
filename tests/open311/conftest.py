"""Fixtures for fault reporting: the demo's fault service, an API key, reports made quickly."""

from __future__ import annotations

import pytest

from tests.answers import fault as fault_answers

# Inside the approximate Stockholm boundary (Sergels torg, Södermalm, Vällingby) and outside.
SERGELS_TORG = ("59.332600", "18.064900")  # innerstaden
MEDBORGARPLATSEN = ("59.314200", "18.073500")  # innerstaden
FARSTA = ("59.243500", "18.092700")  # söderort
UPPSALA = ("59.858600", "17.638900")  # outside

# The smallest JPEG a sniffer recognises: the SOI marker and a JFIF APP0 segment.
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 200


def jpeg_file(name: str = "lampa.jpg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, JPEG, content_type="image/jpeg")


@pytest.fixture
def fault(demo):
    from digikommun.open311.selectors import fault_service

    return fault_service("felanmalan")


@pytest.fixture
def api_key(fault):
    from digikommun.open311.keys import api_key_create

    _key, raw = api_key_create(name="test-app", per_minute=100)
    return raw


@pytest.fixture
def caseworker(demo):
    from digikommun.identity.models import User

    return User.objects.get(personnummer="198806149814")


def submit(fault, category="streetlight", where=SERGELS_TORG, **kwargs):
    from digikommun.open311.services import Submission, report_submit

    answers = kwargs.pop("answers", None)
    if answers is None:
        answers = fault_answers(category)
    lat, lng = where if where else ("", "")
    options = {
        k: kwargs.pop(k)
        for k in ("user", "api_key", "check_duplicates", "submission_key")
        if k in kwargs
    }
    return report_submit(
        service=fault,
        submission=Submission(category=category, lat=lat, lng=lng, answers=answers, **kwargs),
        **options,
    )
