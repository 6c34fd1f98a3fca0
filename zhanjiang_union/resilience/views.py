"""The HTTP answers of faults met: a form sent twice, a database that went away."""

import logging
import sys

from django.contrib import messages
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import redirect
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from .faults import fault_record
from .submissions import Submission, submission_key_of, submission_previous

logger = logging.getLogger(__name__)


def resubmission_redirect(request, *, kind: str):
    """For a staff form sent again with a key already used: back to what the first
    sending made, saying so. None for a first sending."""
    if request.method != "POST":
        return None
    previous = submission_previous(key=submission_key_of(request.POST), kind=kind)
    return already_done_redirect(request, previous) if previous else None


def already_done_redirect(request, submission: Submission):
    messages.info(request, _("This form had already been sent: it was saved once, not twice."))
    return redirect(submission.result_url or "home")


# --- A database blip: a polite 503, not a bare 500 ------------------------------------

LOST_CONNECTION = (OperationalError, InterfaceError)


@requires_csrf_token
def server_error(request, template_name: str = "500.html"):
    """handler500. A lost database connection (a restart, a failover) answers 503 with
    the portal's own page in the user's language, asking to try again in a moment; the
    next request reconnects (CONN_HEALTH_CHECKS). The page is rendered without a request
    context: no context processor, nothing that would touch the database."""
    error = sys.exc_info()[1]
    if isinstance(error, LOST_CONNECTION):
        fault_record("database.unavailable", type(error).__name__)
        language = translation.get_language_from_request(request)
        with translation.override(language):
            body = loader.get_template("503.html").render(
                {"LANGUAGE_CODE": translation.get_language()}
            )
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "5"
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponseServerError(loader.get_template(template_name).render())
