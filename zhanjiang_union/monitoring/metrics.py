"""Prometheus metrics (prometheus-client): request latency, measured by the middleware
in each web process; the Celery queue depth, the jobs' last success and duration and
the deliveries still pending, read from the broker and the database at each scrape.

Under gunicorn, PROMETHEUS_MULTIPROC_DIR (deploy/gunicorn.conf.py) makes every worker
process write its samples there, and a scrape adds them up, whichever worker answers.
"""

import os
import time

from prometheus_client import CollectorRegistry, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily

REQUEST_LATENCY = Histogram(
    "zjgh_http_request_duration_seconds",
    "Time from request to response in the Django application, by view and status class.",
    ["method", "view", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class RequestLatencyMiddleware:
    """Times every request. Labels stay few: the URL pattern's name (never the path,
    which holds ids), the method and the status class."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        REQUEST_LATENCY.labels(
            method=request.method if request.method in _METHODS else "other",
            view=(match.view_name or "unnamed") if match else "unmatched",
            status=f"{response.status_code // 100}xx",
        ).observe(time.perf_counter() - started)
        return response


class PortalCollector:
    """What is read fresh at each scrape rather than counted in a process."""

    def collect(self):
        from django.utils import timezone

        from zhanjiang_union.notifications.models import Notification

        from .selectors import jobs_state

        now = timezone.now()
        last_success = GaugeMetricFamily(
            "zjgh_job_last_success_timestamp_seconds",
            "When each periodic job last finished without error (Unix time).",
            labels=["job"],
        )
        duration = GaugeMetricFamily(
            "zjgh_job_duration_seconds",
            "How long each periodic job's last successful run took.",
            labels=["job"],
        )
        late = GaugeMetricFamily(
            "zjgh_job_late",
            "1 when a job's last success is older than three of its intervals (/healthz 503).",
            labels=["job"],
        )
        for state in jobs_state(now=now):
            if state.last_success is not None:
                last_success.add_metric([state.job.value], state.last_success.timestamp())
                duration.add_metric([state.job.value], state.last_duration)
            late.add_metric([state.job.value], 1.0 if state.late else 0.0)
        yield last_success
        yield duration
        yield late

        yield GaugeMetricFamily(
            "zjgh_notifications_pending",
            "Notifications waiting to be sent by e-mail or SMS.",
            value=Notification.objects.filter(delivery=Notification.Delivery.PENDING).count(),
        )
        yield from _queue_metrics()


def _queue_metrics():
    from amqp.exceptions import ChannelError as AmqpChannelError
    from kombu.exceptions import ChannelError

    from zhanjiang_union.celery import app

    queue = app.conf.task_default_queue
    depth = GaugeMetricFamily(
        "zjgh_celery_queue_messages", "Messages waiting in a Celery queue.", labels=["queue"]
    )
    up = GaugeMetricFamily("zjgh_celery_broker_up", "1 when the Celery broker answered.")
    try:
        with app.connection_for_read() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            try:
                _name, messages, _consumers = conn.default_channel.queue_declare(
                    queue=queue, passive=True
                )
            except (ChannelError, AmqpChannelError):
                messages = 0  # Redis drops an empty list's key: no queue is an empty queue
    except Exception:  # broker down: say so rather than fail the whole scrape
        up.add_metric([], 0.0)
        yield up
        return
    up.add_metric([], 1.0)
    depth.add_metric([queue], float(messages))
    yield up
    yield depth


def metrics_exposition() -> bytes:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Every gunicorn worker's samples, whichever worker answers the scrape.
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(REQUEST_LATENCY)
    registry.register(PortalCollector())
    return generate_latest(registry)
