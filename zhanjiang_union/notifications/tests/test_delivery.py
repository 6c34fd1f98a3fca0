"""Delivery tasks run end to end through the configured broker and a real worker."""

import os

from django.core import mail

from zhanjiang_union.celery import app
from zhanjiang_union.notifications.backends import MemorySmsBackend, mask_phone
from zhanjiang_union.notifications.tasks import deliver_email, deliver_sms


def test_email_task_through_the_real_broker_and_worker(celery_worker, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    expected = "redis" if os.environ.get("REDIS_URL") else "filesystem"
    assert app.connection_for_write().transport_cls == expected

    result = deliver_email.delay(
        subject="案件受理通知", body="您的投诉已登记。", recipients=["w@example.cn"]
    )
    assert result.get(timeout=60) == 1
    assert [m.subject for m in mail.outbox] == ["案件受理通知"]


def test_sms_task_through_the_real_broker_and_worker(celery_worker):
    MemorySmsBackend.outbox.clear()
    deliver_sms.delay(phone="13800138000", text="查询码 ABC").get(timeout=60)
    assert MemorySmsBackend.outbox == [("13800138000", "查询码 ABC")]


def test_log_backend_never_writes_the_full_number(caplog, settings):
    settings.SMS_BACKEND = "zhanjiang_union.notifications.backends.LogSmsBackend"
    with caplog.at_level("INFO"):
        deliver_sms(phone="13800138000", text="您好")
    assert "13800138000" not in caplog.text
    assert mask_phone("13800138000") == "138****8000"
    assert "138****8000" in caplog.text
