"""The worker signs in with the mobile number of a complaint and an SMS code, and sees every
complaint filed with it; the code is 6 digits, valid 5 minutes, hashed, limited per number and
per client, and the answer is the same whether the number is known."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services, signin
from cases.models import PhoneSignInCode
from zhanjiang_union.notifications.backends import MemorySmsBackend

KNOWN = "13800138000"
UNKNOWN = "13900139000"
OTHER = "13700137000"


@pytest.fixture(autouse=True)
def _outbox(monkeypatch):
    """Texts go out after the commit; run those callbacks as they are queued."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda callback, **kwargs: callback())
    MemorySmsBackend.outbox.clear()


@pytest.fixture
def cases(make_case):
    def person(phone):
        return [services.ComplainantInput(name="王建军", id_number="", phone=phone)]

    mine = [make_case(complainants=person(KNOWN), employer_name=f"湛江第{i}厂") for i in (1, 2)]
    theirs = make_case(complainants=person(OTHER), employer_name="湛江别家厂")
    return mine, theirs


def _code_sent() -> str:
    phone, text = MemorySmsBackend.outbox[-1]
    assert phone == KNOWN
    return re.search(r"(?<!\d)(\d{6})(?!\d)", text).group(1)


def _ask(client, phone):
    return client.post(reverse("cases:sign_in"), {"phone": phone}, follow=True)


def test_sign_in_with_the_sms_code_shows_every_complaint_of_the_number(client, cases):
    mine, theirs = cases
    page = _ask(client, "138 0013 8000")
    assert page.redirect_chain[-1][0] == reverse("cases:sign_in_code")
    code = _code_sent()
    stored = PhoneSignInCode.objects.get()
    assert code not in stored.code_hash and KNOWN not in stored.phone_hash
    assert abs(stored.expires_at - stored.created_at - timedelta(minutes=5)) < timedelta(seconds=1)
    response = client.post(reverse("cases:sign_in_code"), {"code": code}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("cases:phone_cases")
    listing = response.content.decode()
    assert all(case.number in listing for case in mine) and theirs.number not in listing
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert KNOWN not in listing  # masked
    detail = client.get(reverse("cases:phone_case", args=[mine[0].pk]))
    assert detail.status_code == 200 and mine[0].number in detail.content.decode()
    assert client.get(reverse("cases:phone_case", args=[theirs.pk])).status_code == 404


def test_a_known_and_an_unknown_number_get_the_same_answer(client, cases):
    MemorySmsBackend.outbox.clear()  # the filing receipts
    known = _ask(client, KNOWN)
    unknown = client.__class__().post(reverse("cases:sign_in"), {"phone": UNKNOWN}, follow=True)

    def said(response):
        text = response.content.decode().split("<main")[1].split("</main>")[0]
        text = re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "CSRF", text)
        return re.sub(r"1[3-9]\d\*{4}\d{4}", "NUMBER", text)

    assert "NUMBER" in said(known) and said(known) == said(unknown)
    assert [phone for phone, _text in MemorySmsBackend.outbox] == [KNOWN]
    assert PhoneSignInCode.objects.count() == 2


def test_a_code_is_used_once_expires_and_allows_five_tries(client, cases):
    _ask(client, KNOWN)
    code = _code_sent()
    wrong = "000000" if code != "000000" else "111111"
    for _try in range(5):
        response = client.post(reverse("cases:sign_in_code"), {"code": wrong})
        assert response.status_code == 400
    # The sixth try, even right, fails: the code is spent.
    client.post(reverse("cases:sign_in_code"), {"code": code})
    assert client.get(reverse("cases:phone_cases")).status_code == 302

    other = client.__class__()
    _ask(other, KNOWN)
    code = _code_sent()
    PhoneSignInCode.objects.filter(used_at__isnull=True).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert other.post(reverse("cases:sign_in_code"), {"code": code}).status_code == 400

    third = client.__class__()
    _ask(third, KNOWN)
    code = _code_sent()
    third.post(reverse("cases:sign_in_code"), {"code": code})
    assert third.get(reverse("cases:phone_cases")).status_code == 200
    fourth = client.__class__()
    session = fourth.session
    session[signin.PENDING_KEY] = KNOWN
    session.save()
    assert fourth.post(reverse("cases:sign_in_code"), {"code": code}).status_code == 400


