"""Errors as problem documents (RFC 9457, `application/problem+json`), in the language
the client asked for (Accept-Language; Chinese by default).

Every refusal has `type`, `title`, `status` and `detail`; a refusal of fields adds
`errors`, a list of {"field", "message"} (the field "" for the request as a whole).
"""

import json
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers
from rest_framework.response import Response

logger = logging.getLogger(__name__)

PROBLEM_TYPE_BASE = "https://12351.zjzgh.example/problems/"
CONTENT_TYPE = "application/problem+json"


class DomainRefusal(exceptions.APIException):
    """A service's domain error (CaseError, HotlineError, WorkOrderError) as an answer."""

    status_code = 409
    default_code = "refused"


def _titles() -> dict[int, tuple[str, str]]:
    return {
        400: ("invalid", _("The request has errors")),
        401: ("unauthenticated", _("Authentication is needed")),
        403: ("forbidden", _("This client may not do that")),
        404: ("not-found", _("Not found")),
        405: ("method-not-allowed", _("Method not allowed")),
        406: ("not-acceptable", _("Not acceptable")),
        409: ("conflict", _("The request conflicts with the record's state")),
        413: ("too-large", _("The request is too large")),
        415: ("unsupported-media-type", _("Unsupported media type")),
        422: ("idempotency-key-reused", _("The Idempotency-Key was used for another request")),
        429: ("throttled", _("Too many requests")),
        500: ("server-error", _("Something went wrong on our side")),
    }


def problem(status: int, detail: str, *, errors: list | None = None, title: str = "") -> dict:
    slug, default_title = _titles().get(status, ("error", _("Error")))
    body = {
        "type": PROBLEM_TYPE_BASE + slug,
        "title": title or default_title,
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    return body


def _flatten(detail, prefix: str = "") -> list[dict]:
    """DRF's nested error detail as a flat list of {"field", "message"}."""
    if isinstance(detail, dict):
        rows = []
        for key, value in detail.items():
            name = "" if key in ("non_field_errors", "__all__") else str(key)
            rows += _flatten(value, f"{prefix}.{name}" if prefix and name else prefix or name)
        return rows
    if isinstance(detail, list):
        rows = []
        for index, value in enumerate(detail):
            # A list of objects (nested serializers) names each by its index.
            rows += _flatten(value, f"{prefix}[{index}]" if isinstance(value, dict) else prefix)
        return rows
    return [{"field": prefix, "message": str(detail)}]


def exception_handler(exc, context):
    """DRF's exception handler: every error a view raises becomes a problem document."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None  # a bug: Django's 500, turned into a problem by ApiProblemMiddleware
    status = exc.status_code
    headers = {}
    errors = None
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        detail = _("Correct the fields listed in “errors” and send the request again.")
    elif isinstance(exc, exceptions.Throttled):
        detail = _("Too many requests from this client. Try again in %(seconds)s seconds.") % {
            "seconds": int(exc.wait or 1)
        }
        if exc.wait:
            headers["Retry-After"] = str(int(exc.wait))
    elif isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        status = 401
        headers["WWW-Authenticate"] = 'Bearer realm="api"'
        detail = str(exc.detail)
    elif isinstance(exc, exceptions.ParseError):
        # DRF's own message quotes the parser's error in English.
        parser_said = str(exc.detail).startswith("JSON parse error")
        detail = _("The body is not valid JSON.") if parser_said else str(exc.detail)
    elif isinstance(exc, exceptions.UnsupportedMediaType):
        detail = _("Send the body as application/json or multipart/form-data.")
    elif isinstance(exc, exceptions.MethodNotAllowed):
        detail = _("This endpoint does not answer to %(method)s.") % {
            "method": context["request"].method
        }
    elif isinstance(exc, exceptions.NotFound):
        detail = _("Nothing here matches the request.")
    elif isinstance(exc, exceptions.PermissionDenied):
        detail = str(exc.detail)
        if detail == str(exceptions.PermissionDenied.default_detail):
            detail = _("This client’s scopes do not allow this request.")
    else:
        detail = str(exc.detail)
    return Response(
        problem(status, detail, errors=errors),
        status=status,
        headers=headers,
        content_type=CONTENT_TYPE,
    )


def problem_response(status: int, detail: str, **kwargs) -> JsonResponse:
    return JsonResponse(
        problem(status, detail, **kwargs),
        status=status,
        content_type=CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )


class StrictJSONParser(parsers.JSONParser):
    """JSON whose top level is an object; anything else is refused plainly."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if not isinstance(data, dict):
            raise exceptions.ParseError(_("The body must be a JSON object."))
        return data


class ApiProblemMiddleware:
    """For /api/ only: bodies over the limit refused before they are read, and any
    error outside DRF's reach (a 404 of the URL resolver, a bug) as a problem
    document instead of an HTML page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        too_large = self._too_large(request)
        if too_large:
            return too_large
        response = self.get_response(request)
        if response.status_code == 404 and not response.get("Content-Type", "").startswith(
            ("application/json", CONTENT_TYPE)
        ):
            return problem_response(404, _("Nothing here matches the request."))
        return response

    def _too_large(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return problem_response(400, _("The Content-Length header is not a number."))
        is_json = request.META.get("CONTENT_TYPE", "").startswith("application/json")
        limit = settings.API_MAX_JSON_BYTES if is_json else settings.API_MAX_BODY_BYTES
        if length > limit:
            return problem_response(
                413,
                _("The body has %(size)s bytes; this endpoint takes at most %(limit)s.")
                % {"size": length, "limit": limit},
            )
        return None

    def process_exception(self, request, exception):
        if not request.path.startswith("/api/"):
            return None
        logger.exception(
            "API error at %s", request.resolver_match.route if request.resolver_match else "?"
        )
        return problem_response(500, _("The request could not be completed. Try again later."))


def json_dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
