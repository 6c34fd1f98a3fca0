"""Limits that nobody can turn against someone else: each is kept per client (the address
of zhanjiang_union/clientip.py), so one client's failures never shut out another."""

import re
import time
from types import SimpleNamespace

import django_ratelimit.core
import pytest
from captcha.models import CaptchaStore
from django.test import Client
from django.urls import reverse

from cases.models import Case
from cases.views import TRACKED_SESSION_KEY
from zhanjiang_union.accounts.roles import Role

PASSWORD = "a-long-test-password"  # noqa: S105 - the test users' password


@pytest.fixture(autouse=True)
def _one_window(monkeypatch):
    """django-ratelimit counts in fixed windows, each ending at a moment of the hour that
    depends on the key: a test running across that moment would see its count start
    again. The limiter's clock stands still for each test, so all of its attempts fall
    in one window."""
    now = int(time.time())
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: now))


@pytest.fixture(params=["remote_addr", "forwarded"])
def clients(request, settings):
    """clients(n) -> n test clients at distinct addresses: directly (REMOTE_ADDR), or
    behind the trusted proxy 127.0.0.1 (X-Forwarded-For), as nginx passes them on."""
    settings.TRUSTED_PROXIES = ["127.0.0.1"] if request.param == "forwarded" else []

    def make(n: int) -> list[Client]:
        made = []
        for i in range(n):
            address = f"198.51.100.{i + 10}"
            if request.param == "forwarded":
                made.append(Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address))
            else:
                made.append(Client(REMOTE_ADDR=address))
        return made

    return make


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_an_attacker_cannot_lock_a_department_head_out(clients, role_users):
    head = role_users[Role.DEPARTMENT_HEAD]
    attacker, head_pc = clients(2)
    for _ in range(8):
        login(attacker, head.username, "guess-guess-guess")
    locked = login(attacker, head.username, PASSWORD)
    assert locked.status_code == 429  # the attacker's (account, client) pair is locked
    page = locked.content.decode()
    assert "请在15分钟后再试" in page and "从其他电脑输入正确的密码仍可登录" in page
    # The head, at another address, logs in with the right password at once.
    assert login(head_pc, head.username, PASSWORD).status_code == 302
    assert head_pc.session["_auth_user_id"] == str(head.pk)