def test_codes_are_limited_per_number_known_or_not(client, cases):
    for phone in (KNOWN, UNKNOWN):
        for _ask_again in range(signin.CODES_PER_NUMBER):
            fresh = client.__class__()
            assert fresh.post(reverse("cases:sign_in"), {"phone": phone}).status_code == 302
        refused = client.__class__().post(reverse("cases:sign_in"), {"phone": phone})
        assert refused.status_code == 429
        assert "15" in refused.content.decode()


def test_codes_are_limited_per_client(client, cases):
    statuses = [
        client.post(reverse("cases:sign_in"), {"phone": f"1350013{index:04d}"}).status_code
        for index in range(11)
    ]
    assert statuses[:10] == [302] * 10 and statuses[10] == 429


def test_bad_input_gets_a_message_not_an_error(client, cases):
    response = client.post(reverse("cases:sign_in"), {"phone": "12345"})
    assert response.status_code == 400 and 'value="12345"' in response.content.decode()
    _ask(client, KNOWN)
    response = client.post(reverse("cases:sign_in_code"), {"code": "12ab"})
    assert response.status_code == 400
    assert "请输入短信验证码的6位数字。" in response.content.decode()


def test_the_list_needs_a_sign_in_and_sign_out_ends_it(client, cases):
    assert client.get(reverse("cases:phone_cases")).status_code == 302
    _ask(client, KNOWN)
    client.post(reverse("cases:sign_in_code"), {"code": _code_sent()})
    assert client.get(reverse("cases:phone_cases")).status_code == 200
    client.post(reverse("cases:sign_out"))
    assert client.get(reverse("cases:phone_cases")).status_code == 302


def test_the_query_code_still_works_without_signing_in(client, make_case):
    from cases.models import Case

    case, code = services.case_create(
        complainants=[services.ComplainantInput(name="李四", id_number="", phone=KNOWN)],
        employer_name="湛江某厂",
        district=make_case().district,
        industry="C",
        category=Case.objects.first().category,
        facts="欠薪",
        demand="支付",
        channel="web",
    )
    response = client.post(reverse("cases:track"), {"number": case.number, "code": code})
    assert response.status_code == 302


def test_old_codes_are_pruned_on_the_hour_and_the_limit_still_holds(client, cases):
    from django.conf import settings

    from cases.tasks import sign_in_codes_prune

    for _ask_again in range(signin.CODES_PER_NUMBER):
        assert (
            client.__class__().post(reverse("cases:sign_in"), {"phone": KNOWN}).status_code == 302
        )
    stale = PhoneSignInCode.objects.create(
        phone_hash=signin.phone_hash(UNKNOWN),
        code_hash="0" * 64,
        expires_at=timezone.now() - timedelta(minutes=55),
    )
    PhoneSignInCode.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - timedelta(hours=1)
    )

    assert sign_in_codes_prune() == 1  # the stale one only
    assert not PhoneSignInCode.objects.filter(pk=stale.pk).exists()
    # The recent codes still count: the number stays limited for its 15 minutes.
    assert PhoneSignInCode.objects.count() == signin.CODES_PER_NUMBER
    assert client.__class__().post(reverse("cases:sign_in"), {"phone": KNOWN}).status_code == 429
    schedule = settings.CELERY_BEAT_SCHEDULE["cases-sign-in-codes-prune"]
    assert schedule["task"] == "cases.tasks.sign_in_codes_prune"


def test_the_code_goes_through_the_outbox_and_is_blanked_once_sent(client, cases):
    from zhanjiang_union.notifications.models import Notification

    _ask(client, KNOWN)
    code = _code_sent()
    note = Notification.objects.get(to_phone=KNOWN, subject="登录验证码")
    assert note.delivery == Notification.Delivery.SENT
    assert code not in note.body  # kept for the record that it went, not for the code
