"""The 12345 exchange end to end: an order posted by the platform becomes a 12351 call
with a case; the union signs for it, asks for more time, replies; the platform rates
it. Each step reaches the stand-in platform exactly once, though it failed some
deliveries, and a replayed or tampered webhook is refused."""

import json
import urllib.error
import urllib.request
from collections import Counter
from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from api import webhooks, work_orders
from api.models import Scope, WebhookDelivery, WorkOrder
from cases.models import CaseEvent, Channel
from cases.workflow import Status
from hotline.models import Call, FollowUp
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.notifications.models import Notification

from .platform import StandInPlatform

ORDERS = "/api/v1/work-orders"


def order(number="GD12345-20261201-0001", **overrides):
    now = timezone.now()
    data = {
        "order_number": number,
        "received_at": (now - timedelta(minutes=20)).isoformat(),
        "caller": {"name": "陈六", "phone": "13700137000"},
        "content": "某电子厂拖欠三个月工资，要求工会协助追讨。",
        "category": "pay",
        "platform_category": "劳动保障/工资",
        "urgency": "urgent",
        "employer_name": "湛江某某电子有限公司",
        "district": "xiashan",
        "industry": "C",
        "sign_by": (now + timedelta(hours=2)).isoformat(),
        # Far enough that the reply limit is not "due soon" whatever the weekday.
        "reply_by": (now + timedelta(days=15)).isoformat(),
    }
    data.update(overrides)
    return data


@pytest.fixture
def platform_http(make_api_client):
    def make(url=""):
        return make_api_client(
            [Scope.WORK_ORDERS], "service-centre", name="12345平台", webhook_url=url
        )

    return make


def _deliver_everything(stand_in, start, rounds=12):
    """Run the retry sweep as beat would, an hour apart each time, until the outbox is
    empty; the stand-in's clock moves with it."""
    moment = start
    for _ in range(rounds):
        if not WebhookDelivery.objects.filter(delivered_at__isnull=True).exists():
            return
        moment += timedelta(hours=1)
        stand_in.clock = moment.timestamp()
        webhooks.deliver_due(now=moment)


