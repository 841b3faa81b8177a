"""Applying: start, the form's steps, autosave, review and send, and removing a draft.

Views parse the request, call a service, and render. What an answer means is decided by
digikommun.forms; what a step does with a POST by portal.steps.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from digikommun.catalog import selectors as catalog
from digikommun.catalog.facts import AnswerErrors
from digikommun.files.selectors import files_by_key
from digikommun.files.services import MB
from digikommun.files.uploads import install as install_upload_limits
from digikommun.forms.answers import form_state, validate
from digikommun.forms.display import step_answers

from . import prefill, receipt
from . import selectors as portal_selectors
from . import services as portal_services
from . import steps as portal_steps
from .binding import step_context


@login_required
@require_POST
def apply_start(request: HttpRequest, service_id: str) -> HttpResponse:
    version = catalog.current_version(service_id)
    if version is None:
        raise Http404
    draft = portal_services.draft_start(applicant=request.user, version=version)
    return redirect("portal:step", key=draft.key, number=1)


def _draft_or_404(request: HttpRequest, key):
    draft = portal_selectors.draft_for_applicant(applicant=request.user, key=key)
    if draft is None:
        raise Http404
    return draft, catalog.definition_for(draft.service_version)


def _gone(request: HttpRequest, draft, definition) -> HttpResponse:
    return render(request, "portal/draft_expired.html", {"service": definition}, status=410)


def _first_open_step(draft, definition) -> int:
    """The number of the step to continue at: the first shown step not yet passed."""
    shown = form_state(definition.steps, draft.raw).steps_visible
    for index in range(len(definition.steps)):
        if shown[index] and index >= draft.step:
            return index + 1
    return len(definition.steps) + 1  # everything passed: the review


def _step_url(draft, number: int, definition) -> str:
    if number > len(definition.steps):
        return reverse("portal:review", kwargs={"key": draft.key})
    return reverse("portal:step", kwargs={"key": draft.key, "number": number})


@login_required
def application_resume(request: HttpRequest, key) -> HttpResponse:
    draft, definition = _draft_or_404(request, key)
    if draft.submitted_case_id:
        return redirect("portal:case", case_id=draft.submitted_case_id)
    if portal_selectors.draft_is_expired(draft):
        return _gone(request, draft, definition)
    return redirect(_step_url(draft, _first_open_step(draft, definition), definition))


PENDING = "portal_pending_step"


@csrf_exempt
@require_http_methods(["GET", "POST"])
def application_step(request: HttpRequest, key, number: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return _logged_out_step(request, key, number)
    # The size limits of the step's file fields apply while the upload is read, so they are
    # set before anything reads the request body (which is why CSRF is checked just below).
    draft, definition = _draft_or_404(request, key)
    if request.method == "POST" and 1 <= number <= len(definition.steps):
        install_upload_limits(request, portal_steps.upload_limits(definition, number - 1), MB)
    return _application_step(request, draft, definition, number)


@csrf_protect
def _logged_out_step(request: HttpRequest, key, number: int) -> HttpResponse:
    """The session ended while a step was being filled in: keep what was sent (files aside)
    in this browser's session, and put it back into the draft after the next login."""
    if request.method == "POST":
        request.session[PENDING] = {
            "key": str(key),
            "number": number,
            "data": {
                k: request.POST.getlist(k) for k in request.POST if k != "csrfmiddlewaretoken"
            },
        }
    return redirect_to_login(request.path)


def _restore_pending(request: HttpRequest, draft, definition, number: int) -> None:
    pending = request.session.get(PENDING)
    if not pending or pending.get("key") != str(draft.key) or pending.get("number") != number:
        return
    del request.session[PENDING]
    data = QueryDict(mutable=True)
    for name, values in pending.get("data", {}).items():
        data.setlist(name, values)
    portal_services.draft_save_step(
        draft=draft, definition=definition, step_index=number - 1, data=data, validate=False
    )
    messages.info(request, _("You were logged out. What you had filled in has been kept."))


@csrf_protect
def _application_step(request: HttpRequest, draft, definition, number: int) -> HttpResponse:
    if draft.submitted_case_id:
        return redirect("portal:case", case_id=draft.submitted_case_id)
    if portal_selectors.draft_is_expired(draft):
        return _gone(request, draft, definition)
    shown = form_state(definition.steps, draft.raw).steps_visible
    if not 1 <= number <= len(definition.steps) or number - 1 > draft.step:
        return redirect(_step_url(draft, _first_open_step(draft, definition), definition))
    if not shown[number - 1]:
        following = portal_services.next_shown_step(definition, draft.raw, number - 1)
        return redirect(_step_url(draft, following + 1, definition))
    errors: dict[str, str] = {}
    refusals: dict[str, list[str]] = {}
    if request.method == "GET":
        _restore_pending(request, draft, definition, number)
        found = prefill.draft_prefill(
            draft=draft, definition=definition, fields=definition.steps[number - 1].fields
        )
        if found:
            portal_services.draft_store(draft=draft, definition=definition, updates=found)
    if request.method == "POST":
        outcome = portal_steps.step_post(
            request=request, draft=draft, definition=definition, index=number - 1
        )
        if outcome.go == "sent":
            return redirect("portal:case", case_id=draft.submitted_case_id)
        if outcome.go == "next":
            following = portal_services.next_shown_step(definition, draft.raw, number - 1)
            return redirect(_step_url(draft, following + 1, definition))
        if outcome.go == "back":
            shown = form_state(definition.steps, draft.raw).steps_visible
            earlier = [i for i in range(number - 1) if shown[i]]
            return redirect(_step_url(draft, (earlier[-1] + 1) if earlier else 1, definition))
        if outcome.go == "saved":
            messages.success(request, _saved_text(draft))
            return redirect("portal:my_pages")
        errors, refusals = outcome.errors, outcome.refusals
        if not errors and not refusals:
            # A row added or removed, a file removed: show the step again (GET), focus there.
            url = _step_url(draft, number, definition)
            return redirect(f"{url}#{outcome.focus}" if outcome.focus else url)
    context = step_context(
        definition=definition, draft=draft, number=number, errors=errors, refusals=refusals
    )
    context["expires_at"] = draft.expires_at
    status = 400 if context["errors"] else 200
    response = render(request, "portal/step.html", context, status=status)
    if context["has_map"]:
        _allow_map_tiles(response)
    return response


