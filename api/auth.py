"""Who is calling: a client's bearer token, the scopes it holds, its rate limit."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import authentication, exceptions, permissions, throttling

from . import services


class ClientTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <token>`. request.user is the client's account (it cannot
    log in), request.auth the ApiClient."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        keyword, _space, token = header.partition(" ")
        if keyword != self.keyword or not token.strip():
            raise exceptions.AuthenticationFailed(
                _("Send the token as “Authorization: Bearer <token>”.")
            )
        client = services.client_for_token(token.strip())
        if client is None:
            raise exceptions.AuthenticationFailed(_("This token is not valid or was revoked."))
        return client.user, client

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class HasScope(permissions.BasePermission):
    """The view's `required_scope`, held by the calling client."""

    message = gettext_lazy("This client’s scopes do not allow this request.")

    def has_permission(self, request, view):
        scope = getattr(view, "required_scope", None)
        if scope is None:
            return True  # the schema and its page
        if request.auth is None:
            raise exceptions.NotAuthenticated(_("Send the client’s token as a Bearer token."))
        return request.auth.has_scope(scope)


_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE_PATTERN = re.compile(r"^(\d+)/(\d*)(s|sec|m|min|h|hour|d|day)$")


def parse_rate(rate: str) -> tuple[int, int]:
    """ "600/min", "10/10m": (requests, seconds)."""
    match = RATE_PATTERN.match(rate.strip())
    if not match:
        raise ValueError(rate)
    count, multiple, unit = match.groups()
    return int(count), int(multiple or 1) * _PERIODS[unit[0]]


class ClientRateThrottle(throttling.SimpleRateThrottle):
    """Each client's own rate (set by the admin on the client)."""

    scope = "client"
    rate = "1/s"  # replaced per request by the client's rate

    def parse_rate(self, rate):
        return parse_rate(rate)

    def allow_request(self, request, view):
        client = request.auth
        if client is None:
            return True
        self.num_requests, self.duration = parse_rate(client.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class TrackThrottle(throttling.SimpleRateThrottle):
    """Like the tracking page's limit per address: ten lookups in ten minutes per client
    and case number, against guessing query codes through a partner."""

    scope = "track"
    rate = "10/10m"

    def parse_rate(self, rate):
        return parse_rate(rate)

    def get_cache_key(self, request, view):
        if request.auth is None:
            return None
        number = request.data.get("number") if hasattr(request.data, "get") else None
        ident = services.digest(f"{request.auth.pk}:{str(number or '').strip()}")
        return self.cache_format % {"scope": self.scope, "ident": ident}
