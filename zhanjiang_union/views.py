import logging

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from .celery import app as celery_app
from .navigation import start_page

logger = logging.getLogger(__name__)


def home(request):
    return render(request, "home.html")


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


@never_cache
def healthz(request):
    database, broker = _database_status(), _broker_status()
    healthy = database["ok"] and broker["ok"]
    return JsonResponse(
        {"status": "ok" if healthy else "down", "database": database, "broker": broker},
        status=200 if healthy else 503,
    )
