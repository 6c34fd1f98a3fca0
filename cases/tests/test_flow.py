"""Issue's "done when": a worker files and tracks; a mediator works the case
through mediation to arbitration and closure; the worker sees each step."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cases.models import Case, Handoff
from zhanjiang_union.accounts.roles import Role


def act(client, case, action, **data):
    case.refresh_from_db()
    response = client.post(
        reverse("cases:move", args=[case.pk, action]), {"version": case.version, **data}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"])


def test_worker_files_mediator_works_it_through_and_worker_tracks_each_step(
    client, complaint_data, role_users
):
    worker_browser, mediator_browser = client, client.__class__()
    filed = worker_browser.post(reverse("cases:complaint_new"), complaint_data, follow=True)
    code = re.search(r'data-testid="query-code">(\w+)<', filed.content.decode()).group(1)
    case = Case.objects.get()

    mediator_browser.force_login(role_users[Role.MEDIATOR])
    queue = mediator_browser.get(reverse("cases:workbench")).content.decode()
    assert case.number in queue

    act(mediator_browser, case, "accept_mediation")
    mediator_browser.post(
        reverse("cases:session_new", args=[case.pk]),
        {
            "scheduled_at": (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT09:30"),
            "place": "市总工会调解室",
            "participants": "双方",
        },
    )
    session = case.sessions.get()
    mediator_browser.post(
        reverse("cases:session_result", args=[session.pk]), {"result": "failed", "note": "企业拒绝"}
    )
    act(mediator_browser, case, "mediation_failed", note="企业不同意支付")
    act(
        mediator_browser, case, "hand_to_arbitration",
        sent_on=timezone.localdate().isoformat(), receiver_name="湛江市劳动人事争议仲裁委员会", document_number="湛工移〔2026〕3号",
    )  # fmt: skip
    handoff = Handoff.objects.get(case=case)
    page = mediator_browser.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "待签收" in page or "awaiting" in page
    mediator_browser.post(
        reverse("cases:handoff_ack", args=[handoff.pk]), {"acknowledged_by_name": "李仲裁"}
    )
    act(
        mediator_browser, case, "record_award", note="裁决支付工资12800元",
        awarded_on=timezone.localdate().isoformat(), award_document_number="湛劳人仲案字〔2026〕5号",
        amount_awarded="12800", is_final="on",
    )  # fmt: skip
    act(mediator_browser, case, "close", outcome="award", note="已按裁决履行")
    case.refresh_from_db()
    assert case.status == "closed" and case.outcome == "award"

    worker_browser.post(reverse("cases:track"), {"number": case.number, "code": code})
    tracking = worker_browser.get(reverse("cases:track_result")).content.decode()
    timeline = tracking.split('data-testid="timeline"')[1]
    # Past-tense events; the union guided the worker's application, the commission accepted.
    steps = ["投诉已登记", "已受理调解申请", "调解会", "调解未达成协议", "已引导您申请劳动仲裁",
             "仲裁委员会的受理通知", "已作出裁决", "已结案（仲裁裁决）"]  # fmt: skip
    positions = [timeline.find(step) for step in steps]
    assert -1 not in positions, dict(zip(steps, positions, strict=True))
    assert positions == sorted(positions)
    assert "已结案" in tracking