@override_settings(WEBHOOK_TIMEOUT_SECONDS=0.3)
def test_an_order_is_signed_extended_answered_and_rated_and_each_event_arrives_once(
    platform_http, role_users, client, django_capture_on_commit_callbacks
):
    with StandInPlatform() as stand_in:
        platform, http = platform_http(stand_in.url)
        stand_in.secret = platform.webhook_secret
        stand_in.fail_first = {"work_order.received": "503", "work_order.signed": "slow",
                               "work_order.replied": "503"}  # fmt: skip

        with django_capture_on_commit_callbacks(execute=True):
            response = http.post_json(ORDERS, order())
        assert response.status_code == 201, response.content
        body = response.json()
        work_order = WorkOrder.objects.get(pk=body["id"])
        call, case = work_order.call, work_order.case
        assert call.case == case and call.phone == "13700137000" and call.urgency == "urgent"
        assert call.operator == platform.user and call.outcome == Call.Outcome.CASE
        assert case.channel == Channel.HOTLINE and case.department.code == "rights"
        assert body["case_number"] == case.number and not body["linked_to_open_case"]
        assert {d.kind: d.state for d in work_order.deadlines.all()} == {
            "sign": "due_soon",
            "reply": "normal",
        }

        # The platform posting the same order again changes nothing.
        again = http.post_json(ORDERS, order())
        assert again.status_code == 200 and again.json()["id"] == work_order.pk
        assert Call.objects.count() == 1

        # The 12351 desk sees the order on the call's page, with its steps.
        client.force_login(role_users[Role.HOTLINE_OPERATOR])
        call_page = client.get(reverse("hotline:call_detail", args=[call.pk])).content.decode()
        assert work_order.order_number in call_page and "签收" in call_page

        # The union's side, from the case page.
        mediator = role_users[Role.MEDIATOR]
        client.force_login(mediator)
        page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
        assert work_order.order_number in page
        sign_url = reverse("work_orders:step", args=[work_order.pk, "sign"])
        assert sign_url in page
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(sign_url).status_code == 302
        new_date = timezone.localdate() + timedelta(days=20)
        extend_url = reverse("work_orders:step", args=[work_order.pk, "extend"])
        refused = client.post(extend_url, {"new_date": new_date.isoformat(), "reason": ""})
        assert refused.status_code == 400
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                extend_url, {"new_date": new_date.isoformat(), "reason": "需调取考勤记录"}
            )
        assert response.status_code == 302
        # Nothing moves before the platform decides; the case page says it waits.
        work_order.refresh_from_db()
        assert timezone.localtime(work_order.reply_by).date() != new_date
        assert work_order.deadlines.get(kind="reply").due_on != new_date
        page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
        assert "等待12345平台审批" in page and extend_url not in page

        # The platform receives the request over HTTP and approves it.
        _deliver_everything(stand_in, timezone.now())
        asked = stand_in.received("work_order.extension_requested")
        assert asked["reason"] == "需调取考勤记录"
        decision_url = f"{ORDERS}/{work_order.order_number}/requests/{asked['request_id']}/decision"
        granted = http.post_json(decision_url, {"decision": "approved", "note": "同意延期"})
        assert granted.status_code == 200, granted.content
        assert granted.json()["decision"] == "approved"
        # The platform retrying its decision changes nothing; the other one is refused.
        assert http.post_json(decision_url, {"decision": "approved"}).status_code == 200
        assert http.post_json(decision_url, {"decision": "refused"}).status_code == 409
        work_order.refresh_from_db()
        assert timezone.localtime(work_order.reply_by).date() == new_date
        assert work_order.deadlines.get(kind="reply").due_on == new_date
        assert work_order.extensions == 1
        assert Notification.objects.filter(recipient=mediator, subject__contains="延期").exists()

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("work_orders:step", args=[work_order.pk, "reply"]),
                {"result": "已协调企业于12月10日前支付拖欠工资。"},
            )
        assert response.status_code == 302
        work_order.refresh_from_db()
        assert work_order.status == WorkOrder.Status.REPLIED and work_order.extensions == 1
        assert timezone.localtime(work_order.reply_by).date() == new_date

        # The citizen's rating, from the platform.
        rated = http.post_json(
            f"{ORDERS}/{work_order.order_number}/rating", {"rating": "satisfied", "note": "满意"}
        )
        assert rated.status_code == 200, rated.content
        assert rated.json()["status"] == "rated"

        _deliver_everything(stand_in, timezone.now())

    sent = Counter(event_type for event_type, _id in stand_in.effects)
    assert sent == {
        "work_order.received": 1,
        "work_order.signed": 1,
        "work_order.extension_requested": 1,
        "work_order.replied": 1,
    }
    assert 503 in stand_in.answers  # some deliveries did fail
    deliveries = WebhookDelivery.objects.all()
    assert all(d.delivered_at for d in deliveries)
    signed = deliveries.get(event_type="work_order.signed")
    assert signed.attempts == 2 and signed.tries.first().status is None  # timed out once
    assert {d.event_id for d in deliveries} == {
        __import__("uuid").UUID(event_id) for _t, event_id in stand_in.effects
    }

    lines = list(
        CaseEvent.objects.filter(case=case, action__startswith="api.").values_list(
            "action", flat=True
        )
    )
    assert lines == [
        "api.work_order.received",
        "api.work_order.signed",
        "api.work_order.extension_asked",
        "api.work_order.extension_granted",
        "api.work_order.replied",
        "api.work_order.rated",
    ]
    client.force_login(mediator)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "12345工单GD12345-20261201-0001已签收" in page
    assert "申请延期至" in page and "群众评价：满意" in page and "同意延期" in page


def test_a_replayed_or_tampered_webhook_is_refused(platform_http):
    with StandInPlatform() as stand_in:
        platform, _http = platform_http(stand_in.url)
        stand_in.secret = platform.webhook_secret
        work_order, _new = work_orders.work_order_receive(
            platform=platform,
            **_order_values(order()),
        )
        start = timezone.now()
        stand_in.clock = start.timestamp()
        assert webhooks.deliver_due(now=start) == {"delivered": 1, "failed": 0}
        headers, body = stand_in.requests[-1]

        def resend(headers, body):
            request = urllib.request.Request(  # noqa: S310 (the stand-in, on loopback)
                stand_in.url, data=body, method="POST", headers=headers
            )
            try:
                with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310
                    return answer.status
            except urllib.error.HTTPError as refusal:
                return refusal.code

        # The same bytes again, soon: a duplicate, acknowledged and not acted on twice.
        assert resend(headers, body) == 200
        # Later than the tolerance: refused, whatever its signature.
        stand_in.clock = (start + timedelta(minutes=10)).timestamp()
        assert resend(headers, body) == 401
        stand_in.clock = start.timestamp()
        tampered = body.replace(b"GD12345", b"GD99999")
        assert resend(headers, tampered) == 401
        forged = {**headers, "Zjgh-Timestamp": str(int(start.timestamp()) + 1)}
        assert resend(forged, body) == 401
    assert len(stand_in.effects) == 1


