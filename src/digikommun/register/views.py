"""The public register of automated decision models: a list, a page per service and version
(with `?compare=N` for the differences from version N), and the whole register as JSON."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from . import describe, selectors


def algorithms(request: HttpRequest) -> HttpResponse:
    entries = [selectors.model_entry(v) for v in selectors.automated_current_versions()]
    return render(request, "register/algorithms.html", {"entries": entries})


def algorithms_json(request: HttpRequest) -> JsonResponse:
    base = request.build_absolute_uri("/").rstrip("/")
    response = JsonResponse(
        selectors.register_json(base_url=base), json_dumps_params={"ensure_ascii": False}
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def algorithm(request: HttpRequest, service_id: str, number: int | None = None) -> HttpResponse:
    version = selectors.version_of(service_id=service_id, number=number)
    if version is None:
        raise Http404
    entry = selectors.model_entry(version)
    compare, changes, compare_error = None, None, ""
    raw = request.GET.get("compare", "")
    if raw:
        other = selectors.version_of(service_id=service_id, number=_number(raw))
        if other is None or other.pk == version.pk:
            compare_error = "unknown"
        else:
            compare = other.number
            changes = describe.diff(
                selectors.definition_for(other).rules, selectors.definition_for(version).rules
            )
    return render(
        request,
        "register/algorithm.html",
        {
            "entry": entry,
            "compare": compare,
            "changes": changes,
            "compare_error": compare_error,
            "other_versions": [v for v in entry["versions"] if v["number"] != version.number],
        },
    )


def _number(raw: str) -> int:
    try:
        return int(raw.lstrip("v"))
    except ValueError:
        return -1
