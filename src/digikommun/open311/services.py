"""Writes of fault reporting: submit a report (web form or Open311) and follow it. Each
report is a case of the service. What caseworkers do with a report (its states, notes,
photo, description, merging) is in handling.py, re-exported here as the app's public door.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digikommun.cases import services as case_services
from digikommun.catalog.facts import AnswerErrors
from digikommun.files.services import storage
from digikommun.files.sniff import SNIFF_BYTES, sniff
from digikommun.forms.fields import FieldError

from .handling import (
    InvalidUpdate,
    NotAllowed,
    photo_approve,
    report_client_update,
    report_describe,
    report_merge,
    report_update,
)
from .models import Follower, FollowerEmail, Report
from .selectors import FaultService, reports_nearby
from .tasks import send_follower_email
from .text import clean_text

PHOTO_KINDS = ("jpeg", "png", "webp", "heic")
PHOTO_MAX_BYTES = 10 * 1024 * 1024


class ReportRefused(Exception):
    """What is wrong with a report, by field (category, location, photo, a question's id …)."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class AlreadyReported(Exception):
    """Open reports of the same kind close by: offer to follow one of them instead."""

    def __init__(self, reports: list[Report]):
        super().__init__(", ".join(r.public_id for r in reports))
        self.reports = reports


@dataclass
class Submission:
    """A report as given, from the web form or an Open311 POST (texts as typed)."""

    category: str
    lat: str = ""
    lng: str = ""
    address: str = ""
    address_id: str = ""  # an identifier from the client's address register (Open311)
    description: str = ""
    answers: dict[str, Any] = field(default_factory=dict)
    photo: Any = None  # an uploaded file
    media_url: str = ""
    email: str = ""


def _coordinate(text: str, low: int, high: int) -> float | None:
    cleaned = str(text or "").strip().replace(",", ".").replace(" ", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not value.is_finite() or not low <= value <= high:
        return None
    return float(value.quantize(Decimal("0.000001")))


def _judge_photo(photo) -> tuple[str | None, str | None]:
    if photo.size == 0:
        return None, _("The photo is empty.")
    if photo.size > PHOTO_MAX_BYTES:
        return None, _("The photo is larger than 10 MB.")
    photo.seek(0)
    found = sniff(photo.read(SNIFF_BYTES))
    photo.seek(0)
    if found.kind not in PHOTO_KINDS:
        return None, _("The photo must be a JPEG, PNG, WebP or HEIC image.")
    from digikommun.files.sniff import KINDS

    return KINDS[found.kind].mime, None


def report_check(service: FaultService, s: Submission) -> dict[str, Any]:
    """Check a submission; returns what report_submit needs, or raises ReportRefused."""
    config = service.config
    errors: dict[str, str] = {}
    category = config.category(s.category)
    if category is None:
        errors["category"] = _("Choose what the report is about.")
    lat = lng = None
    if (s.lat or "").strip() or (s.lng or "").strip():
        lat, lng = _coordinate(s.lat, -90, 90), _coordinate(s.lng, -180, 180)
        if lat is None or lng is None:
            errors["location"] = _(
                "Enter the place as latitude and longitude in degrees, for example 59.3293 and 18.0686."
            )
        elif not config.boundary.contains(lat, lng):
            errors["location"] = _(
                "The place is outside the municipality's boundary, so we cannot take this "
                "report. Choose a place inside the municipality, or contact the municipality "
                "where the fault is."
            )
    address = clean_text(s.address).strip()
    address_id = clean_text(s.address_id).strip()
    if lat is None and lng is None and not address and not address_id and "location" not in errors:
        errors["location"] = _("Choose the place on the map, or write its address.")
    if len(address) > 200:
        errors["address"] = _("Write the address in at most 200 characters.")
    if len(address_id) > 100:
        errors["address_id"] = _("address_id may be at most 100 characters.")
    description = clean_text(s.description).strip()
    if len(description) > 4000:
        errors["description"] = _("Write at most 4,000 characters.")
    email = (s.email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Enter an email address, for example namn@exempel.se.")
    media_url = (s.media_url or "").strip()
    if media_url:
        try:
            URLValidator(schemes=["http", "https"])(media_url)
        except ValidationError:
            errors["media_url"] = _("media_url must be an http or https address.")
    photo_type = None
    if category is not None:
        s.answers = {
            k: [clean_text(x) for x in v] if isinstance(v, list) else clean_text(v)
            for k, v in s.answers.items()
        }
        for q in category.questions:
            try:
                q.parse(s.answers.get(q.id, ""))
            except FieldError as exc:
                errors[q.id] = exc.message
        if category.photo == "none":
            s.photo, media_url = None, ""
        if s.photo is not None:
            photo_type, problem = _judge_photo(s.photo)
            if problem:
                errors["photo"] = problem
        elif category.photo == "required" and not media_url:
            errors["photo"] = _("Add a photo of the fault: it is needed for this kind of report.")
    if errors:
        raise ReportRefused(errors)
    district = config.district_at(lat, lng) if lat is not None else None
    return {
        "category": category,
        "lat": lat,
        "lng": lng,
        "address": address,
        "address_id": address_id,
        "description": description,
        "email": email,
        "media_url": media_url,
        "photo_type": photo_type,
        "district": district.id if district else "",
    }


def report_submit(
    *,
    service: FaultService,
    submission: Submission,
    user=None,
    api_key=None,
    language: str = "sv",
    submission_key: uuid.UUID | None = None,
    check_duplicates: bool = False,
) -> Report:
    """Register a fault report as a case in the routed team's queue.

    With check_duplicates, open reports of the same category close by raise AlreadyReported
    (the reporter may then follow one of them, or send anyway). Idempotent on submission_key.
    """
    from digikommun.workbench.models import Team

    checked = report_check(service, submission)
    category, config = checked["category"], service.config
    if submission_key is not None:
        existing = Report.objects.filter(case__submission_key=submission_key).first()
        if existing is not None:
            return existing
    if check_duplicates and checked["lat"] is not None:
        near = reports_nearby(
            service_id=service.definition.id,
            code=category.code,
            lat=checked["lat"],
            lng=checked["lng"],
            metres=config.duplicate_distance_m,
            days=config.duplicate_days,
        )
        if near:
            raise AlreadyReported(near)
    team = Team.objects.filter(slug=config.team_for(category.code, checked["district"])).first()
    raw_answers: dict[str, Any] = {
        "category": category.code,
        "location": (
            {"lat": str(checked["lat"]), "lng": str(checked["lng"])}
            if checked["lat"] is not None
            else {"lat": "", "lng": ""}
        ),
        "address": checked["address"],
        "description": checked["description"],
    }
    for q in category.questions:
        raw_answers[q.id] = submission.answers.get(q.id, "")
    blob = ""
    if submission.photo is not None:
        blob = storage().save(
            f"open311/{timezone.now():%Y/%m}/{uuid.uuid4().hex}", submission.photo
        )
    applicant = user if getattr(user, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            case = case_services.case_create(
                version=service.version,
                definition=service.definition,
                applicant=applicant,
                raw_answers=raw_answers,
                language=language,
                submission_key=submission_key or uuid.uuid4(),
                team=team,
            )
            existing = Report.objects.filter(case=case).first()
            if existing is not None:
                return existing
            now = case.submitted_at
            team = case.team
            report = Report.objects.create(
                case=case,
                public_id=f"{case.register}-{case.year}-{case.sequence:05d}",
                service_id=service.definition.id,
                service_code=category.code,
                lat=checked["lat"],
                lng=checked["lng"],
                address=checked["address"],
                address_id=checked["address_id"],
                district=checked["district"],
                description=checked["description"],
                requested_at=now,
                updated_at=now,
                agency_responsible=(team.name.get("sv", "") if team else "")
                or service.definition.department.get("sv", ""),
                photo_blob=blob,
                photo_content_type=checked["photo_type"] or "",
                media_url=checked["media_url"],
                api_key=api_key,
            )
            if checked["email"]:
                follower, _created = Follower.objects.get_or_create(
                    report=report,
                    email=checked["email"],
                    defaults={"language": language, "confirmed_at": now},
                )
                receipt = FollowerEmail.objects.create(follower=follower, update=None)
                send_follower_email.enqueue(receipt.pk)
            return report
    except AnswerErrors as exc:
        if blob:
            storage().delete(blob)
        raise ReportRefused({k: str(v) for k, v in exc.errors.items()}) from None
    except Exception:
        if blob:
            storage().delete(blob)
        raise


def report_follow(*, report: Report, email: str, language: str = "sv") -> Follower:
    """Ask to hear about a report's updates by email. Following a merged report follows its
    target. A new follower is sent a link to confirm and gets no update before that; a
    report has at most settings.FOLLOWERS_PER_REPORT followers."""
    from .tasks import send_follow_confirmation

    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidUpdate(
            "email", _("Enter an email address, for example namn@exempel.se.")
        ) from None
    while report.merged_into_id:
        report = report.merged_into
    with transaction.atomic():
        Report.objects.select_for_update().filter(pk=report.pk).first()  # one at a time
        follower = Follower.objects.filter(report=report, email=email).first()
        if follower is None:
            if report.followers.count() >= settings.FOLLOWERS_PER_REPORT:
                raise InvalidUpdate(
                    "email",
                    _(
                        "This report cannot take more followers. You can see its status "
                        "on this page at any time."
                    ),
                )
            follower = Follower.objects.create(report=report, email=email, language=language)
        if follower.confirmed_at is None:
            send_follow_confirmation.enqueue(follower.pk)
    return follower


def follower_confirm(*, token: uuid.UUID) -> Follower | None:
    """The follower opened the link in the confirmation email: updates reach them now."""
    follower = Follower.objects.filter(token=token).select_related("report").first()
    if follower is not None and follower.confirmed_at is None:
        follower.confirmed_at = timezone.now()
        follower.save(update_fields=["confirmed_at"])
    return follower


def follower_stop(*, token: uuid.UUID) -> bool:
    return Follower.objects.filter(token=token).delete()[0] > 0


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


__all__ = [
    "AlreadyReported",
    "InvalidUpdate",
    "NotAllowed",
    "ReportRefused",
    "Submission",
    "follower_confirm",
    "follower_stop",
    "photo_approve",
    "report_client_update",
    "report_describe",
    "report_follow",
    "report_merge",
    "report_submit",
    "report_update",
]
