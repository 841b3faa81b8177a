"""The token endpoint for API clients (client credentials), counted per client address."""

from __future__ import annotations

from django.conf import settings
from oauth2_provider.views import TokenView as _TokenView

from digikommun.common.problems import problem_response
from digikommun.limits.services import Limit, RateLimited, client_ip, limit_take


class TokenView(_TokenView):
    def post(self, request, *args, **kwargs):
        try:
            limit_take(
                scope="api_token",
                who=client_ip(request),
                limit=Limit(count=settings.API_UNAUTHENTICATED_PER_MINUTE, seconds=60),
            )
        except RateLimited as exc:
            return problem_response(
                request, 429, headers={"Retry-After": str(max(1, exc.retry_after))}
            )
        return super().post(request, *args, **kwargs)
