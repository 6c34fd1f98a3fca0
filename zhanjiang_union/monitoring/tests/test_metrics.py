"""Prometheus metrics at /metrics: only the monitoring host may read them."""

import ipaddress
import uuid

import pytest
from django.test import override_settings
from prometheus_client.parser import text_string_to_metric_families

MONITOR = "10.20.0.5"
monitored = override_settings(
    METRICS_ALLOWED_NETWORKS=[ipaddress.ip_network("10.20.0.0/28"), ipaddress.ip_network("::1")]
)


def scrape(client) -> dict:
    response = client.get("/metrics", REMOTE_ADDR=MONITOR)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def test_nobody_may_read_them_by_default(client, db):
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404


@monitored
@pytest.mark.parametrize("address", ["10.20.0.16", "127.0.0.1", "10.20.1.5", "not-an-address"])
def test_other_addresses_get_404(client, db, address):
    response = client.get("/metrics", REMOTE_ADDR=address)
    assert response.status_code == 404
    assert b"zjgh_" not in response.content


@monitored
@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_behind_nginx_the_monitoring_host_is_the_forwarded_client(client, db):
    assert (
        client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=MONITOR).status_code
        == 200
    )
    # The same claim from anyone but the proxy is ignored.
    assert (
        client.get("/metrics", REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR=MONITOR).status_code
        == 404
    )


@monitored
def test_request_latency_by_view_and_status(client, db):
    key = (
        "zjgh_http_request_duration_seconds_count",
        (("method", "GET"), ("status", "2xx"), ("view", "home")),
    )
    before = scrape(client).get(key, 0)
    client.get("/")
    client.get("/")
    client.get("/no-such-page/")
    after = scrape(client)
    assert after[key] == before + 2
    assert (
        after[
            (
                "zjgh_http_request_duration_seconds_count",
                (("method", "GET"), ("status", "4xx"), ("view", "unmatched")),
            )
        ]
        >= 1
    )


@monitored
def test_jobs_last_success_duration_and_lateness(client, db, jobs_at):
    from zhanjiang_union.monitoring.models import Heartbeat

    jobs_at(deadline_sweep=4, notification_delivery=None)
    sweep = Heartbeat.objects.get(job="deadline_sweep")
    samples = scrape(client)
    job = (("job", "deadline_sweep"),)
    assert samples[("zjgh_job_last_success_timestamp_seconds", job)] == pytest.approx(
        sweep.last_success.timestamp()
    )
    assert samples[("zjgh_job_duration_seconds", job)] == 0.25
    assert samples[("zjgh_job_late", job)] == 1
    assert samples[("zjgh_job_late", (("job", "dashboard_refresh"),))] == 0
    assert samples[("zjgh_job_late", (("job", "notification_delivery"),))] == 1
    assert ("zjgh_job_last_success_timestamp_seconds", (("job", "notification_delivery"),)) not in (
        samples
    )


@monitored
def test_pending_deliveries(client, make_user):
    from zhanjiang_union.notifications.models import Notification

    user = make_user("mediator", "rights")
    for delivery in ("pending", "pending", "sent", "failed", "inbox"):
        Notification.objects.create(recipient=user, subject="s", delivery=delivery)
    assert scrape(client)[("zjgh_notifications_pending", ())] == 2


@monitored
# send_task always publishes, eager or not: that is what this test wants.
@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")
def test_celery_queue_depth(client, db):
    from zhanjiang_union.celery import app

    # A queue of the test's own, so a portal running on this machine takes nothing.
    queue = f"test-{uuid.uuid4().hex[:12]}"
    saved = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    try:
        with app.connection_for_write() as conn:
            assert scrape(client)[("zjgh_celery_queue_messages", (("queue", queue),))] == 0
            for _ in range(3):
                app.send_task("cases.tasks.deadlines_sweep", queue=queue, connection=conn)
            samples = scrape(client)
            assert samples[("zjgh_celery_broker_up", ())] == 1
            assert samples[("zjgh_celery_queue_messages", (("queue", queue),))] == 3
            conn.default_channel.queue_purge(queue)
    finally:
        app.conf.task_default_queue = saved


@monitored
def test_broker_down_is_a_metric_not_an_error(client, db):
    from zhanjiang_union.celery import app

    saved = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        samples = scrape(client)
    finally:
        app.conf.broker_url = saved
    assert samples[("zjgh_celery_broker_up", ())] == 0
    assert not any(name == "zjgh_celery_queue_messages" for name, _labels in samples)
