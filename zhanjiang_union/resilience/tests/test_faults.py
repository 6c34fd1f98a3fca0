"""Fault injection: the portal's own Redis (cache and broker) stopped, hung and restarted
while workers file complaints with evidence and track them and staff work cases.
Asserted as a user would notice: no error page, no request held for seconds, no case
lost or filed twice, and every receipt delivered exactly once after recovery.

Marked `faults`: runs where PostgreSQL and Redis are configured (CI's second pass),
each test with a redis-server of its own on a free port, never the machine's.
"""

import base64
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import redis
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cases.models import Case, Evidence
from hotline.models import Call
from hotline.tests.form_data import call_form
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.celery import app
from zhanjiang_union.notifications.backends import MemorySmsBackend
from zhanjiang_union.notifications.models import Notification
from zhanjiang_union.notifications.tasks import deliver_pending
from zhanjiang_union.resilience import cache as resilient_cache
from zhanjiang_union.resilience.faults import FAULTS
from zhanjiang_union.testing import _reset_broker_pools

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
# A request may wait out one short timeout (cache or broker), never more.
SLOWEST_ANSWER = 3.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OwnRedis:
    """A redis-server of the test's own: started, stopped (gone: connection refused),
    paused (hung: connections accepted, nothing answered) and started again."""

    def __init__(self, folder: Path):
        self.port, self.folder, self.process = free_port(), folder, None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis(port=self.port, socket_timeout=0.2)
        for _ in range(100):
            try:
                if client.ping():
                    return
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)

    def pause(self) -> None:
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        os.kill(self.process.pid, signal.SIGCONT)

    def queued(self, queue: str) -> list[dict]:
        """The task messages waiting in `queue` (the broker is db 1), taken off it."""
        client = redis.Redis(port=self.port, db=1)
        messages = []
        while raw := client.rpop(queue):
            message = json.loads(raw)
            args, kwargs, _embed = json.loads(base64.b64decode(message["body"]))
            messages.append({"task": message["headers"]["task"], "args": args, "kwargs": kwargs})
        return messages


@pytest.fixture
def own_redis(tmp_path):
    server = OwnRedis(tmp_path)
    server.start()
    yield server
    if server.process.poll() is None:
        server.resume()
        server.stop()


@pytest.fixture
def portal_on(own_redis, settings):
    """The portal's cache and broker pointed at the test's Redis, with the production
    settings' timeouts; tasks queued for real (a worker drains them after recovery)."""
    from django.conf import settings as live

    settings.CACHES = {
        "default": {
            **live.CACHES["default"],
            "BACKEND": "zhanjiang_union.resilience.cache.RedisCacheWithFallback",
            "LOCATION": f"{own_redis.url}/0",
            "OPTIONS": {"socket_timeout": 0.5, "socket_connect_timeout": 0.5, "RETRY_AFTER": 2},
        }
    }
    names = ("broker_url", "broker_transport_options", "task_always_eager",
             "task_default_queue", "task_publish_retry_policy", "broker_connection_timeout")  # fmt: skip
    saved = {name: app.conf[name] for name in names}
    app.conf.broker_url = f"{own_redis.url}/1"
    app.conf.broker_transport_options = live.CELERY_BROKER_TRANSPORT_OPTIONS
    app.conf.task_publish_retry_policy = live.CELERY_TASK_PUBLISH_RETRY_POLICY
    app.conf.broker_connection_timeout = live.CELERY_BROKER_CONNECTION_TIMEOUT
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue = f"faults-{own_redis.port}"
    _reset_broker_pools(app)
    recovered()
    MemorySmsBackend.outbox.clear()
    yield queue
    for name, value in saved.items():
        app.conf[name] = value
    _reset_broker_pools(app)
    recovered()


def recovered() -> None:
    """Time passes: each process tries Redis again (RETRY_AFTER, BROKER_RETRY_AFTER)."""
    from zhanjiang_union import celery

    resilient_cache._down_until.clear()
    celery._broker_down_until[0] = 0.0


def timed(call, *args, **kwargs):
    started = time.monotonic()
    response = call(*args, **kwargs)
    elapsed = time.monotonic() - started
    assert elapsed < SLOWEST_ANSWER, f"{args[0]} took {elapsed:.1f} s"
    assert response.status_code < 500, f"{args[0]}: {response.status_code}"
    return response


def key_from(page: str) -> str:
    return re.search(r'name="submission_key" value="([0-9a-f-]{36})"', page).group(1)


def file_complaint(browser, complaint_data, phone: str):
    """A worker on a phone: opens the form, files with evidence, reads the receipt."""
    key = key_from(timed(browser.get, reverse("cases:complaint_new")).content.decode())
    data = {
        **complaint_data,
        "phone": phone,
        "submission_key": key,
        "evidence": [SimpleUploadedFile("工资条.png", PNG, "image/png")],
    }
    filed = timed(browser.post, reverse("cases:complaint_new"), data)
    assert filed.status_code == 302, filed.content.decode()[:500]
    page = timed(browser.get, filed["Location"]).content.decode()
    number = re.search(r'data-testid="case-number">([^<]+)<', page).group(1)
    code = re.search(r'data-testid="query-code">(\w+)<', page).group(1)
    return {"number": number, "code": code, "phone": phone, "key": key, "data": data}


