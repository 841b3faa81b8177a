"""How Open311 answers are written: JSON (UTF-8, said in the Content-Type) or XML with one
element per list item, and errors as the specification's list of {code, description}.

Every answer under /open311/v2/ goes through here, errors included, so a client never meets
an HTML page: a bad path or format, a method the resource does not have, a form too large.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

from .text import xml_safe

# The element name of one item in each list, for XML.
ITEM = {
    "services": "service",
    "service_requests": "request",
    "service_request_updates": "request_update",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "notes": "note",
}


class ApiError(Exception):
    def __init__(self, status: int, *descriptions: str):
        super().__init__(descriptions[0])
        self.status, self.descriptions = status, descriptions


def _xml_value(parent: ET.Element, tag: str, value: Any) -> None:
    el = ET.SubElement(parent, tag)
    if isinstance(value, dict):
        for k, v in value.items():
            _xml_value(el, k, v)
    elif isinstance(value, list):
        for item in value:
            _xml_value(el, ITEM.get(tag, "item"), item)
    elif isinstance(value, bool):
        el.text = "true" if value else "false"
    elif value is not None:
        el.text = xml_safe(str(value))


def render_open311(data: Any, fmt: str, *, root: str, status: int = 200) -> HttpResponse:
    """A list (or one object) as JSON, or as XML under `root` with one element per item."""
    if fmt == "json":
        return HttpResponse(
            json.dumps(data, ensure_ascii=False),
            status=status,
            content_type="application/json; charset=utf-8",
        )
    top = ET.Element(root)
    if isinstance(data, list):
        for item in data:
            _xml_value(top, ITEM[root], item)
    else:
        for k, v in data.items():
            _xml_value(top, k, v)
    body = '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(top, encoding="unicode")
    return HttpResponse(body, status=status, content_type="text/xml; charset=utf-8")


def error_response(err: ApiError, fmt: str, *, allow: tuple[str, ...] = ()) -> HttpResponse:
    data = [{"code": err.status, "description": d} for d in err.descriptions]
    response = render_open311(data, fmt, root="errors", status=err.status)
    if err.status == 429:
        response["Retry-After"] = "60"
    if allow:
        response["Allow"] = ", ".join(allow)
    return response


def read_post(request: HttpRequest):
    """The POSTed form, or an ApiError a client can read when it is too large or broken."""
    try:
        request.POST  # noqa: B018 - parsing happens on first access
        request.FILES  # noqa: B018
    except RequestDataTooBig:
        raise ApiError(413, _("The request is too large.")) from None
    except (SuspiciousOperation, MultiPartParserError):
        raise ApiError(400, _("The request's form data cannot be read.")) from None
    return request.POST


def endpoint(*methods: str) -> Callable:
    """An Open311 resource answering `methods`: errors of every kind as Open311 error lists."""

    def decorate(view):
        def wrapped(request: HttpRequest, fmt: str, **kwargs):
            if request.method not in methods:
                err = ApiError(
                    405,
                    _("This resource answers %(methods)s only.") % {"methods": ", ".join(methods)},
                )
                return error_response(err, fmt, allow=methods)
            try:
                return view(request, fmt, **kwargs)
            except ApiError as err:
                return error_response(err, fmt)

        wrapped.__name__ = view.__name__
        wrapped.__doc__ = view.__doc__
        wrapped.csrf_exempt = True  # API clients send an api_key, not a session's CSRF token
        return wrapped

    return decorate


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other path under /open311/v2/: a 404 in the format asked for, XML by default."""
    fmt = "json" if rest.endswith(".json") else "xml"
    err = ApiError(
        404,
        _("There is no such resource. The API's resources are listed in discovery.xml."),
    )
    return error_response(err, fmt)
