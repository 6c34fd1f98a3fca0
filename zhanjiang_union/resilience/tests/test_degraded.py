"""Redis unreachable, the broker refusing messages, the database gone for a moment,
the evidence folder unwritable: each page still answers, and nothing is lost."""

import re
import socket
import time
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.urls import reverse

from cases.models import Case, Evidence
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.celery import app
from zhanjiang_union.notifications.backends import MemorySmsBackend
from zhanjiang_union.notifications.models import Notification
from zhanjiang_union.notifications.tasks import deliver_pending
from zhanjiang_union.resilience import cache as resilient_cache
from zhanjiang_union.resilience.faults import FAULTS
from zhanjiang_union.resilience.models import CacheEntry

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_unreachable(settings):
    """The portal's cache pointed at a Redis that is not there."""
    settings.CACHES = {
        "default": {
            "BACKEND": "zhanjiang_union.resilience.cache.RedisCacheWithFallback",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "KEY_PREFIX": "zjgh",
        }
    }
    resilient_cache._down_until.clear()
    yield
    resilient_cache._down_until.clear()


@pytest.fixture
def broker_down():
    """Publishing fails as it does with Redis stopped; tasks are not run in place."""
    from kombu.exceptions import OperationalError as BrokerDown

    app.conf.task_always_eager = False
    with mock.patch("celery.app.task.Task.apply_async", side_effect=BrokerDown("refused")) as sent:
        yield sent
    app.conf.task_always_eager = True


