"""What every page needs: the municipality's name, and the session's timing for the warning
shown before a logged-in person is logged out for inactivity."""

from __future__ import annotations

from django.conf import settings


def site(request):
    context = {
        "municipality_name": settings.DIGIKOMMUN["MUNICIPALITY_NAME"],
        "test_idp_enabled": settings.TEST_IDP_ENABLED,
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        age = int(settings.SESSION_COOKIE_AGE)
        warning = int(getattr(settings, "PORTAL_SESSION_WARNING_SECONDS", 5 * 60))
        context["session_seconds"] = age
        context["session_warning_seconds"] = max(1, min(warning, age // 2))
    return context