def test_the_worked_example_of_the_signature_in_the_docs_holds():
    """docs/api.md shows this computation; if the scheme changes, so must the page."""
    secret = "whsec_example"
    body = b'{"data":{"order_number":"GD12345-0001"},"event_id":"8d7c2a52-3f1e-4a7a-9f5e-2b1c0d9e8f70","type":"work_order.signed"}'
    expected = webhooks.signature(secret, 1764547200, body)
    docs = open("docs/api.md", encoding="utf-8").read()
    assert expected in docs and body.decode() in docs and "1764547200" in docs
    headers = {"Zjgh-Event-Id": "8d7c2a52-3f1e-4a7a-9f5e-2b1c0d9e8f70",
               "Zjgh-Timestamp": "1764547200", "Zjgh-Signature": expected}  # fmt: skip
    assert webhooks.verify(secret=secret, headers=headers, body=body, now=1764547230)


def _order_values(data):
    from api.serializers import WorkOrderInSerializer

    serializer = WorkOrderInSerializer(data=data)
    assert serializer.is_valid(), serializer.errors
    return serializer.validated_data


def test_an_order_from_a_caller_with_an_open_case_joins_it(platform_http, make_case):
    from cases import services

    existing = make_case(
        complainants=[services.ComplainantInput(name="陈六", id_number="", phone="13700137000")]
    )
    _platform, http = platform_http()
    body = http.post_json(ORDERS, order()).json()
    assert body["case_number"] == existing.number and body["linked_to_open_case"]
    assert WorkOrder.objects.get().call.case == existing


def test_bad_orders_are_refused_per_field(platform_http):
    _platform, http = platform_http()
    response = http.post_json(
        ORDERS,
        order(
            caller={"name": "陈六", "phone": "123"},
            district="atlantis",
            reply_by=(timezone.now() - timedelta(days=3)).isoformat(),
        ),
    )
    assert response.status_code == 400
    fields = {row["field"] for row in response.json()["errors"]}
    assert {"caller.phone", "district", "reply_by"} <= fields
    assert not WorkOrder.objects.exists() and not Call.objects.exists()


def test_sending_back_waits_for_the_platform_and_ends_its_limits_on_approval(
    platform_http, role_users, client
):
    _platform, http = platform_http()
    work_order = WorkOrder.objects.get(pk=http.post_json(ORDERS, order()).json()["id"])
    mediator = role_users[Role.MEDIATOR]
    client.force_login(mediator)
    url = reverse("work_orders:step", args=[work_order.pk, "send-back"])
    assert client.post(url, {"reason": ""}).status_code == 400
    reason = "属劳动监察职责，依《劳动保障监察条例》"
    assert client.post(url, {"reason": reason}).status_code == 302
    work_order.refresh_from_db()
    # Still the union's, its limits running, until the platform takes it back.
    assert work_order.status == WorkOrder.Status.RECEIVED
    assert work_order.deadlines.filter(met_at__isnull=True).count() == 2
    asked = WebhookDelivery.objects.get(event_type="work_order.send_back_requested")
    assert asked.payload["data"]["reason"] == reason
    # A second request while one waits is refused.
    again = client.post(url, {"reason": reason})
    assert again.status_code == 400 and "等待" in again.content.decode()

    decision_url = (
        f"{ORDERS}/{work_order.order_number}/requests/{asked.payload['data']['request_id']}"
        "/decision"
    )
    refused = http.post_json(decision_url, {"decision": "refused", "note": "属工会职责范围"})
    assert refused.status_code == 200 and refused.json()["work_order"]["status"] == "received"
    work_order.refresh_from_db()
    assert work_order.status == WorkOrder.Status.RECEIVED
    assert work_order.deadlines.filter(met_at__isnull=True).count() == 2

    # Asked again with a better reason, and approved: the order ends.
    assert client.post(url, {"reason": reason + "第十一条"}).status_code == 302
    second = WebhookDelivery.objects.filter(event_type="work_order.send_back_requested").latest(
        "id"
    )
    decision_url = (
        f"{ORDERS}/{work_order.order_number}/requests/{second.payload['data']['request_id']}"
        "/decision"
    )
    approved = http.post_json(decision_url, {"decision": "approved"})
    assert approved.status_code == 200 and approved.json()["work_order"]["status"] == "returned"
    work_order.refresh_from_db()
    assert work_order.status == WorkOrder.Status.RETURNED
    assert not work_order.deadlines.filter(met_at__isnull=True).exists()
    lines = list(
        CaseEvent.objects.filter(case=work_order.case, action__startswith="api.").values_list(
            "action", flat=True
        )
    )
    assert lines == [
        "api.work_order.received",
        "api.work_order.send_back_asked",
        "api.work_order.send_back_refused",
        "api.work_order.send_back_asked",
        "api.work_order.sent_back",
    ]
    page = client.get(reverse("cases:detail", args=[work_order.case_id])).content.decode()
    assert "平台不同意退单" in page and "属工会职责范围" in page
    # Nothing more can be done with it.
    again = client.post(reverse("work_orders:step", args=[work_order.pk, "sign"]))
    assert again.status_code == 400
    assert "已退单" in again.content.decode()


