"""An agreement's payment schedule, its payments (part, late, too much) and the case
closing as performed only when it is all paid."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases import services as case_services
from cases.models import Case, Deadline
from cases.views import TRACKED_SESSION_KEY
from performance import selectors, services
from performance.models import Instalment, NonPaymentReport
from performance.services import InstalmentInput, PerformanceError
from zhanjiang_union.notifications.models import Notification

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def two_instalments(case, mediator):
    return services.schedule_set(
        case=case,
        actor=mediator,
        instalments=[
            InstalmentInput(Decimal("6400.00"), date(2026, 11, 10), "张三"),
            InstalmentInput(Decimal("6400.00"), date(2026, 11, 25), "张三"),
        ],
    )


def pay(instalment, mediator, amount, on, **kwargs):
    return services.payment_record(
        instalment=instalment, paid_on=on, amount=Decimal(amount), method="bank",
        actor=mediator, today=date(2026, 12, 1), **kwargs,
    )  # fmt: skip


def test_recording_the_agreement_opens_one_instalment_and_the_confirmation_clock(agreed, mediator):
    case = agreed(signed_on=date(2026, 9, 1), payment_due=date(2026, 10, 3))
    (instalment,) = Instalment.objects.filter(agreement__case=case)
    assert instalment.amount == Decimal("12800.00") and instalment.payee == "张三"
    # Agreed for Saturday 3 Oct 2026, in the National Day holiday (1-7 Oct): due on the 8th.
    assert instalment.deadline.due_on == date(2026, 10, 8)
    assert instalment.deadline.soon_on == date(2026, 10, 6)  # reminded three days before
    # Judicial confirmation: 30 days from 1 Sep = 1 Oct, a holiday → 8 Oct.
    confirmation = case.deadlines.get(rule__key="judicial_confirmation", met_at__isnull=True)
    assert confirmation.due_on == date(2026, 10, 8)


def test_two_instalments_first_paid_second_late_part_paid_and_overpayment_refused(agreed, mediator):
    case = agreed()
    first, second = two_instalments(case, mediator)
    assert list(Deadline.objects.filter(instalment__in=[first, second]).values_list(
        "due_on", flat=True)) == [date(2026, 11, 10), date(2026, 11, 25)]  # fmt: skip

    pay(first, mediator, "6400.00", date(2026, 11, 10))
    first.refresh_from_db()
    assert first.paid_on == date(2026, 11, 10) and first.deadline.met_at is not None

    overview = selectors.agreement_overview(case=case, today=date(2026, 12, 1))
    assert [row.state for row in overview.rows] == ["paid", "overdue"]
    assert overview.owed == Decimal("6400.00")

    pay(second, mediator, "3000.00", date(2026, 11, 28))
    second.refresh_from_db()
    assert second.paid_on is None and second.deadline.met_at is None  # still owing

    with pytest.raises(PerformanceError) as refused:
        pay(second, mediator, "5000.00", date(2026, 11, 30))
    assert "3400.00" in refused.value.message
    with pytest.raises(PerformanceError):
        pay(first, mediator, "1.00", date(2026, 11, 30))  # already paid in full

    pay(second, mediator, "3400.00", date(2026, 11, 30))
    overview = selectors.agreement_overview(case=case, today=date(2026, 12, 1))
    assert [row.state for row in overview.rows] == ["paid", "paid_late"]
    assert overview.owed == 0 and overview.performed


def test_a_schedule_must_add_up_and_stays_once_paid(agreed, mediator):
    case = agreed()
    with pytest.raises(PerformanceError) as refused:
        services.schedule_set(
            case=case, actor=mediator,
            instalments=[InstalmentInput(Decimal("6400.00"), date(2026, 11, 10), "张三")],
        )  # fmt: skip
    assert "6400.00" in refused.value.message and "12800.00" in refused.value.message
    first, _second = two_instalments(case, mediator)
    pay(first, mediator, "100.00", date(2026, 11, 10))
    with pytest.raises(PerformanceError):
        two_instalments(case, mediator)


def test_the_case_closes_as_performed_only_when_the_schedule_is_paid(agreed, mediator):
    case = agreed()
    first, second = two_instalments(case, mediator)
    pay(first, mediator, "6400.00", date(2026, 11, 10))

    def close(outcome, note=""):
        fresh = Case.objects.get(pk=case.pk)
        return case_services.case_transition(
            case=fresh, action="close", actor=mediator, expected_version=fresh.version,
            outcome=outcome, note=note,
        )  # fmt: skip

    with pytest.raises(PerformanceError):
        close("agreement_performed")
    with pytest.raises(PerformanceError):
        close("withdrawn")  # another outcome needs the reason
    pay(second, mediator, "6400.00", date(2026, 11, 26))
    assert close("agreement_performed").status == "closed"


def test_a_payment_with_its_evidence_through_the_case_page(client, agreed, mediator):
    case = agreed()
    (instalment,) = Instalment.objects.filter(agreement__case=case)
    client.force_login(mediator)
    url = reverse("performance:payment", args=[instalment.pk])
    slip = SimpleUploadedFile("回单.png", PNG, content_type="image/png")
    response = client.post(
        url, {"paid_on": "2026-11-20", "amount": "12800.00", "method": "bank", "evidence": slip}
    )
    assert response.status_code == 302
    payment = instalment.payments.get()
    assert payment.evidence.case_id == case.pk and payment.evidence.kind == "png"
    page = client.get(reverse("cases:detail", args=[case.pk]), **ZH).content.decode()
    assert reverse("cases:evidence", args=[payment.evidence.pk]) in page
    assert "按时支付" in page

    # A file that is not what its name says is refused beside the field; nothing recorded.
    fake = SimpleUploadedFile("回单.png", b"%PDF-1.4 not a picture", content_type="image/png")
    other = agreed()
    (unpaid,) = Instalment.objects.filter(agreement__case=other)
    response = client.post(
        reverse("performance:payment", args=[unpaid.pk]),
        {"paid_on": "2026-11-20", "amount": "1.00", "method": "bank", "evidence": fake}, **ZH,
    )  # fmt: skip
    assert response.status_code == 400 and not unpaid.payments.exists()


def test_overpayment_through_the_page_keeps_what_was_typed(client, agreed, mediator):
    case = agreed()
    (instalment,) = Instalment.objects.filter(agreement__case=case)
    client.force_login(mediator)
    response = client.post(
        reverse("performance:payment", args=[instalment.pk]),
        {"paid_on": "2026-11-20", "amount": "13000.00", "method": "cash", "note": "现金收据"},
        **ZH,
    )
    assert response.status_code == 409
    text = response.content.decode()
    assert "12800.00元" in text or "12800.00" in text
    assert 'value="13000.00"' in text and "现金收据" in text
    assert not instalment.payments.exists()


def test_the_worker_sees_the_late_instalment_their_doors_and_reports_non_payment(
    client, agreed, mediator
):
    case = agreed(payment_due=date(2026, 11, 25))  # unpaid; today is after it
    session = client.session
    session[TRACKED_SESSION_KEY] = case.pk
    session.save()
    page = client.get(reverse("cases:track_result"), **ZH).content.decode()
    assert "未按时支付" in page
    assert "支付令" in page  # wage arrears: a payment order (Art. 16)
    assert "2027-11-25" in page  # arbitration within a year of the unpaid day

    response = client.post(
        reverse("performance:non_payment", args=[case.pk]), {"note": "至今未收到"}, **ZH
    )
    assert response.status_code == 302
    assert NonPaymentReport.objects.get(case=case).note == "至今未收到"
    assert Notification.objects.filter(recipient=case.handler, url__contains=str(case.pk)).exists()
    staff_page = client.__class__()
    staff_page.force_login(mediator)
    assert "至今未收到" in staff_page.get(reverse("cases:detail", args=[case.pk])).content.decode()


def test_someone_elses_case_cannot_be_reported(client, agreed):
    case = agreed()
    response = client.post(reverse("performance:non_payment", args=[case.pk]), {"note": "x"})
    assert response.status_code == 404
    assert not NonPaymentReport.objects.exists()


def test_the_judicial_confirmation_is_recorded_and_its_thirty_days_end(agreed, mediator):
    case = agreed(signed_on=date(2026, 11, 2))
    running = case.deadlines.get(rule__key="judicial_confirmation", met_at__isnull=True)
    assert running.due_on == date(2026, 12, 2)  # 2 Nov + 30 days, a Wednesday
    services.confirmation_record(
        case=case, result="applied", on=date(2026, 11, 20), court="霞山区人民法院", actor=mediator
    )
    assert not case.deadlines.filter(rule__key="judicial_confirmation", met_at__isnull=True)
    services.confirmation_record(
        case=case, result="confirmed", on=date(2026, 11, 27), court="霞山区人民法院",
        document_number="（2026）粤0803民特1号", actor=mediator,
    )  # fmt: skip
    overview = selectors.agreement_overview(case=case, today=date(2026, 12, 1))
    assert overview.confirmation.result == "confirmed"
    with pytest.raises(PerformanceError):
        services.confirmation_record(
            case=case, result="refused", on=date(2026, 10, 1), actor=mediator
        )  # before the agreement


def test_an_agreement_the_court_confirms_opens_the_two_years_to_apply_for_enforcement(
    agreed, mediator
):
    case = agreed(signed_on=date(2026, 11, 2), payment_due=date(2026, 11, 25))
    services.confirmation_record(
        case=case, result="confirmed", on=date(2026, 11, 20), actor=mediator
    )
    running = case.deadlines.filter(rule__key="enforcement", met_at__isnull=True)
    # From the agreed payment day, 25 Nov 2026: + 2 years = Saturday 25 Nov 2028 → 27 Nov.
    assert [d.due_on for d in running] == [date(2028, 11, 27)]
