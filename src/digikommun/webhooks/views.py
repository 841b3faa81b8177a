"""The administrators' webhook pages in the workbench: subscriptions, the delivery log, replay.

Administrators only (the `administrator` role, or a superuser); every page is personal
(`no-store`). Views parse, call one service or selector, and render.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from digikommun.catalog.selectors import current_definitions
from digikommun.identity.models import Role
from digikommun.identity.selectors import has_role

from . import selectors, services
from .forms import SubscriptionInput, subscription_parse
from .models import Delivery, EventType

PAGE = 100


def administrators_only(view: Callable) -> Callable:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not (request.user.is_superuser or has_role(request.user, Role.ADMINISTRATOR)):
            raise PermissionDenied
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response

    return wrapped


def _services() -> list[tuple[str, str]]:
    from django.utils.translation import get_language

    lang = (get_language() or "sv")[:2]
    return [(d.id, d.title.get(lang, d.id)) for d in current_definitions()]


@administrators_only
@require_http_methods(["GET"])
def subscriptions(request: HttpRequest) -> HttpResponse:
    names = dict(_services())
    found = [(s, names.get(s.service_id, s.service_id)) for s in selectors.subscriptions_all()]
    return render(request, "webhooks/subscriptions.html", {"subscriptions": found})


@administrators_only
@require_http_methods(["GET", "POST"])
def subscription_new(request: HttpRequest) -> HttpResponse:
    choices = _services()
    given = SubscriptionInput()
    if request.method == "POST":
        given = subscription_parse(request.POST, service_ids={s for s, _t in choices})
        if not given.errors:
            subscription, made = services.subscription_create_once(
                name=given.name,
                url=given.url,
                event_types=given.event_types,
                service_id=given.service_id,
                user=request.user,
                form_key=given.key,
            )
            if not made:  # the form sent again: its secret was on the first answer only
                messages.info(
                    request,
                    _(
                        "The subscription “%(name)s” was already made when the form was "
                        "first sent; its signing secret was shown on that answer only."
                    )
                    % {"name": subscription.name},
                )
                return redirect("webhooks:subscriptions")
            # The secret is shown on this answer only; it is not in a URL or a message.
            return render(request, "webhooks/created.html", {"subscription": subscription})
    status = 400 if given.errors else 200
    return render(
        request,
        "webhooks/subscription_new.html",
        {"given": given, "services": choices, "event_types": EventType.choices},
        status=status,
    )


@administrators_only
@require_POST
def subscription_active(request: HttpRequest, pk: int) -> HttpResponse:
    active = request.POST.get("active") == "1"
    if services.subscription_set_active(subscription_id=pk, active=active, user=request.user):
        messages.success(
            request, _("The subscription is on.") if active else _("The subscription is off.")
        )
    else:
        messages.error(request, _("That subscription no longer exists."))
    return redirect("webhooks:subscriptions")


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@administrators_only
@require_http_methods(["GET"])
def deliveries(request: HttpRequest) -> HttpResponse:
    subscription_id = _int(request.GET.get("subscription"))
    status = request.GET.get("status", "")
    rows = list(
        selectors.deliveries_for_log(subscription_id=subscription_id, status=status)[: PAGE + 1]
    )
    return render(
        request,
        "webhooks/deliveries.html",
        {
            "rows": rows[:PAGE],
            "more": len(rows) > PAGE,
            "subscriptions": selectors.subscriptions_all(),
            "statuses": Delivery.Status.choices,
            "chosen_subscription": subscription_id,
            "chosen_status": status if status in Delivery.Status.values else "",
        },
    )


@administrators_only
@require_http_methods(["GET"])
def delivery(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.delivery_with_attempts(delivery_id=pk)
    if found is None:
        raise Http404
    return render(request, "webhooks/delivery.html", {"delivery": found})


@administrators_only
@require_POST
def delivery_replay(request: HttpRequest, pk: int) -> HttpResponse:
    if selectors.delivery_with_attempts(delivery_id=pk) is None:
        raise Http404
    if services.delivery_replay(delivery_id=pk, user=request.user):
        messages.success(request, _("The delivery will be sent again in a moment."))
    else:
        messages.error(request, _("That delivery is still being sent; it cannot be replayed now."))
    return redirect("webhooks:delivery", pk=pk)