def test_a_forged_forwarded_header_from_an_untrusted_peer_changes_nothing(settings, role_users):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    head = role_users[Role.DEPARTMENT_HEAD]
    attacker = Client(REMOTE_ADDR="203.0.113.66")
    for i in range(6):
        # A new forged address each time: still one client, 203.0.113.66.
        attacker.post(
            reverse("login"),
            {"username": head.username, "password": "nope-nope-nope"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{i}",
        )
    assert login(attacker, head.username, PASSWORD).status_code == 429
    assert login(Client(REMOTE_ADDR="203.0.113.67"), head.username, PASSWORD).status_code == 302


def test_one_client_trying_many_accounts_is_refused_for_all(clients, settings, role_users):
    settings.LOGIN_CLIENT_FAILURES_PER_HOUR = 30  # read when the view module loaded
    stuffer, mediator_pc = clients(2)
    for i in range(30):
        login(stuffer, f"staff-{i}", "leaked-password-1")
    mediator = role_users[Role.MEDIATOR]
    refused = login(stuffer, mediator.username, PASSWORD)
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "该地址登录失败次数过多" in page and re.search(r"请在\d+分钟后再试", page)
    assert "_auth_user_id" not in stuffer.session
    assert login(mediator_pc, mediator.username, PASSWORD).status_code == 302


def test_password_reset_pages_are_switched_off(client, seeded):
    for path in (
        "/accounts/password_reset/",
        "/accounts/password_reset/done/",
        "/accounts/reset/MQ/set-password/",
        "/accounts/reset/done/",
    ):
        assert client.get(path).status_code == 404
        assert client.post(path, {"email": "head@example.com"}).status_code == 404
    assert client.get(reverse("login")).status_code == 200


def test_the_admin_login_is_the_portal_login_with_its_limits(client, seeded):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=/admin/"


# --- Tracking -------------------------------------------------------------------------------


def track(client, number, code, **extra):
    return client.post(reverse("cases:track"), {"number": number, "code": code, **extra})


def test_wrong_lookups_from_many_clients_do_not_block_tracking_for_others(clients, make_case):
    case = make_case()
    for i, guesser in enumerate(clients(10)):
        for j in range(2):
            assert track(guesser, f"湛工维〔2026〕9{i}{j}00号", "WRONGONE").status_code == 404
    worker = Client(REMOTE_ADDR="192.0.2.200")
    code = _code_for(case)
    assert track(worker, case.number, code).status_code == 302


def test_one_client_is_limited_and_told_when_to_try_again(clients, make_case):
    guesser, other = clients(2)
    for i in range(10):
        assert track(guesser, f"湛工维〔2026〕{i + 1:05d}号", "WRONGONE").status_code == 404
    refused = track(guesser, "湛工维〔2026〕00001号", "WRONGONE")
    assert refused.status_code == 429
    assert re.search(r"请在\d+分钟后再试", refused.content.decode())
    case = make_case()
    assert track(other, case.number, _code_for(case)).status_code == 302


def test_guessing_one_case_number_asks_for_a_picture_never_locks_the_worker(clients, make_case):
    case = make_case()
    code = _code_for(case)
    guessers = clients(4)
    for guesser in guessers[:3]:
        assert track(guesser, case.number, "WRONGONE").status_code == 404
    # From now on, from any client, this case number needs the picture's characters.
    worker = guessers[3]
    asked = track(worker, case.number, code)
    assert asked.status_code == 400 and TRACKED_SESSION_KEY not in worker.session
    page = asked.content.decode()
    assert "captcha/image/" in page and "请输入图片中的字符" in page
    key = re.search(r'name="captcha_0" value="(\w+)"', page).group(1)
    image = worker.get(reverse("captcha-image", args=[key]))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert image.content[:8] == b"\x89PNG\r\n\x1a\n"
    wrong = track(worker, case.number, code, captcha_0=key, captcha_1="nope")
    assert wrong.status_code == 400 and "字符与图片不符" in wrong.content.decode()
    key = re.search(r'name="captcha_0" value="(\w+)"', wrong.content.decode()).group(1)
    answer = CaptchaStore.objects.get(hashkey=key).response
    done = track(worker, case.number, code, captcha_0=key, captcha_1=answer)
    assert done.status_code == 302
    assert worker.session[TRACKED_SESSION_KEY] == case.pk
    # Another case number is not affected.
    other = make_case()
    assert track(guessers[0], other.number, _code_for(other)).status_code == 302


def test_the_picture_is_shown_with_the_failure_that_reaches_the_threshold(client, make_case):
    case = make_case()
    for _ in range(2):
        assert "captcha_0" not in track(client, case.number, "WRONGONE").content.decode()
    third = track(client, case.number, "WRONGONE")
    page = third.content.decode()
    assert third.status_code == 404 and "captcha_0" in page and "案件编号和查询码不匹配" in page
    assert 'value="WRONGONE"' in page  # what was typed stays


def _code_for(case):
    """Give the case a known query code (the one filed is shown once and not stored)."""
    from cases import services

    code = "ABCD2345"
    Case.objects.filter(pk=case.pk).update(query_code_hash=services.query_code_hash(code))
    return code


# --- The complaint form ---------------------------------------------------------------------


def test_the_complaint_form_is_limited_per_client(clients, complaint_data):
    flooder, worker = clients(2)
    bad = {**complaint_data, "id_number": "123"}
    for _ in range(20):
        assert flooder.post(reverse("cases:complaint_new"), bad).status_code == 400
    refused = flooder.post(reverse("cases:complaint_new"), complaint_data)
    assert refused.status_code == 429
    assert re.search(r"该网络提交的投诉过多。请在\d+分钟后再试", refused.content.decode())
    assert worker.post(reverse("cases:complaint_new"), complaint_data).status_code == 302
    assert Case.objects.count() == 1


def test_the_login_audit_records_the_client_behind_the_proxy(settings, role_users):
    from axes.models import AccessAttempt, AccessLog

    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    head = role_users[Role.DEPARTMENT_HEAD]
    pc = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    login(pc, head.username, "wrong-password-1")
    login(pc, head.username, PASSWORD)
    assert AccessLog.objects.get().ip_address == "203.0.113.5"
    assert not AccessAttempt.objects.exists()  # reset on success


def test_pictures_not_answered_in_time_are_removed(seeded):
    from datetime import timedelta

    from django.utils import timezone

    from cases.tasks import captchas_expired_remove

    CaptchaStore.generate_key()
    old = CaptchaStore.objects.get(hashkey=CaptchaStore.generate_key())
    CaptchaStore.objects.filter(pk=old.pk).update(expiration=timezone.now() - timedelta(minutes=1))
    assert captchas_expired_remove() == 1
    assert CaptchaStore.objects.count() == 1