def track(browser, filing) -> None:
    response = timed(
        browser.post,
        reverse("cases:track"),
        {"number": filing["number"], "code": filing["code"]},
        follow=True,
    )
    assert filing["number"] in response.content.decode()


def work_cases(staff, operator_browser) -> None:
    """Staff during the outage: the queue, a case page, a move, the desk and the dashboard."""
    case = Case.objects.filter(status="intake").order_by("pk").first()
    timed(staff.get, reverse("cases:workbench"))
    timed(staff.get, reverse("cases:detail", args=[case.pk]))
    url = reverse("cases:move", args=[case.pk, "accept_mediation"])
    key = key_from(timed(staff.get, url).content.decode())
    moved = timed(staff.post, url, {"version": case.version, "note": "", "submission_key": key})
    assert moved.status_code == 302
    desk = reverse("hotline:desk")
    key = key_from(timed(operator_browser.get, desk).content.decode())
    timed(operator_browser.post, desk, {**call_form(), "submission_key": key})
    timed(operator_browser.get, reverse("hotline:followups"))


def deliver_after_recovery(own_redis, queue: str) -> None:
    """What the worker and beat do once Redis is back: run what was queued, then the
    periodic delivery pass."""
    for message in own_redis.queued(queue):
        app.tasks[message["task"]](*message["args"], **message["kwargs"])
    deliver_pending()


def assert_each_filed_once_and_told_once(filings) -> None:
    cases = {case.number: case for case in Case.objects.filter(channel="web")}
    assert sorted(cases) == sorted(filing["number"] for filing in filings)  # none lost
    assert len(cases) == len(filings)  # none doubled
    sequences = sorted(case.sequence for case in cases.values())
    assert sequences == list(range(sequences[0], sequences[0] + len(sequences)))
    assert Evidence.objects.filter(case__in=cases.values()).count() == len(filings)
    for filing in filings:
        texts = [text for phone, text in MemorySmsBackend.outbox if phone == filing["phone"]]
        assert len(texts) == 1, (filing["number"], texts)  # exactly once
        assert filing["number"] in texts[0] and filing["code"] in texts[0]
    receipts = Notification.objects.filter(recipient=None)
    assert {note.delivery for note in receipts} == {"sent"}


def test_redis_stopped_and_restarted_while_workers_file_and_staff_work(
    portal_on, own_redis, complaint_data, role_users
):
    queue = portal_on
    worker = Client()
    staff = Client()
    staff.force_login(role_users[Role.MEDIATOR])
    operator = Client()
    operator.force_login(role_users[Role.HOTLINE_OPERATOR])
    leader = Client()
    leader.force_login(role_users[Role.LEADERSHIP])

    filings = [file_complaint(worker, complaint_data, "13800000001")]
    track(worker, filings[0])

    own_redis.stop()  # Redis gone: connections refused
    fallbacks = FAULTS["cache.fallback"]
    filings.append(file_complaint(Client(), complaint_data, "13800000002"))
    browser = Client()
    filings.append(file_complaint(browser, complaint_data, "13800000003"))
    # The worker saw no answer and taps again: the same case, its code again.
    resent = {
        **filings[-1]["data"],
        "evidence": [SimpleUploadedFile("工资条.png", PNG, "image/png")],
    }
    again = timed(browser.post, reverse("cases:complaint_new"), resent, follow=True)
    assert filings[-1]["code"] in again.content.decode()
    track(browser, filings[-1])
    work_cases(staff, operator)
    timed(leader.get, reverse("dashboard:index"))
    assert FAULTS["cache.fallback"] > fallbacks  # the database answered for Redis

    own_redis.start()  # back, empty: what was queued before the stop is gone with it
    recovered()
    filings.append(file_complaint(Client(), complaint_data, "13800000004"))

    deliver_after_recovery(own_redis, queue)
    assert_each_filed_once_and_told_once(filings)
    assert Call.objects.count() == 1
    assert Case.objects.get(number=filings[0]["number"]).status == "mediation"


def test_redis_hung_holds_no_request_for_seconds(portal_on, own_redis, complaint_data, role_users):
    """A paused Redis accepts connections and never answers (a failover, a full
    network queue): each call waits out one short timeout at most, then the portal
    goes on without it."""
    queue = portal_on
    staff = Client()
    staff.force_login(role_users[Role.MEDIATOR])
    filings = [file_complaint(Client(), complaint_data, "13900000001")]

    own_redis.pause()
    for phone in ("13900000002", "13900000003"):
        browser = Client()
        filings.append(file_complaint(browser, complaint_data, phone))
        track(browser, filings[-1])
    timed(staff.get, reverse("cases:workbench"))

    own_redis.resume()
    recovered()
    deliver_after_recovery(own_redis, queue)
    assert_each_filed_once_and_told_once(filings)
