"""Every call to the JSON API is written to the audit log, as a page read is: who (the API
client), what (method, path, the answer's status) and which case, when there is one."""

from __future__ import annotations

from django.db import DatabaseError

from digikommun.audit.services import audit_log

PREFIX = "/api/v1/"


class ApiAuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(PREFIX) and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"  # personal data, never cached
        caller = getattr(request, "api_caller", None)
        if caller is not None and request.path.startswith(PREFIX):
            try:
                audit_log(
                    actor=None,
                    label=f"api:{caller.client.name}",
                    action="api.write"
                    if request.method in ("POST", "PUT", "PATCH", "DELETE")
                    else "api.read",
                    case_id=getattr(request, "api_case_id", None),
                    detail={
                        "client": caller.client.name,
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                    },
                )
            except DatabaseError:
                # The log could not be written: the answer is withheld rather than given
                # unlogged (a read the log does not show must not happen).
                from django.utils.translation import gettext as _

                from digikommun.common.problems import problem_response

                return problem_response(request, 503, _("The call could not be logged; try again."))
        return response
