"""The person's notification settings on Mina sidor."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import selectors, services
from .forms import PreferenceForm
from .models import all_events


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    current = selectors.preference_for(user=request.user)
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            services.preference_save(
                user=request.user,
                email=form.cleaned_data["email"],
                events=form.cleaned_data["events"],
                language=form.cleaned_data["language"],
            )
            messages.success(request, _("Your notification settings have been saved."))
            return redirect("notify:preferences")
    else:
        form = PreferenceForm(
            initial={
                # Until the person saves, offer the address their login gave, if any.
                "email": current.email if current else (request.user.email or ""),
                "events": current.events if current else all_events(),
                "language": current.language if current else "",
            }
        )
    return render(
        request,
        "notify/preferences.html",
        {"form": form, "saved": current},
        status=400 if form.errors else 200,
    )