def test_a_refused_extension_leaves_the_limit_and_a_granted_one_may_differ(
    platform_http, make_api_client, role_users
):
    platform, http = platform_http()
    work_order = WorkOrder.objects.get(pk=http.post_json(ORDERS, order()).json()["id"])
    mediator = role_users[Role.MEDIATOR]
    work_orders.work_order_sign(work_order=work_order, actor=mediator)
    limit = work_order.deadlines.get(kind="reply").due_on
    asked_for = timezone.localdate() + timedelta(days=30)
    request = work_orders.work_order_extend(
        work_order=work_order, actor=mediator, reason="需鉴定", new_date=asked_for
    )
    base = f"{ORDERS}/{work_order.order_number}/requests"
    assert (
        http.post_json(f"{base}/{request.pk + 99}/decision", {"decision": "approved"}).status_code
        == 404
    )
    assert http.post_json(f"{base}/{request.pk}/decision", {"decision": "maybe"}).status_code == 400
    refused = http.post_json(f"{base}/{request.pk}/decision", {"decision": "refused"})
    assert refused.status_code == 200
    assert work_order.deadlines.get(kind="reply").due_on == limit
    work_order.refresh_from_db()
    assert work_order.extensions == 0

    request = work_orders.work_order_extend(
        work_order=work_order, actor=mediator, reason="需鉴定，已约定日期", new_date=asked_for
    )
    granted_by = timezone.now() + timedelta(days=25)
    response = http.post_json(
        f"{base}/{request.pk}/decision",
        {"decision": "approved", "reply_by": granted_by.isoformat()},
    )
    assert response.status_code == 200
    assert work_order.deadlines.get(kind="reply").due_on == timezone.localdate(granted_by)
    # Another platform cannot decide this one's requests.
    _other, other_http = make_api_client([Scope.WORK_ORDERS], name="另一平台")
    assert (
        other_http.post_json(f"{base}/{request.pk}/decision", {"decision": "refused"}).status_code
        == 404
    )


def test_outsiders_cannot_work_an_order(platform_http, role_users, client):
    _platform, http = platform_http()
    work_order = WorkOrder.objects.get(pk=http.post_json(ORDERS, order()).json()["id"])
    url = reverse("work_orders:step", args=[work_order.pk, "sign"])
    client.force_login(role_users[Role.WORKER])
    assert client.post(url).status_code == 404
    client.force_login(role_users[Role.LEADERSHIP])
    assert client.post(url).status_code == 403
    client.logout()
    assert client.post(url).status_code == 302  # to the login page
    work_order.refresh_from_db()
    assert work_order.status == WorkOrder.Status.RECEIVED


