"""The dashboard's count of agreements performed on time, late, not performed and the
amount still owed; an instalment reminded before its day and escalated after it by the
deadline sweep."""

from datetime import date
from decimal import Decimal

from django.core.cache import cache
from django.urls import reverse

from cases import deadlines
from cases.models import Case, Deadline, Escalation
from performance import services
from performance.models import Instalment
from performance.selectors import performance_figures
from performance.services import InstalmentInput
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.notifications.models import Notification


def pay_all(case, mediator, on):
    for instalment in Instalment.objects.filter(agreement__case=case):
        services.payment_record(
            instalment=instalment, paid_on=on, amount=instalment.amount, method="cash",
            actor=mediator, today=date(2026, 12, 1),
        )  # fmt: skip


def test_dashboard_counts_on_time_late_not_performed_and_owed(
    client, agreed, mediator, role_users, django_assert_max_num_queries
):
    on_time = agreed(payment_due=date(2026, 11, 20))
    pay_all(on_time, mediator, date(2026, 11, 20))
    late = agreed(payment_due=date(2026, 11, 20))
    pay_all(late, mediator, date(2026, 11, 27))
    unpaid = agreed(payment_due=date(2026, 11, 20), amount="5000.00")
    services.payment_record(
        instalment=Instalment.objects.get(agreement__case=unpaid), paid_on=date(2026, 11, 20),
        amount=Decimal("1200.00"), method="bank", actor=mediator, today=date(2026, 12, 1),
    )  # fmt: skip
    agreed(payment_due=date(2026, 12, 20), amount="800.00")  # not due yet: none of the three

    figures = performance_figures(
        start=date(2026, 11, 1), end=date(2026, 11, 30), today=date(2026, 12, 1)
    )
    assert figures == {
        "on_time": 1, "late": 1, "not_performed": 1, "owed": Decimal("4600.00"),
    }  # fmt: skip
    other_department = performance_figures(
        start=date(2026, 11, 1), end=date(2026, 11, 30), department_id=10**6
    )
    assert other_department["on_time"] == 0 and other_department["owed"] == 0

    cache.clear()
    with django_assert_max_num_queries(3):
        performance_figures(start=date(2026, 11, 1), end=date(2026, 11, 30))
    for _more in range(3):
        agreed(payment_due=date(2026, 11, 20))
    cache.clear()
    with django_assert_max_num_queries(3):
        performance_figures(start=date(2026, 11, 1), end=date(2026, 11, 30))

    client.force_login(role_users[Role.LEADERSHIP])
    page = client.get(
        reverse("dashboard:index"), {"start": "2026-11-01", "end": "2026-11-30"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    ).content.decode()  # fmt: skip
    assert "按期履行" in page and "尚欠" in page


def test_an_instalment_is_reminded_before_its_day_and_escalates_after(agreed, mediator, role_users):
    head = role_users[Role.DEPARTMENT_HEAD]
    case = agreed(signed_on=date(2026, 11, 2), payment_due=date(2026, 12, 25))
    services.schedule_set(
        case=case, actor=mediator,
        instalments=[InstalmentInput(Decimal("6400.00"), date(2026, 12, 10), "张三"),
                     InstalmentInput(Decimal("6400.00"), date(2026, 12, 25), "张三")],
    )  # fmt: skip
    first = Instalment.objects.get(agreement__case=case, number=1)
    # The parties will not seek judicial confirmation: that clock ends, the instalments' run.
    services.confirmation_record(
        case=case, result="not_sought", on=date(2026, 11, 2), actor=mediator
    )

    deadlines.sweep(today=date(2026, 12, 8))  # three days before 10 Dec: due soon
    first.deadline.refresh_from_db()
    assert first.deadline.state == Deadline.State.DUE_SOON
    reminder = Notification.objects.get(recipient=case.handler, deadline=first.deadline)
    assert "调解协议约定付款" in reminder.subject  # the rule's name

    deadlines.sweep(today=date(2026, 12, 11))  # the day after: overdue, the head is told
    first.deadline.refresh_from_db()
    assert first.deadline.state == Deadline.State.OVERDUE
    assert Escalation.objects.filter(deadline=first.deadline, level="overdue").exists()
    assert Notification.objects.filter(recipient=head, deadline=first.deadline).exists()
    assert Case.objects.get(pk=case.pk).deadline_state == Deadline.State.OVERDUE

    # Paid: its clock ends and the next instalment is the one the case shows.
    services.payment_record(
        instalment=first, paid_on=date(2026, 12, 1), amount=Decimal("6400.00"),
        method="bank", actor=mediator, today=date(2026, 12, 1),
    )  # fmt: skip
    assert Case.objects.get(pk=case.pk).next_due_on == date(2026, 12, 25)
