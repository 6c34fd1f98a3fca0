"""Alerts that do not cry wolf: "due soon" is relative to each rule's period, and a
message whose time limit ended before it went out is not sent, and shows as resolved."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases import deadlines
from cases.models import Deadline, DeadlineRule, Escalation
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.notifications.models import Notification
from zhanjiang_union.notifications.tasks import deliver_pending
from zhanjiang_union.workdays.calendar import add_working_days, subtract_working_days


def test_a_new_complaint_is_not_due_soon_on_a_three_working_day_triage(make_case, role_users):
    head = role_users[Role.DEPARTMENT_HEAD]
    today = timezone.localdate()
    case = make_case()
    triage = case.deadlines.get()
    assert triage.rule.limit == 3 and triage.rule.due_soon == 1
    assert triage.state == Deadline.State.NORMAL
    case.refresh_from_db()
    assert case.deadline_state == Deadline.State.NORMAL

    deadlines.sweep(today=today)
    deadlines.sweep(today=add_working_days(today, 2))  # the day before its last
    assert not Escalation.objects.exists()
    assert not Notification.objects.filter(recipient=head).exists()
    triage.refresh_from_db()
    assert triage.state == Deadline.State.NORMAL

    # Its last working day: due soon, and the head (no handler yet) is told once.
    last = add_working_days(today, 3)
    assert triage.due_on == last == triage.soon_on
    deadlines.sweep(today=last)
    triage.refresh_from_db()
    case.refresh_from_db()
    assert triage.state == case.deadline_state == Deadline.State.DUE_SOON
    assert Notification.objects.filter(recipient=head, subject__contains="即将到期").count() == 1


def test_a_fifteen_day_mediation_is_due_soon_for_its_last_three_days(make_case):
    case = make_case()
    mediation = deadlines.deadline_open(
        case=case, rule_key="mediation", started_on=date(2026, 11, 2)
    )
    assert mediation.due_on == date(2026, 11, 17)  # a Tuesday: the 15th day stands
    assert mediation.soon_on == date(2026, 11, 15)
    for day, state in [
        (date(2026, 11, 14), Deadline.State.NORMAL),
        (date(2026, 11, 15), Deadline.State.DUE_SOON),
        (date(2026, 11, 17), Deadline.State.DUE_SOON),
        (date(2026, 11, 18), Deadline.State.OVERDUE),
    ]:
        deadlines.sweep(today=day)
        mediation.refresh_from_db()
        assert mediation.state == state, day


def test_the_window_is_the_admins_to_set_and_recomputes_the_running_deadlines(make_case):
    rule = DeadlineRule.objects.get(key="triage")
    rule.due_soon = 4
    with pytest.raises(ValidationError):
        rule.full_clean()  # not longer than the period itself
    triage = make_case().deadlines.get()
    DeadlineRule.objects.filter(key="triage").update(due_soon=2)
    deadlines.deadlines_recompute(deadline_ids=[triage.pk])
    triage.refresh_from_db()
    assert triage.soon_on == subtract_working_days(triage.due_on, 1)


def test_the_admin_edits_the_window(client, role_users):
    admin_user = role_users[Role.ADMIN]
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    rule = DeadlineRule.objects.get(key="mediation")
    url = reverse("admin:cases_deadlinerule_change", args=[rule.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="due_soon"' in page.content.decode()
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {key: value for key, value in data.items() if value is not None}
    data["extension_allowed"] = "on" if rule.extension_allowed else ""
    response = client.post(url, {**data, "due_soon": 20})
    assert response.status_code == 200  # refused: 20 of a 15-day period
    assert "due_soon" in response.context["adminform"].form.errors
    response = client.post(url, {**data, "due_soon": 5})
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.due_soon == 5


@pytest.fixture
def head_with_mail(role_users):
    head = role_users[Role.DEPARTMENT_HEAD]
    head.email = "head@zjgh.example"
    head.save()
    return head


def _due_today(case):
    today = timezone.localdate()
    Deadline.objects.filter(case=case).update(due_on=today, soon_on=today)
    return today


def _receipts_sent():
    # Each filing writes the worker's receipt to the outbox: sent first, apart from these.
    deliver_pending()
    mail.outbox.clear()


def test_a_message_whose_deadline_ended_before_delivery_is_not_sent(make_case, head_with_mail):
    case = make_case()
    _receipts_sent()
    today = _due_today(case)
    deadlines.sweep(today=today)
    note = Notification.objects.get(recipient=head_with_mail)
    assert note.delivery == Notification.Delivery.PENDING
    assert (note.case, note.deadline) == (case, case.deadlines.get())

    deadlines.deadlines_end(case=case)  # handled before the mail went out
    assert deliver_pending() == 0
    assert mail.outbox == []
    note.refresh_from_db()
    assert note.delivery == Notification.Delivery.MOOT


def test_a_message_whose_deadline_still_runs_is_sent(make_case, head_with_mail):
    case = make_case()
    _receipts_sent()
    deadlines.sweep(today=_due_today(case))
    assert deliver_pending() == 1
    assert [message.to for message in mail.outbox] == [["head@zjgh.example"]]


def test_an_escalation_whose_deadline_ended_before_the_sweep_tells_nobody(make_case, role_users):
    DeadlineRule.objects.filter(key="triage").update(due_soon=5)  # opens already due soon
    case = make_case()
    assert Escalation.objects.filter(notified_at__isnull=True).count() == 1
    deadlines.deadlines_end(case=case)
    deadlines.sweep(today=timezone.localdate())
    assert not Notification.objects.exclude(recipient=None).exists()  # the receipt alone
    assert Escalation.objects.get().notified_at is not None  # claimed, not sent again


def test_the_inbox_links_the_case_shows_what_is_resolved_and_filters_the_open(
    client, make_case, head_with_mail
):
    done, running = make_case(), make_case()
    today = _due_today(done)
    _due_today(running)
    deadlines.sweep(today=today)
    deadlines.deadlines_end(case=done)
    client.force_login(head_with_mail)

    page = client.get(reverse("notifications:inbox")).content.decode()
    assert page.count('data-testid="inbox-message"') == 2
    assert page.count('data-testid="inbox-resolved"') == 1
    assert reverse("cases:detail", args=[done.pk]) in page
    assert f"案件{done.number}" in page

    still_open = client.get(reverse("notifications:inbox"), {"show": "open"}).content.decode()
    assert still_open.count('data-testid="inbox-message"') == 1
    assert running.number in still_open and done.number not in still_open
    # A filter value nobody offered shows everything.
    assert client.get(reverse("notifications:inbox"), {"show": "x" * 500}).status_code == 200
