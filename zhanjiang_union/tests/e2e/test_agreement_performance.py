"""After the agreement: the mediator splits it into two instalments and records the first
payment; the second is late; the worker, on a phone, reads that they may apply for a
payment order and by when they may apply for arbitration, and reports the non-payment."""

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from . import VALID_ID, VALID_PHONE, field, label_of, shoot, zh, zh_str

pytestmark = pytest.mark.e2e

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _axe_clean(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=WCAG)
    assert results.violations_count == 0, results.generate_report()


def _agreed_case(mediator):
    from cases import services
    from cases.models import DisputeCategory, District

    case, code = services.case_create(
        complainants=[services.ComplainantInput(name="王建军", id_number=VALID_ID, phone=VALID_PHONE)],
        employer_name="湛江港城建材有限公司", district=District.objects.get(name="霞山区"),
        industry="C", category=DisputeCategory.objects.get(code="pay"),
        facts="2026年9月起工资未按时发放。", demand="支付拖欠工资12800元。", channel="web",
    )  # fmt: skip
    case = services.case_transition(
        case=case, action="accept_mediation", actor=mediator, expected_version=case.version
    )
    case = services.case_transition(
        case=case, action="record_agreement", actor=mediator, expected_version=case.version,
        agreement={"signed_on": date(2026, 11, 2), "amount_agreed": Decimal("12800.00"),
                   "payment_due": date(2026, 11, 25), "terms": "分两期支付拖欠工资。"},
    )  # fmt: skip
    return case, code


def test_two_instalments_one_paid_one_late_and_the_worker_sees_the_payment_order(
    new_context, login, make_user
):
    from cases.forms import TrackForm
    from performance.forms import NonPaymentForm, PaymentForm
    from performance.models import Instalment, NonPaymentReport, Payment

    mediator = make_user("mediator", "rights")
    case, code = _agreed_case(mediator)

    page = new_context().new_page()
    login(page, mediator, next_url=f"/cases/{case.pk}/")
    panel = page.get_by_test_id("performance")
    panel.get_by_role("link", name=zh("Payment schedule")).click()
    for row, (amount, due) in enumerate((("6400.00", "2026-11-10"), ("6400.00", "2026-11-25"))):
        page.locator(f'[name="rows-{row}-amount"]').fill(amount)
        page.locator(f'[name="rows-{row}-due_on"]').fill(due)
        page.locator(f'[name="rows-{row}-payee"]').fill("王建军")
    _axe_clean(page)
    page.get_by_role("button", name=zh("Save")).click()
    expect(
        page.get_by_role("alert").filter(has_text=zh("The payment schedule is saved."))
    ).to_be_visible()
    expect(page.get_by_test_id("instalments").get_by_role("row")).to_have_count(3)

    page.get_by_test_id("instalment-1").get_by_role("link", name=zh("Record a payment")).click()
    field(page, label_of(PaymentForm, "paid_on")).fill("2026-11-10")
    field(page, label_of(PaymentForm, "amount")).fill("6400.00")
    field(page, label_of(PaymentForm, "method")).select_option(
        label=zh_str(Payment.Method.BANK.label)
    )
    page.get_by_role("button", name=zh("Save")).click()
    expect(page.get_by_test_id("instalment-1")).to_contain_text(zh("paid on time"))
    expect(page.get_by_test_id("instalment-2")).to_contain_text(zh("overdue"))
    expect(page.get_by_test_id("owed")).to_contain_text("6400.00")
    expect(page.get_by_test_id("payment-order-option")).to_be_visible()
    _axe_clean(page)
    page.get_by_test_id("performance").scroll_into_view_if_needed()
    shoot(page, "agreement-performance")
    assert Instalment.objects.get(agreement__case=case, number=1).paid_on == date(2026, 11, 10)

    worker = new_context(phone=True).new_page()
    worker.goto("/complaints/track/")
    field(worker, label_of(TrackForm, "number")).fill(case.number)
    field(worker, label_of(TrackForm, "code")).fill(code)
    worker.get_by_role("button", name=zh("Look up")).tap()
    options = worker.get_by_test_id("worker-options")
    expect(options).to_contain_text("支付令")
    expect(options).to_contain_text("2027-11-25")  # a year from the unpaid day
    expect(worker.get_by_test_id("worker-payments")).to_contain_text(zh("not paid on time"))
    _axe_clean(worker)
    field(worker, label_of(NonPaymentForm, "note")).fill("第二期至今未收到。")
    worker.get_by_role("button", name=zh("Tell the union the employer has not paid")).tap()
    expect(
        worker.get_by_role("alert").filter(
            has_text=zh("Thank you: your mediator has been told that the employer has not paid.")
        )
    ).to_be_visible()
    shoot(worker, "worker-payment-order")
    assert NonPaymentReport.objects.get(case=case).note == "第二期至今未收到。"