def _allow_map_tiles(response: HttpResponse) -> None:
    """Let this page load the map tiles' images (the site's CSP allows only its own)."""
    from urllib.parse import urlsplit

    from django.conf import settings

    from .binding import OSM_TILES

    tiles = urlsplit(getattr(settings, "PORTAL_MAP_TILE_URL", OSM_TILES))
    if tiles.scheme in ("http", "https") and tiles.netloc:
        response._csp_update = {"img-src": [f"{tiles.scheme}://{tiles.netloc}"]}


def _saved_text(draft) -> str:
    if draft.expires_at is None:
        return portal_steps.saved_message()
    when = formats.date_format(timezone.localtime(draft.expires_at), "Y-m-d")
    return _("Your answers are saved. You can continue from My pages until %(date)s.") % {
        "date": when
    }


@login_required
@require_POST
def application_autosave(request: HttpRequest, key, number: int) -> HttpResponse:
    """Keep what is typed as it is typed (JavaScript); judged only when the step is sent."""
    draft, definition = _draft_or_404(request, key)
    if draft.submitted_case_id or portal_selectors.draft_is_expired(draft):
        return JsonResponse({"saved": False}, status=409)
    if not 1 <= number <= len(definition.steps):
        raise Http404
    try:
        stored = portal_services.draft_autosave(
            draft=draft,
            definition=definition,
            step_index=number - 1,
            data=request.POST,
            version=request.POST.get("_version", ""),
        )
    except portal_services.AnswersRefused as exc:
        # The other answers were saved; these are kept as they were before.
        return JsonResponse(
            {
                "saved": False,
                "version": portal_services.draft_version(draft),
                "errors": exc.errors,
                "message": next(iter(exc.errors.values())),
            },
            status=400,
        )
    if not stored:  # the step was sent meanwhile: what it sent is newer
        return JsonResponse({"saved": False}, status=409)
    saved = timezone.localtime(draft.updated_at)
    return JsonResponse(
        {
            "saved": True,
            "version": portal_services.draft_version(draft),
            "message": _("Draft saved at %(time)s.") % {"time": saved.strftime("%H:%M")},
        }
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_review(request: HttpRequest, key) -> HttpResponse:
    draft, definition = _draft_or_404(request, key)
    if draft.submitted_case_id:
        return redirect("portal:case", case_id=draft.submitted_case_id)
    if portal_selectors.draft_is_expired(draft):
        return _gone(request, draft, definition)
    first_open = _first_open_step(draft, definition)
    if first_open <= len(definition.steps):
        return redirect(_step_url(draft, first_open, definition))
    _values, errors = validate(definition.steps, draft.raw)
    if errors:
        # Something changed since a step was passed (an earlier answer now shows a field):
        # go to the first step with a problem and say so.
        first = min(definition.step_of(path.split(".")[0]) for path in errors)
        messages.error(request, _("Some answers need to be corrected before you can send."))
        return redirect(_step_url(draft, first + 1, definition))
    email, email_error = receipt.check_email(
        request.POST.get("email", "") if request.method == "POST" else ""
    )
    if request.method == "POST" and email_error is None:
        if "email" in request.POST:  # an empty field means: send me nothing
            receipt.email_keep(user=request.user, email=email)
        try:
            case = portal_services.draft_submit(
                draft=draft, definition=definition, language=(get_language() or "sv")[:2]
            )
        except AnswerErrors:
            messages.error(request, _("Some answers need to be corrected before you can send."))
            return redirect("portal:step", key=key, number=1)
        messages.success(
            request,
            _("Your application has been received. Its case number is %(number)s.")
            % {"number": case.diary_number},
        )
        return redirect("portal:case", case_id=case.pk)
    file_keys = [
        k for f in definition.fields() if f.type == "file" for k in draft.raw.get(f.id) or []
    ]
    steps = step_answers(
        definition.steps, draft.raw, (get_language() or "sv")[:2], files_by_key(keys=file_keys)
    )
    return render(
        request,
        "portal/review.html",
        {
            "draft": draft,
            "service": definition,
            "steps": steps,
            "email": email if request.method == "POST" else receipt.last_email(request.user),
            "email_error": email_error,
        },
        status=400 if email_error else 200,
    )


@login_required
@require_POST
def draft_delete(request: HttpRequest, key) -> HttpResponse:
    draft, definition = _draft_or_404(request, key)
    if draft.submitted_case_id or not portal_services.draft_delete(draft=draft):
        return redirect("portal:case", case_id=draft.submitted_case_id)  # sent: not removed
    messages.success(request, _("The unsent application has been removed."))
    return redirect("portal:my_pages")
