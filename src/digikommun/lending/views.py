"""Lending's pages: the staff's pool page, calendar and actions; the resident's answer to an
offer; the receiving party's set-up confirmation. Thin: parse, call one service, redirect."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from digikommun.courses import selectors as course_selectors
from digikommun.identity.models import Role
from digikommun.identity.selectors import has_role

from . import selectors, services
from .models import Pool
from .services import LendingRefused
from .workflow import Actor, ItemState

REFUSED = {
    "max_extensions": gettext_lazy("The loan has been extended as many times as the pool allows."),
    "not_found": gettext_lazy("That loan or item does not exist."),
    "serial": gettext_lazy("Write the item's serial number, in at most 60 characters."),
    "serial_taken": gettext_lazy("The pool already has an item with that serial number."),
    "state": gettext_lazy("That cannot be done now: the page may be out of date."),
    "damage": gettext_lazy("Describe the damage."),
    "name": gettext_lazy("Write who borrows the item."),
    "done": gettext_lazy(
        "That was done already (the form was sent twice, or someone else did it first): "
        "nothing more was changed. The page shows the loan as it is now."
    ),
    "booking": gettext_lazy("That course booking does not exist or has been cancelled."),
}


def may_manage(user, pool: Pool) -> bool:
    return has_role(user, Role.ADMINISTRATOR) or has_role(
        user, Role.CASEWORKER, service_id=pool.service_id or None
    )


def _pool(request: HttpRequest, key: str) -> Pool:
    pool = selectors.pool_by_key(key)
    if pool is None:
        raise Http404
    if not may_manage(request.user, pool):
        raise PermissionDenied
    return pool


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def pools(request: HttpRequest) -> HttpResponse:
    mine = [p for p in selectors.pools() if may_manage(request.user, p)]
    if not mine:
        raise PermissionDenied
    rows = [(p, selectors.config_of(p), selectors.pool_counts(p)) for p in mine]
    return _private(render(request, "lending/pools.html", {"rows": rows}))


@login_required
def pool_page(request: HttpRequest, key: str) -> HttpResponse:
    pool = _pool(request, key)
    return _private(
        render(
            request,
            "lending/pool.html",
            {
                "pool": pool,
                "config": selectors.config_of(pool),
                "counts": selectors.pool_counts(pool),
                "rows": selectors.pool_overview(pool),
                "queue": [
                    (loan, selectors.queue_explanation(loan)) for loan in selectors.queue(pool)
                ],
                "loans": selectors.loans_open(pool),
                "item_states": ItemState,
            },
        )
    )


def _month(text: str) -> datetime.date:
    try:
        year, month = (int(p) for p in text.split("-", 1))
        return datetime.date(year, month, 1)
    except ValueError:
        today = timezone.localdate()
        return today.replace(day=1)


@login_required
def calendar_page(request: HttpRequest, key: str) -> HttpResponse:
    pool = _pool(request, key)
    first = _month(request.GET.get("month", ""))
    before = (first - datetime.timedelta(days=1)).replace(day=1)
    after = (first + datetime.timedelta(days=32)).replace(day=1)
    return _private(
        render(
            request,
            "lending/calendar.html",
            {
                "pool": pool,
                "config": selectors.config_of(pool),
                "month": first,
                "before": before,
                "after": after,
                "weeks": selectors.month_calendar(pool, first.year, first.month),
            },
        )
    )


def _refused(request: HttpRequest, exc: LendingRefused) -> None:
    messages.error(request, str(REFUSED.get(exc.code, REFUSED["state"])))


@login_required
@require_POST
def item_add(request: HttpRequest, key: str) -> HttpResponse:
    pool = _pool(request, key)
    try:
        item = services.item_add(
            pool_id=pool.pk,
            serial=request.POST.get("serial", ""),
            label=request.POST.get("label", ""),
            user=request.user,
        )
        messages.success(request, _("Item %(serial)s added.") % {"serial": item.serial})
    except LendingRefused as exc:
        _refused(request, exc)
    return redirect("lending:pool", key=pool.key)


@login_required
@require_POST
def loan_add(request: HttpRequest, key: str) -> HttpResponse:
    """Staff register a request by hand (a pool lent without a case, such as course tablets,
    then for the course booking it names)."""
    pool = _pool(request, key)
    booking = None
    if request.POST.get("booking"):
        booking = course_selectors.booking_for_tablet(request.POST["booking"])
        if booking is None:
            messages.error(request, str(REFUSED["booking"]))
            return redirect("lending:pool", key=pool.key)
    try:
        services.loan_request(
            pool_key=pool.key, name=request.POST.get("name", "")[:200], booking=booking
        )
        messages.success(request, _("Saved."))
    except LendingRefused as exc:
        _refused(request, exc)
    return redirect("lending:pool", key=pool.key)


ITEM_TARGETS = {
    "repair": ItemState.IN_REPAIR,
    "repaired": ItemState.AVAILABLE,
    "retire": ItemState.RETIRED,
}


@login_required
@require_POST
def item_state(request: HttpRequest, key: str, item_id: int) -> HttpResponse:
    pool = _pool(request, key)
    target = ITEM_TARGETS.get(request.POST.get("action", ""))
    if target is None or not pool.items.filter(pk=item_id).exists():
        messages.error(request, str(REFUSED["state"]))
        return redirect("lending:pool", key=pool.key)
    try:
        services.item_state_change(
            item_id=item_id, target=target, user=request.user, reason=request.POST.get("reason", "")
        )
        messages.success(request, _("Saved."))
    except LendingRefused as exc:
        _refused(request, exc)
    return redirect("lending:pool", key=pool.key)


def _loan_action(action: str, loan_id: int, user, post) -> None:
    # What the form saw of the loan: sent twice, the second finds the loan moved on.
    seen = post.get("seen") or None
    staff = {"user": user, "seen": seen}
    if action == "pick_up":
        services.loan_pick_up(loan_id=loan_id, **staff)
    elif action == "set_up":
        services.loan_set_up(loan_id=loan_id, actor=Actor.STAFF, **staff)
    elif action == "extend":
        services.loan_extend(loan_id=loan_id, **staff)
    elif action == "return":
        services.loan_return(loan_id=loan_id, damage=post.get("damage", ""), **staff)
    elif action == "check":
        services.loan_check(loan_id=loan_id, note=post.get("note", ""), **staff)
    elif action == "damage":
        services.damage_report(loan_id=loan_id, user=user, description=post.get("damage", ""))
    elif action in ("accept", "decline"):
        services.offer_answer(
            loan_id=loan_id, accept=action == "accept", actor=Actor.STAFF, **staff
        )
    elif action == "withdraw":
        services.loan_withdraw(loan_id=loan_id, actor=Actor.STAFF, **staff)
    else:
        raise LendingRefused("state")


@login_required
@require_POST
def loan_action(request: HttpRequest, key: str, loan_id: int) -> HttpResponse:
    pool = _pool(request, key)
    if selectors.loan_in_pool(pool, loan_id) is None:
        raise Http404
    try:
        _loan_action(request.POST.get("action", ""), loan_id, request.user, request.POST)
        messages.success(request, _("Saved."))
    except LendingRefused as exc:
        _refused(request, exc)
    return redirect("lending:pool", key=pool.key)


@login_required
@require_POST
def answer(request: HttpRequest, loan_id: int) -> HttpResponse:
    """The borrower accepts or declines an offered item (from Mina sidor)."""
    if selectors.loan_for_person(request.user, loan_id) is None:
        raise Http404
    choice = request.POST.get("answer")
    if choice not in ("accept", "decline"):
        messages.error(request, _("Choose whether to accept or decline the offer."))
        return redirect("portal:my_pages")
    try:
        services.offer_answer(
            loan_id=loan_id, accept=choice == "accept", actor=Actor.BORROWER, user=request.user
        )
        messages.success(
            request,
            _("You accepted the offer. We will tell you where to pick it up.")
            if choice == "accept"
            else _("You declined the offer. It goes to the next in line."),
        )
    except LendingRefused as exc:
        _refused(request, exc)
    return redirect("portal:my_pages")


@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest, token) -> HttpResponse:
    """The receiving party (a school) confirms the set-up by the link staff gave them; the
    page shows only what the pool's `share` names."""
    loan = selectors.loan_by_setup_token(token)
    if loan is None:
        raise Http404
    if request.method == "POST":
        try:
            services.loan_set_up(loan_id=loan.pk, actor=Actor.RECEIVER)
            messages.success(request, _("Thank you: the set-up is confirmed."))
        except LendingRefused as exc:
            _refused(request, exc)
        return redirect("lending:setup", token=token)
    return _private(
        render(
            request,
            "lending/setup.html",
            {"loan": loan, "config": selectors.config_of(loan.pool)},
        )
    )