def test_with_redis_unreachable_the_pages_work_and_limits_are_kept_in_the_database(
    redis_unreachable, client, complaint_data, role_users, make_case
):
    before = FAULTS["cache.fallback"]
    started = time.monotonic()
    response = client.post(reverse("cases:complaint_new"), complaint_data, follow=True)
    assert response.status_code == 200 and Case.objects.count() == 1
    # The rate limit's counter lives in the database meanwhile.
    assert CacheEntry.objects.exists()
    assert FAULTS["cache.fallback"] == before + 1  # one failed try, then straight on
    track = client.post(reverse("cases:track"), {"number": "湛工维〔2026〕99999号", "code": "X"})
    assert track.status_code == 404
    make_case()
    operator = role_users[Role.HOTLINE_OPERATOR]
    for user, url in [
        (role_users[Role.MEDIATOR], reverse("cases:workbench")),
        (role_users[Role.LEADERSHIP], reverse("dashboard:index")),
        (operator, reverse("hotline:desk")),
        (operator, reverse("hotline:followups")),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == 200, url
    assert time.monotonic() - started < 15


def test_the_rate_limit_still_holds_with_redis_unreachable(
    redis_unreachable, client, complaint_data
):
    # Each lookup names another case: the per-number picture check stays out of it.
    answers = [
        client.post(
            reverse("cases:track"), {"number": f"湛工维〔2026〕{99980 + n}号", "code": "ABCDEFGH"}
        ).status_code
        for n in range(11)
    ]
    assert answers[:10] == [404] * 10 and answers[10] == 429


def test_the_receipt_is_committed_with_the_case_and_sent_once_the_broker_is_back(
    broker_down, client, complaint_data
):
    MemorySmsBackend.outbox.clear()
    filed = client.post(
        reverse("cases:complaint_new"), {**complaint_data, "email": "w@example.cn"}, follow=True
    )
    page = filed.content.decode()
    case = Case.objects.get()
    code = re.search(r'data-testid="query-code">(\w+)<', page).group(1)
    assert filed.status_code == 200 and case.number in page
    receipt = Notification.objects.get(recipient=None)
    assert receipt.delivery == "pending" and code in receipt.body
    # Only ids were handed to the broker, never the text or the code.
    for call in broker_down.call_args_list:
        assert code not in repr(call) and complaint_data["phone"] not in repr(call)

    app.conf.task_always_eager = True  # the broker is back: the periodic pass runs
    assert deliver_pending() == 1 and deliver_pending() == 0
    assert [(phone, code in text) for phone, text in MemorySmsBackend.outbox] == [
        (complaint_data["phone"], True)
    ]
    from django.core import mail

    assert [m.to for m in mail.outbox] == [["w@example.cn"]] and code in mail.outbox[0].body
    receipt.refresh_from_db()
    assert receipt.delivery == "sent" and code not in receipt.body  # not kept in the clear


def test_a_lost_database_connection_is_a_polite_503_in_the_users_language(client, role_users):
    client.raise_request_exception = False
    client.force_login(role_users[Role.MEDIATOR])
    lost = OperationalError("server closed the connection unexpectedly")
    with mock.patch("cases.selectors.case_workbench_list", side_effect=lost):
        chinese = client.get(reverse("cases:workbench"))
        client.cookies["django_language"] = "en"
        english = client.get(reverse("cases:workbench"))
    assert chinese.status_code == 503 and english.status_code == 503
    assert chinese["Retry-After"] and "no-store" in chinese["Cache-Control"]
    assert "请稍后再试" in chinese.content.decode() and "12351" in chinese.content.decode()
    assert "Please try again in a moment" in english.content.decode()
    assert 'data-testid="service-unavailable"' in english.content.decode()


def test_the_503_page_reads_nothing_from_the_database(rf):
    # No `db` fixture: pytest-django fails any query this test would make.
    from zhanjiang_union.resilience.views import server_error

    request = rf.get("/cases/", HTTP_ACCEPT_LANGUAGE="en")
    try:
        raise OperationalError("terminating connection due to administrator command")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503 and b"Please try again in a moment" in response.content


def test_other_errors_are_still_the_500_page(client):
    client.raise_request_exception = False
    with mock.patch("cases.views.render", side_effect=RuntimeError("a bug")):
        response = client.get(reverse("cases:complaint_new"))
    assert response.status_code == 500 and "12351" in response.content.decode()


@pytest.fixture
def disk_full(settings, tmp_path):
    """Evidence storage whose writes fail half-way, as on a full disk."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }

    def half_written(storage, name, content):
        Path(storage.path(name)).parent.mkdir(parents=True, exist_ok=True)
        Path(storage.path(name)).write_bytes(b"\x89PNG")  # a part, then the disk is full
        raise OSError(28, "No space left on device")

    with mock.patch.object(FileSystemStorage, "_save", half_written):
        yield tmp_path


def test_a_full_disk_keeps_the_complaint_and_says_what_to_do_about_the_files(
    disk_full, client, complaint_data, role_users
):
    data = {
        **complaint_data,
        "evidence": [
            SimpleUploadedFile("工资条.png", PNG, "image/png"),
            SimpleUploadedFile("考勤表.png", PNG, "image/png"),
        ],
    }
    response = client.post(reverse("cases:complaint_new"), data, follow=True)
    page = response.content.decode()
    case = Case.objects.get()
    assert response.status_code == 200 and case.number in page
    assert re.search(r'data-testid="query-code">\w{8}<', page)
    assert case.facts == complaint_data["facts"] and case.complainants.count() == 1
    warning = page.split('data-testid="evidence-failed"')[1].split("</div>")[0]
    assert "工资条.png" in warning and "考勤表.png" in warning and "补充证据材料" in warning
    assert not Evidence.objects.exists()
    assert [p for p in disk_full.rglob("*") if p.is_file()] == []  # nothing half-stored
    admin = role_users[Role.ADMIN]
    alert = Notification.objects.get(recipient=admin)
    assert case.number in alert.subject and "OSError" in alert.body


def test_evidence_added_later_on_a_full_disk_is_refused_plainly(
    disk_full, client, complaint_data, role_users
):
    filed = client.post(reverse("cases:complaint_new"), complaint_data, follow=True)
    code = re.search(r'data-testid="query-code">(\w+)<', filed.content.decode()).group(1)
    case = Case.objects.get()
    client.post(reverse("cases:track"), {"number": case.number, "code": code})
    response = client.post(
        reverse("cases:track_result"),
        {"evidence": [SimpleUploadedFile("合同.png", PNG, "image/png")]},
    )
    assert response.status_code == 400
    assert "“合同.png”暂时无法保存" in response.content.decode()
    assert not Evidence.objects.exists()
    assert [p for p in disk_full.rglob("*") if p.is_file()] == []
    assert Notification.objects.filter(recipient=role_users[Role.ADMIN]).count() == 1


def test_the_query_code_never_reaches_the_log(client, complaint_data, settings, caplog):
    settings.SMS_BACKEND = "zhanjiang_union.notifications.backends.LogSmsBackend"
    with caplog.at_level("DEBUG"):
        page = client.post(reverse("cases:complaint_new"), complaint_data, follow=True)
        deliver_pending()
    code = re.search(r'data-testid="query-code">(\w+)<', page.content.decode()).group(1)
    assert "SMS to 138****8000" in caplog.text
    assert code not in caplog.text and complaint_data["phone"] not in caplog.text
