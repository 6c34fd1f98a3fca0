import logging
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import FileResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.views.decorators.cache import cache_control, never_cache

from .celery import app as celery_app
from .monitoring.selectors import jobs_state
from .navigation import start_page

logger = logging.getLogger(__name__)


def home(request):
    return render(request, "home.html")


FAVICON = Path(__file__).resolve().parent.parent / "static" / "favicon.ico"


@cache_control(public=True, max_age=86400)
def favicon(request):
    """/favicon.ico, which browsers ask for on every site whatever the page links."""
    return FileResponse(FAVICON.open("rb"), content_type="image/x-icon")


def server_error(request):
    """The 500 page in the portal's look and the reader's language (LocaleMiddleware set
    it before the error): rendered without context processors, which may be what failed."""
    return HttpResponseServerError(loader.get_template("500.html").render({}))


@login_required
def start(request):
    """Where a login lands when it has no `next`: the user's own start page."""
    return redirect(start_page(request.user))


def _database_status() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means "down"; the log says which
        logger.warning("healthz: database unreachable: %s", type(exc).__name__)
        return {"ok": False, "vendor": connection.vendor}
    return {"ok": True, "vendor": connection.vendor}


def _broker_status() -> dict:
    with celery_app.connection_for_write() as conn:
        transport = conn.transport_cls
        try:
            conn.ensure_connection(max_retries=1, timeout=2)
            # Opening a channel is what fails when the filesystem broker's
            # folder is gone or unwritable.
            _channel = conn.default_channel
        except Exception as exc:
            logger.warning("healthz: broker unreachable: %s", type(exc).__name__)
            return {"ok": False, "transport": transport}
    return {"ok": True, "transport": transport}


def _jobs_status() -> dict:
    try:
        states = jobs_state()
    except Exception as exc:  # the database is down: _database_status says so
        logger.warning("healthz: job heartbeats unreadable: %s", type(exc).__name__)
        return {}
    return {state.job.value: state.as_json() for state in states}


@never_cache
def healthz(request):
    """200 when the database and broker answer and every periodic job (deadline sweep,
    dashboard refresh, notification delivery) succeeded within three of its intervals;
    503 otherwise, naming what failed."""
    database, broker, jobs = _database_status(), _broker_status(), _jobs_status()
    healthy = (
        database["ok"] and broker["ok"] and bool(jobs) and all(job["ok"] for job in jobs.values())
    )
    return JsonResponse(
        {
            "status": "ok" if healthy else "down",
            "database": database,
            "broker": broker,
            "jobs": jobs,
        },
        status=200 if healthy else 503,
    )