def test_a_rating_of_a_closed_case_lands_as_its_follow_up(platform_http, role_users):
    platform, http = platform_http()
    work_order = WorkOrder.objects.get(pk=http.post_json(ORDERS, order()).json()["id"])
    mediator = role_users[Role.MEDIATOR]
    work_orders.work_order_sign(work_order=work_order, actor=mediator)
    work_orders.work_order_reply(work_order=work_order, actor=mediator, result="已办结")
    case = work_order.case
    case.status = Status.CLOSED
    case.save(update_fields=["status"])
    response = http.post_json(
        f"{ORDERS}/{work_order.order_number}/rating", {"rating": "dissatisfied", "note": "太慢"}
    )
    assert response.status_code == 200
    follow_up = FollowUp.objects.get(case=case)
    assert (follow_up.result, follow_up.note, follow_up.by) == (
        "dissatisfied",
        "太慢",
        platform.user,
    )
    twice = http.post_json(f"{ORDERS}/{work_order.order_number}/rating", {"rating": "satisfied"})
    assert twice.status_code == 409
    assert twice["Content-Type"] == "application/problem+json"


def test_the_platforms_limits_escalate_on_the_deadline_engine(platform_http, make_user):
    head = make_user(Role.DEPARTMENT_HEAD, "service-centre")
    _platform, http = platform_http()
    work_order = WorkOrder.objects.get(pk=http.post_json(ORDERS, order()).json()["id"])
    later = timezone.localdate() + timedelta(days=2)
    result = work_orders.work_orders_sweep(today=later)
    assert result["state_changes"] >= 1 and result["notified"] >= 1
    sign = work_order.deadlines.get(kind="sign")
    assert sign.state == "overdue"
    told = Notification.objects.filter(recipient=head)
    assert told.filter(subject__contains=work_order.order_number).exists()
    # A second sweep tells nobody again.
    before = Notification.objects.count()
    work_orders.work_orders_sweep(today=later)
    assert Notification.objects.count() == before


def test_the_admin_reads_the_delivery_log_and_retries(platform_http, role_users, client):
    platform, http = platform_http("http://127.0.0.1:9/unreachable")
    http.post_json(ORDERS, order())
    delivery = WebhookDelivery.objects.get()
    webhooks.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.delivered_at is None and delivery.attempts == 1
    assert delivery.next_attempt_at > timezone.now() + timedelta(seconds=20)
    admin = role_users[Role.ADMIN]
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    listing = client.get(reverse("admin:api_webhookdelivery_changelist"))
    assert listing.status_code == 200 and "work_order.received" in listing.content.decode()
    detail = client.get(reverse("admin:api_webhookdelivery_change", args=[delivery.pk]))
    assert detail.status_code == 200 and "无应答" in detail.content.decode()
    client.post(
        reverse("admin:api_webhookdelivery_changelist"),
        {"action": "retry_now", "_selected_action": [delivery.pk]},
    )
    delivery.refresh_from_db()
    assert delivery.next_attempt_at <= timezone.now()
    assert json.loads(json.dumps(delivery.payload))["type"] == "work_order.received"


def test_a_dissatisfied_citizen_sends_the_order_back_for_rework(platform_http, role_users):
    _platform, http = platform_http()
    work_order = WorkOrder.objects.get(pk=http.post_json(ORDERS, order()).json()["id"])
    mediator = role_users[Role.MEDIATOR]
    work_orders.work_order_sign(work_order=work_order, actor=mediator)
    work_orders.work_order_reply(work_order=work_order, actor=mediator, result="已办结")
    rating_url = f"{ORDERS}/{work_order.order_number}/rating"
    again_by = timezone.now() + timedelta(days=3)
    refused = http.post_json(
        rating_url, {"rating": "satisfied", "rework_reply_by": again_by.isoformat()}
    )
    assert refused.status_code == 409
    response = http.post_json(
        rating_url,
        {"rating": "dissatisfied", "note": "工资仍未到账", "rework_reply_by": again_by.isoformat()},
    )
    assert response.status_code == 200 and response.json()["status"] == "signed"
    reply = work_order.deadlines.get(kind="reply")
    assert reply.met_at is None and reply.due_on == timezone.localdate(again_by)
    line = CaseEvent.objects.filter(case=work_order.case, action="api.work_order.rated").get()
    from cases.timeline import event_text

    assert "返工" in event_text(line)
    # Worked and answered again.
    work_orders.work_order_reply(work_order=work_order, actor=mediator, result="已到账")
    work_order.refresh_from_db()
    assert work_order.status == WorkOrder.Status.REPLIED
