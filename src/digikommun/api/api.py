"""The JSON API under /api/v1/: the NinjaAPI, its errors as problem details, and its
OpenAPI 3.1 description (error answers described as application/problem+json)."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from digikommun.cases.handling import CaseChanged
from digikommun.cases.workflow import TransitionRefused
from digikommun.common.problems import CONTENT_TYPE, problem_response

from . import routes_cases, routes_services
from . import scopes as api_scopes
from .auth import BearerToken
from .problems import Problem, validation_errors
from .selectors import BadCursor
from .services import InputErrors

DESCRIPTION = (
    """\
Services, cases, decisions and their documents, for partner systems and the counter's tools.

Clients authenticate with OAuth2 client credentials at `/api/oauth/token/` and send the
token as `Authorization: Bearer …`. Scopes: """
    + ", ".join(f"`{name}` ({text.lower()})" for name, text in api_scopes.ACTIONS.items())
    + """; each may be limited to one service as `ACTION:SERVICE_ID`. Errors are problem
details (RFC 9457). See docs/api.md."""
)


class DigikommunApi(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for item in schema.get("paths", {}).values():
            for operation in item.values():
                # ninja keys its responses by int and openapi_extra's by str: one key each,
                # the extra's (a file's media types) winning.
                operation["responses"] = {
                    str(k): v for k, v in operation.get("responses", {}).items()
                }
                for status, response in operation["responses"].items():
                    content = response.get("content") or {}
                    if int(status) >= 400 and "application/json" in content:
                        response["content"] = {CONTENT_TYPE: content["application/json"]}
        components = schema.setdefault("components", {}).setdefault("securitySchemes", {})
        components["BearerToken"] = {
            "type": "oauth2",
            "flows": {
                "clientCredentials": {
                    "tokenUrl": "/api/oauth/token/",
                    "scopes": dict(api_scopes.ACTIONS),
                }
            },
        }
        return schema


api = DigikommunApi(
    title="Digikommun API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=BearerToken(),
    docs_url=None,
)


@api.exception_handler(Problem)
def _problem(request: HttpRequest, exc: Problem):
    return problem_response(request, exc.status, exc.detail, errors=exc.errors, headers=exc.headers)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError):
    return problem_response(
        request,
        401,
        _("A valid bearer token is needed (OAuth2 client credentials)."),
        headers={"WWW-Authenticate": 'Bearer realm="digikommun"'},
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError):
    return problem_response(request, exc.status_code, str(exc))


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError):
    return problem_response(
        request, 422, _("The request is not valid."), errors=validation_errors(exc.errors)
    )


@api.exception_handler(InputErrors)
def _input_errors(request: HttpRequest, exc: InputErrors):
    return problem_response(request, 422, _("The request is not valid."), errors=exc.errors)


@api.exception_handler(BadCursor)
def _bad_cursor(request: HttpRequest, exc: BadCursor):
    return problem_response(request, 400, _("The cursor is not one this API gave."))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404):
    return problem_response(request, 404, _("There is no such resource, or not for this client."))


@api.exception_handler(TransitionRefused)
def _refused(request: HttpRequest, exc: TransitionRefused):
    return problem_response(
        request,
        409,
        _("The case cannot go from %(current)s to %(target)s.")
        % {"current": exc.current, "target": exc.target},
    )


@api.exception_handler(CaseChanged)
def _changed(request: HttpRequest, exc: CaseChanged):
    return problem_response(request, 409, _("The case changed since it was read; read it again."))


api.add_router("/services", routes_services.router)
api.add_router("/cases", routes_cases.router)
