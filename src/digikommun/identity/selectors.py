"""Reads about people and their roles."""

from __future__ import annotations

from .models import Role, RoleGrant


def has_role(user, role: str, *, service_id: str | None = None) -> bool:
    """True when the person holds the role for that service (or for all services)."""
    if not getattr(user, "is_authenticated", False):
        return False
    grants = RoleGrant.objects.filter(user=user, role=role)
    if service_id is not None:
        grants = grants.filter(service_id__in=["", service_id])
    return grants.exists()


def services_for_role(user, role: str) -> set[str] | None:
    """The services a person holds a role for; None means all services."""
    ids = set(RoleGrant.objects.filter(user=user, role=role).values_list("service_id", flat=True))
    if "" in ids:
        return None
    return ids


def is_staff_member(user) -> bool:
    return getattr(user, "is_authenticated", False) and RoleGrant.objects.filter(user=user).exists()


__all__ = ["Role", "has_role", "is_staff_member", "services_for_role"]
