"""No log line and nothing written to the console holds a phone, an ID number, an e-mail
address or a query code: a whole filing, tracking and hotline flow, every logger at DEBUG,
with the SMS log backend and the console e-mail backend of a machine without gateways."""

import logging
import re

import pytest
from django.urls import reverse

from cases.models import Case
from cases.views import FILED_SESSION_KEY
from hotline.tests.form_data import call_form
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.masking import mask_email, mask_phone, mask_resident_id, mask_text

WORKER = {"phone": "13912345678", "id_number": "440802199001011238", "email": "li.ming@qq.example"}
CALLER = {"phone": "13698765432", "id_number": "440803198505051235", "email": "wang@163.example"}


@pytest.fixture
def every_logger_captured(caplog):
    """caplog at DEBUG for the root logger and for every logger that does not pass its
    records up (propagate=False) to it."""
    caplog.set_level(logging.DEBUG)
    loose = [
        logger
        for logger in logging.root.manager.loggerDict.values()
        if isinstance(logger, logging.Logger) and not logger.propagate
    ]
    for logger in loose:
        logger.addHandler(caplog.handler)
    yield caplog
    for logger in loose:
        logger.removeHandler(caplog.handler)


def test_a_filing_tracking_and_hotline_flow_logs_no_secret(
    client,
    complaint_data,
    role_users,
    settings,
    every_logger_captured,
    capfd,
    django_capture_on_commit_callbacks,
):
    settings.SMS_BACKEND = "zhanjiang_union.notifications.backends.LogSmsBackend"
    settings.EMAIL_BACKEND = "zhanjiang_union.notifications.backends.ConsoleEmailBackend"
    caplog = every_logger_captured
    # A worker files, with an e-mail address: SMS and mail carry the case number and code.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("cases:complaint_new"), {**complaint_data, **WORKER})
    filed = client.session[FILED_SESSION_KEY]
    codes = [filed["code"]]
    # ...tracks it once wrong and once right, and adds nothing else.
    client.post(reverse("cases:track"), {"number": filed["number"], "code": "WRONG234"})
    tracked = client.post(reverse("cases:track"), {"number": filed["number"], "code": codes[0]})
    assert tracked.status_code == 302

    # An operator logs a call and registers the caller's complaint from it.
    operator = role_users[Role.HOTLINE_OPERATOR]
    client.force_login(operator)
    desk = client.post(reverse("hotline:desk"), call_form(phone=CALLER["phone"]))
    assert desk.status_code == 302
    from hotline.models import Call

    call = Call.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        intake = client.post(
            f"{reverse('cases:intake')}?call={call.pk}",
            {**complaint_data, **CALLER, "channel": "hotline", "grid": ""},
        )
    assert intake.status_code == 302, intake.content.decode()[:2000]
    registered = Case.objects.exclude(number=filed["number"]).get()
    page = client.get(intake["Location"]).content.decode()
    codes.append(re.search(r"查询码告知职工：(\w{8})", page).group(1))
    assert registered.number in page
    # A mediator opens both cases (full personal data: logged as an access, not as text).
    client.force_login(role_users[Role.MEDIATOR])
    for case in Case.objects.all():
        assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200

    out, err = capfd.readouterr()
    logged = "\n".join(record.getMessage() + (record.exc_text or "") for record in caplog.records)
    # The flow did write what a log should: the SMS and the mail, masked.
    assert "SMS to 139****5678" in logged and "SMS to 136****5432" in logged
    assert "li***@qq.example" not in out and "l***@qq.example" in out
    secrets = [*WORKER.values(), *CALLER.values(), *codes]
    for where, text in (("log", logged), ("stdout", out), ("stderr", err)):
        for secret in secrets:
            assert secret not in text, f"{secret} in {where}"
            assert secret.lower() not in text.lower(), f"{secret} in {where}"


def test_masking_finds_what_a_free_text_may_hold():
    text = (
        "【湛江市总工会】案件编号湛工维〔2026〕00123号，查询码K7MZ4QPA，"
        "电话 +86 139-1234-5678 或 0759-3123456，身份证440802199001011237，"
        "邮箱 li.ming@qq.example"
    )
    masked = mask_text(text)
    for secret in ("K7MZ4QPA", "1234-5678", "3123456", "440802199001011237", "li.ming@"):
        assert secret not in masked
    assert "湛工维〔2026〕00123号" in masked  # the case number is not a secret
    assert "139****5678" in masked and "440802********1237" in masked
    assert mask_email("li.ming@qq.example") == "l***@qq.example"
    assert mask_phone("13912345678") == "139****5678"
    assert mask_resident_id("44080319850505123x") == "440803********123X"
