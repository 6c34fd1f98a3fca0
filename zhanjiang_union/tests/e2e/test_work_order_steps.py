"""A 12345 work order on the case page: a mediator signs for it, asks for more time (the
page says it awaits the platform, which grants it) and replies with the result, through
the visible buttons; each step is on the timeline."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from . import field, label_of, shoot, zh

pytestmark = pytest.mark.e2e


def test_a_mediator_works_a_12345_order_from_the_case_page(page, login, make_user):
    from api import services, work_orders
    from api.forms import ExtendForm, ReplyForm
    from api.models import WorkOrder
    from cases.models import DisputeCategory, District

    platform, _token = services.client_create(name="12345平台", scopes=["work_orders"])
    now = timezone.now()
    work_order, _new = work_orders.work_order_receive(
        platform=platform, order_number="GD12345-20261201-0007", received_at=now,
        caller={"name": "陈六", "phone": "13700137000"}, content="某厂拖欠工资三个月。",
        category=DisputeCategory.objects.get(code="pay"),
        district=District.objects.get(code="xiashan"), employer_name="湛江某某电子有限公司",
        industry="C", urgency="urgent", sign_by=now + timedelta(hours=2),
        reply_by=now + timedelta(days=5),
    )  # fmt: skip
    mediator = make_user("mediator", "rights")
    login(page, mediator)
    page.goto(reverse("cases:detail", args=[work_order.case_id]))
    panel = page.get_by_test_id("work-orders")
    expect(panel).to_contain_text("GD12345-20261201-0007")
    shoot(page, "work-order-case-page")

    panel.get_by_role("link", name=zh("Sign for"), exact=True).click()
    page.get_by_role("button", name=zh("Sign for the work order")).click()
    status = page.get_by_test_id("work-orders").get_by_test_id("work-order-status")
    expect(status).to_have_text(zh("Signed for"))

    page.get_by_test_id("work-orders").get_by_role("link", name=zh("Ask for more time")).click()
    new_date = timezone.localdate() + timedelta(days=12)
    field(page, label_of(ExtendForm, "new_date")).fill(new_date.isoformat())
    field(page, label_of(ExtendForm, "reason")).fill("需调取考勤记录")
    page.get_by_role("button", name=zh("Ask for more time")).click()
    pending = page.get_by_test_id("work-orders").get_by_test_id("work-order-pending")
    expect(pending).to_contain_text(new_date.isoformat())
    work_order.refresh_from_db()
    assert timezone.localtime(work_order.reply_by).date() != new_date  # not before approval
    (request,) = work_order.requests.all()
    work_orders.work_order_request_decide(
        work_order=work_order, request_id=request.pk, approved=True
    )
    page.reload()
    expect(page.get_by_test_id("work-orders")).to_contain_text(new_date.isoformat())
    expect(page.get_by_test_id("work-order-pending")).to_have_count(0)

    page.get_by_test_id("work-orders").get_by_role("link", name=zh("Reply with the result")).click()
    field(page, label_of(ReplyForm, "result")).fill("已协调企业支付拖欠工资。")
    page.get_by_role("button", name=zh("Reply with the result")).click()
    expect(page.get_by_test_id("work-orders").get_by_test_id("work-order-status")).to_have_text(
        zh("Replied")
    )
    expect(page.locator("main")).to_contain_text(
        zh("12345 work order %(order)s signed for", order="GD12345-20261201-0007")
    )
    work_order.refresh_from_db()
    assert (work_order.status, work_order.extensions) == (WorkOrder.Status.REPLIED, 1)
    assert timezone.localtime(work_order.reply_by).date() == new_date
