"""The API's request and response bodies (pydantic, through django-ninja)."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema


class ProblemOut(Schema):
    """Problem details (RFC 9457)."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: dict[str, str] | None = Field(
        None, description="On 422: what is wrong, by field path (answers.income …)."
    )


class ServiceOut(Schema):
    id: str
    title: dict[str, str]
    version: int
    content_hash: str
    published_at: datetime.datetime
    automated: bool


class VersionOut(Schema):
    service_id: str
    number: int
    content_hash: str
    published_at: datetime.datetime
    is_current: bool


class DefinitionOut(VersionOut):
    files: dict[str, str] = Field(description="The published files, path -> text.")


class RulesOut(Schema):
    service_id: str
    number: int
    automated: bool
    files: dict[str, str] = Field(description="rules.yaml and the overlays, path -> text.")


class CaseOut(Schema):
    id: int
    diary_number: str
    service_id: str
    service_version: int
    status: str
    version: int = Field(description="Raised on every change; send it back as expected_version.")
    language: str
    submitted_at: datetime.datetime
    updated_at: datetime.datetime
    applicant_personnummer: str | None
    answers: dict[str, Any]
    decision_id: int | None = Field(description="The decision in force, if any.")


class CasePage(Schema):
    items: list[CaseOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null: last.")


class EventOut(Schema):
    kind: str
    at: datetime.datetime
    data: dict[str, Any]


class DecisionOut(Schema):
    id: int
    case_id: int
    outcome: str
    amount: str | None
    reasons: dict[str, Any]
    legal_references: list[Any]
    appeal: dict[str, Any]
    automated: bool
    decided_by: str | None
    approved_by: str | None
    decided_at: datetime.datetime
    as_of: datetime.date
    replaces: int | None


class LetterOut(Schema):
    id: int
    decision_id: int
    language: str
    size: int
    sha256: str
    created_at: datetime.datetime


class AttachmentOut(Schema):
    key: uuid.UUID
    name: str
    kind: str
    content_type: str
    size: int
    sha256: str
    field_id: str
    uploaded_at: datetime.datetime


class ApplicantIn(Schema):
    personnummer: str = Field(max_length=20, examples=["198507099805"])
    given_name: str = Field("", max_length=150)
    family_name: str = Field("", max_length=150)


class CaseIn(Schema):
    service_id: str = Field(max_length=80, examples=["boendeparkering"])
    applicant: ApplicantIn
    answers: dict[str, Any] = Field(
        description="Field id -> the answer as the form takes it (text, or a list for a "
        "repeating group)."
    )
    language: Literal["sv", "en"] = "sv"
    submission_key: uuid.UUID | None = Field(
        None, description="Sending the same key again returns the case it made."
    )


class DecisionIn(Schema):
    outcome: Literal["approved", "rejected", "partly_approved"]
    amount: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    reasons: str = Field(
        min_length=1,
        max_length=20_000,
        description="The reasons for the decision (förvaltningslagen 32 §); required.",
    )
    official: str = Field(
        min_length=1, max_length=150, description="The user name of the official who decided."
    )
    approved_by: str = Field(
        "", max_length=150, description="The second official, where the service has four eyes."
    )
    override_reason: str = Field(
        "", max_length=20_000, description="Why, when the outcome differs from the rules' advice."
    )
    expected_version: int | None = Field(
        None, ge=1, description="The case's version last read; 409 if it changed since."
    )
