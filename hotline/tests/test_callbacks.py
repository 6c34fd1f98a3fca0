"""Callbacks: due the next working day, queued per operator, recorded attempt by
attempt, and escalated like case deadlines, each level once."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import DeadlineRule
from hotline import callbacks, services, tasks
from hotline.models import Call, CallbackEscalation
from hotline.tests.form_data import call_form, local
from leadership.models import RosterMember
from zhanjiang_union.accounts.models import Department
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.notifications.models import Notification

TODAY = date(2026, 11, 25)  # a Wednesday


@pytest.mark.parametrize(
    "called_at, due_on",
    [
        ("2026-11-18T10:00", date(2026, 11, 19)),  # Wednesday → Thursday
        ("2026-11-20T16:30", date(2026, 11, 23)),  # Friday → over the weekend to Monday
        ("2026-11-21T09:00", date(2026, 11, 23)),  # a Saturday call → Monday
        ("2026-09-30T11:00", date(2026, 10, 8)),  # before National Day → after it
    ],
)
def test_a_callback_is_due_the_next_working_day(client, operator, called_at, due_on):
    client.force_login(operator)
    response = client.post(
        reverse("hotline:desk"), call_form(received_at=called_at, outcome="callback")
    )
    assert response.status_code == 302
    call = Call.objects.get()
    assert call.callback_due_on == due_on
    assert call.callback_unloaded_year is None


def test_the_queue_sorts_by_due_date_and_keeps_an_unreached_caller(client, operator, make_call):
    later = make_call(received_at=local(2026, 11, 20, 16, 0), outcome=Call.Outcome.CALLBACK)
    sooner = make_call(received_at=local(2026, 11, 18, 9, 0), outcome=Call.Outcome.CALLBACK)
    make_call(outcome=Call.Outcome.ADVICE)
    client.force_login(operator)
    desk = client.get(reverse("hotline:desk"))
    assert list(desk.context["queue"]) == [sooner, later]
    queue_html = desk.content.decode().split('data-testid="callback-queue"')[1]
    assert queue_html.count('data-testid="deadline-light"') == 2  # the traffic light

    url = reverse("hotline:callback_record", args=[sooner.pk])
    response = client.post(url, {"result": "not_reached", "note": "无人接听"})
    assert response.status_code == 302
    sooner.refresh_from_db()
    assert sooner.callback_open and sooner.callback_attempts == 1
    assert list(client.get(reverse("hotline:desk")).context["queue"]) == [sooner, later]

    client.post(url, {"result": "reached", "note": "已告知仲裁程序"})
    sooner.refresh_from_db()
    assert not sooner.callback_open and sooner.callback_attempts == 2
    assert list(client.get(reverse("hotline:desk")).context["queue"]) == [later]
    page = client.get(reverse("hotline:call_detail", args=[sooner.pk])).content.decode()
    assert 'data-testid="callback-done"' in page
    assert "无人接听" in page and "已告知仲裁程序" in page
    # Done is done: a further attempt is refused, with the form kept.
    again = client.post(url, {"result": "reached", "note": "再次回电"})
    assert again.status_code == 409 and "再次回电" in again.content.decode()


def test_a_callback_result_must_be_chosen(client, operator, make_call):
    call = make_call(outcome=Call.Outcome.CALLBACK)
    client.force_login(operator)
    response = client.post(
        reverse("hotline:callback_record", args=[call.pk]), {"result": "", "note": "占线"}
    )
    assert response.status_code == 400
    assert "result" in response.context["callback_form"].errors
    assert "占线" in response.content.decode()
    call.refresh_from_db()
    assert call.callback_attempts == 0


@pytest.fixture
def escalation_setup(users, make_user, make_call):
    centre = Department.objects.get(code="service-centre")
    rights = Department.objects.get(code="rights")
    centre_head = make_user(Role.DEPARTMENT_HEAD, "service-centre")
    leader = make_user(Role.LEADERSHIP)
    member = RosterMember.objects.get(name="邵平静")
    member.user = leader
    member.save()
    member.in_charge_of.add(centre)
    rights_leader = make_user(Role.LEADERSHIP)
    other = RosterMember.objects.get(name="吴廉泉")
    other.user = rights_leader
    other.save()
    other.in_charge_of.add(rights)
    office = make_user(Role.LEADERSHIP, "office")
    RosterMember.objects.filter(is_office_director=True).update(user=office)
    call = make_call(received_at=local(2026, 11, 24, 10, 0), outcome=Call.Outcome.CALLBACK)
    return {
        "call": call,
        "operator": users[Role.HOTLINE_OPERATOR],
        "centre_head": centre_head,
        "rights_head": users[Role.DEPARTMENT_HEAD],
        "leader": leader,
        "rights_leader": rights_leader,
        "office": office,
    }


def inbox(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("url", flat=True))


def due(call, day):
    Call.objects.filter(pk=call.pk).update(callback_due_on=day)


def test_each_level_reaches_its_people_once(escalation_setup):
    setup = escalation_setup
    call = setup["call"]
    url = reverse("hotline:call_detail", args=[call.pk])

    due(call, TODAY)  # the callback rule's one-day window: its due day
    for _ in range(2):
        callbacks.callbacks_sweep(today=TODAY)
    call.refresh_from_db()
    assert call.callback_state == "due_soon"
    assert inbox(setup["operator"]) == [url]

    due(call, TODAY - timedelta(days=1))
    for _ in range(2):
        callbacks.callbacks_sweep(today=TODAY)
    assert inbox(setup["centre_head"]) == [url]
    assert inbox(setup["rights_head"]) == []

    due(call, TODAY - timedelta(days=14))
    for _ in range(2):
        callbacks.callbacks_sweep(today=TODAY)
    call.refresh_from_db()
    assert call.callback_state == "overdue_long"
    assert inbox(setup["leader"]) == [url] and inbox(setup["office"]) == [url]
    assert inbox(setup["rights_leader"]) == []
    assert inbox(setup["operator"]) == [url]  # still once

    assert sorted(CallbackEscalation.objects.values_list("level", flat=True)) == [
        "due_soon",
        "overdue",
        "overdue_long",
    ]
    assert Notification.objects.count() == 4  # operator, centre head, leader, office


def test_a_callback_is_due_soon_for_its_rules_own_window(escalation_setup):
    """As a case deadline: the "callback" rule's `due_soon` (1: the due day alone), editable
    by an admin, not a fixed span before every due day."""
    call = escalation_setup["call"]
    due(call, TODAY + timedelta(days=1))  # Thursday, a working day
    callbacks.callbacks_sweep(today=TODAY)
    call.refresh_from_db()
    assert call.callback_state == "normal"
    due_soon = CallbackEscalation.objects.filter(level="due_soon")
    assert not due_soon.exists()

    DeadlineRule.objects.filter(key="callback").update(due_soon=2)
    callbacks.callbacks_sweep(today=TODAY)
    call.refresh_from_db()
    assert call.callback_state == "due_soon"
    assert due_soon.count() == 1


def test_a_callback_logged_on_its_due_day_is_due_soon_at_once(operator):
    call = services.call_log(
        operator=operator,
        received_at=local(2026, 11, 25, 9, 0),
        phone="13800138000",
        summary="要求回电",
        outcome=Call.Outcome.CALLBACK,
        today=date(2026, 11, 26),
    )
    assert call.callback_due_on == date(2026, 11, 26)
    assert call.callback_state == "due_soon"
    later = services.call_log(
        operator=operator,
        received_at=local(2026, 11, 25, 9, 0),
        phone="13800138000",
        summary="要求回电",
        outcome=Call.Outcome.CALLBACK,
        today=TODAY,
    )
    assert later.callback_state == "normal"  # due tomorrow, outside the one-day window


def test_a_missed_sweep_is_caught_up_and_a_done_callback_left_alone(escalation_setup, make_call):
    setup = escalation_setup
    due(setup["call"], TODAY - timedelta(days=20))
    done = make_call(received_at=local(2026, 11, 2, 9, 0), outcome=Call.Outcome.CALLBACK)
    services.callback_record(call=done, actor=setup["operator"], reached=True)
    tasks.callbacks_sweep.delay().get()  # the beat task, run in place in tests
    assert set(
        CallbackEscalation.objects.filter(call=setup["call"]).values_list("level", flat=True)
    ) == {"overdue", "overdue_long"}
    # Logged already late, it owed escalations; called back since, nobody hears of it.
    assert all(e.notified == [] for e in CallbackEscalation.objects.filter(call=done))
    assert not Notification.objects.filter(url__contains=f"/{done.pk}/").exists()
    assert inbox(setup["centre_head"]) and inbox(setup["leader"]) and inbox(setup["office"])


def test_a_sweep_interrupted_while_notifying_is_finished_by_the_next(escalation_setup, monkeypatch):
    due(escalation_setup["call"], TODAY - timedelta(days=1))

    def crash(messages):
        raise RuntimeError("worker killed")

    monkeypatch.setattr(callbacks, "notify_many", crash)
    with pytest.raises(RuntimeError):
        callbacks.callbacks_sweep(today=TODAY)
    assert CallbackEscalation.objects.filter(notified_at__isnull=True).count() == 1
    assert Notification.objects.count() == 0
    monkeypatch.undo()
    callbacks.callbacks_sweep(today=TODAY)
    callbacks.callbacks_sweep(today=TODAY)
    assert len(inbox(escalation_setup["centre_head"])) == 1


def test_sweep_query_count_does_not_grow_with_the_calls(make_user, make_call):
    make_user(Role.DEPARTMENT_HEAD, "service-centre")

    def overdue_calls(count):
        for _ in range(count):
            call = make_call(received_at=local(2026, 11, 24, 9, 0), outcome=Call.Outcome.CALLBACK)
            due(call, TODAY - timedelta(days=1))

    def sweep_queries():
        with CaptureQueriesContext(connection) as queries:
            callbacks.callbacks_sweep(today=TODAY)
        return len(queries)

    overdue_calls(2)
    few = sweep_queries()
    overdue_calls(25)
    assert sweep_queries() == few


def test_a_new_holiday_moves_an_open_callback(make_call, django_capture_on_commit_callbacks):
    from zhanjiang_union.workdays.models import CalendarDay

    call = make_call(received_at=local(2026, 11, 25, 10, 0), outcome=Call.Outcome.CALLBACK)
    assert call.callback_due_on == date(2026, 11, 26)
    with django_capture_on_commit_callbacks(execute=True):
        CalendarDay.objects.create(date=date(2026, 11, 26), kind="holiday", name="测试假日")
    call.refresh_from_db()
    assert call.callback_due_on == date(2026, 11, 27)
