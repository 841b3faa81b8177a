"""Reads of co-signing: a person's requests, one request for its co-signer, a case's."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import CoSignature


def cosignatures_for_person(*, user) -> QuerySet[CoSignature]:
    if not getattr(user, "personnummer", None):
        return CoSignature.objects.none()
    return (
        CoSignature.objects.filter(personnummer=user.personnummer)
        .select_related("case__applicant", "case__service_version")
        .order_by("-asked_at")
    )


def cosignature_for_person(*, user, cosignature_id: int) -> CoSignature | None:
    return cosignatures_for_person(user=user).filter(pk=cosignature_id).first()


def cosignatures_for_case(*, case_id: int) -> list[CoSignature]:
    return list(CoSignature.objects.filter(case_id=case_id).select_related("signer"))
