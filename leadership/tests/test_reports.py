"""Self-inspection reports: figures taken from the cases at submission, review by the
leader in charge, and the daily reminder and overdue sweeps, each sent only once."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from leadership import services, tasks
from leadership.models import Activity, Measure, ReportEvent, RosterMember, SelfInspectionReport
from leadership.periods import last_ended_period, period_containing
from zhanjiang_union.accounts.models import Department
from zhanjiang_union.accounts.roles import Role

from .conftest import local

Status = SelfInspectionReport.Status


def dept(code: str) -> Department:
    return Department.objects.get(code=code)


@pytest.fixture(autouse=True)
def _default_periods(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for name in ("SELF_INSPECTION_PERIOD_MONTHS", "SELF_INSPECTION_DUE_DAYS"):
        if hasattr(settings, name):
            delattr(settings, name)


@pytest.fixture
def period():
    """The month before last: over, and past its due date."""
    return last_ended_period(timezone.localdate()).previous()


@pytest.fixture
def head(staff):
    return staff(Role.DEPARTMENT_HEAD, "rights", email="head@zjgh.example")


@pytest.fixture
def leader(leader_in_charge):
    return leader_in_charge("邵平静", ["rights", "grassroots"], email="shao@zjgh.example")


def test_periods_are_months_due_on_the_fifth(settings):
    from datetime import date

    period = period_containing(date(2026, 2, 14))
    assert (period.start, period.end, period.due_on) == (
        date(2026, 2, 1),
        date(2026, 2, 28),
        date(2026, 3, 5),
    )
    settings.SELF_INSPECTION_PERIOD_MONTHS = 3
    settings.SELF_INSPECTION_DUE_DAYS = 10
    quarter = period_containing(date(2026, 11, 25))
    assert (quarter.start, quarter.end, quarter.due_on) == (
        date(2026, 10, 1),
        date(2026, 12, 31),
        date(2027, 1, 10),
    )
    assert quarter.previous().start == date(2026, 7, 1)


def test_figures_computed_at_submission_match_the_cases(client, head, make_case, period):
    start, end = period.start, period.end
    after = end + timedelta(days=1)
    rights, grassroots = dept("rights"), dept("grassroots")
    # received and closed in the period
    make_case(
        created_at=local(start, 9),
        closed_at=local(start + timedelta(days=15)),
        amount_recovered=Decimal("5000.00"),
        workers_involved=3,
    )
    # received before, closed in the period
    make_case(
        created_at=local(start - timedelta(days=10)),
        closed_at=local(start + timedelta(days=9)),
        amount_recovered=Decimal("1200.50"),
    )
    # collective, received on the last evening, still open
    make_case(created_at=local(end, 23, 30), workers_involved=12)
    # received and closed on the period's last day, nothing recovered
    make_case(
        created_at=local(start + timedelta(days=1)),
        closed_at=local(end, 23, 59),
        workers_involved=2,
    )
    # received just after the period: not counted
    make_case(created_at=local(after, 0, 10), workers_involved=40)
    # received before, closed after the period: open at its end
    make_case(
        created_at=local(start - timedelta(days=40)),
        closed_at=local(after, 9),
        amount_recovered=Decimal("999.00"),
    )
    # another department's case: not counted
    make_case(department=grassroots, created_at=local(start, 10), workers_involved=15)

    def activity(kind, code, held_on):
        Activity.objects.create(
            kind=kind,
            measure=Measure.objects.get(number=1),
            held_on=held_on,
            department=dept(code),
            participants=1,
            recorded_by=head,
        )

    activity(Activity.Kind.LEGAL_CHECKUP, "rights", start)
    activity(Activity.Kind.LECTURE, "rights", end)
    activity(Activity.Kind.LEGAL_CHECKUP, "rights", after)
    activity(Activity.Kind.LECTURE, "grassroots", start)

    client.force_login(head)
    response = client.post(reverse("leadership:report_open"), {"period": start.isoformat()})
    report = SelfInspectionReport.objects.get(department=rights, period_start=start)
    assert response["Location"] == reverse("leadership:report_submit", args=[report.pk])
    assert (report.status, report.period_end, report.due_on) == (
        Status.DRAFT,
        end,
        end + timedelta(days=5),
    )

    response = client.post(
        reverse("leadership:report_submit", args=[report.pk]), {"text": "本月开展法律体检1次。"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    assert report.submitted_by == head
    assert report.figures == {
        "cases_received": 3,
        "cases_closed": 3,
        "cases_open_at_end": 2,
        "collective_received": 1,
        "amount_recovered": "6200.50",
        "workers_covered": 17,
        "activities": {"legal_checkup": 1, "lecture": 1, "bargaining": 0, "training": 0},
    }
    page = client.get(reverse("leadership:report_detail", args=[report.pk])).content.decode()
    assert "本月开展法律体检1次。" in page
    assert "6200.50" in page


def test_a_report_cannot_be_submitted_before_its_period_ends(head):
    current = period_containing(timezone.localdate())
    report = services.report_open_for_period(department=dept("rights"), period_start=current.start)
    with pytest.raises(services.LeadershipError):
        services.report_submit(report=report, actor=head, text="提前报送")
    report.refresh_from_db()
    assert report.status == Status.DRAFT


def test_only_the_departments_staff_submit(staff, period):
    report = services.report_open_for_period(department=dept("rights"), period_start=period.start)
    other_head = staff(Role.DEPARTMENT_HEAD, "grassroots")
    mediator = staff(Role.MEDIATOR, "rights")
    for user in (other_head, mediator):
        with pytest.raises(services.LeadershipError):
            services.report_submit(report=report, actor=user, text="报告")
    report.refresh_from_db()
    assert report.status == Status.DRAFT


@pytest.fixture
def submitted(head, period):
    report = services.report_open_for_period(department=dept("rights"), period_start=period.start)
    return services.report_submit(report=report, actor=head, text="自查自纠情况报告")


def test_the_leader_in_charge_accepts(client, leader, submitted):
    client.force_login(leader)
    detail = client.get(reverse("leadership:report_detail", args=[submitted.pk]))
    assert detail.context["can_review"]
    response = client.post(
        reverse("leadership:report_review", args=[submitted.pk]),
        {"decision": "accept", "comment": ""},
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.status, submitted.reviewed_by) == (Status.ACCEPTED, leader)
    assert list(submitted.events.values_list("action", flat=True)) == [
        ReportEvent.Action.SUBMITTED,
        ReportEvent.Action.ACCEPTED,
    ]


def test_the_leader_in_charge_returns_it_with_a_comment_and_it_comes_back(
    client, django_capture_on_commit_callbacks, head, leader, submitted
):
    client.force_login(leader)
    url = reverse("leadership:report_review", args=[submitted.pk])
    no_comment = client.post(url, {"decision": "return", "comment": " "})
    assert no_comment.status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"decision": "return", "comment": "请补充集体协商开展情况。"})
    submitted.refresh_from_db()
    assert (submitted.status, submitted.review_comment) == (
        Status.RETURNED,
        "请补充集体协商开展情况。",
    )
    assert [message.to for message in mail.outbox] == [["head@zjgh.example"]]
    assert "请补充集体协商开展情况。" in mail.outbox[0].body

    client.force_login(head)
    history = client.get(reverse("leadership:report_detail", args=[submitted.pk]))
    assert "请补充集体协商开展情况。" in history.content.decode()
    client.post(
        reverse("leadership:report_submit", args=[submitted.pk]), {"text": "已补充集体协商情况。"}
    )
    submitted.refresh_from_db()
    assert (submitted.status, submitted.text) == (Status.SUBMITTED, "已补充集体协商情况。")
    assert submitted.events.count() == 3


def test_review_is_refused_to_anyone_but_the_leader_in_charge(
    client, staff, leader_in_charge, head, submitted
):
    other_leader = leader_in_charge("吴廉泉", ["service-centre"])
    not_on_roster = staff(Role.LEADERSHIP)
    url = reverse("leadership:report_review", args=[submitted.pk])
    client.force_login(other_leader)
    assert client.get(url).status_code == 404  # not theirs to read either
    client.force_login(head)
    assert client.get(url).status_code == 403
    for user in (other_leader, not_on_roster, head):
        with pytest.raises(services.LeadershipError):
            services.report_review(report=submitted, reviewer=user, accept=True)
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_a_retired_leader_no_longer_reviews(leader, submitted):
    RosterMember.objects.filter(user=leader).update(
        active_until=timezone.localdate() - timedelta(days=1)
    )
    with pytest.raises(services.LeadershipError):
        services.report_review(report=submitted, reviewer=leader, accept=True)


def test_submission_notifies_the_leader_in_charge(
    django_capture_on_commit_callbacks, head, leader, period
):
    report = services.report_open_for_period(department=dept("rights"), period_start=period.start)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_submit(report=report, actor=head, text="报告")
    assert [message.to for message in mail.outbox] == [["shao@zjgh.example"]]
    assert reverse("leadership:report_detail", args=[report.pk]) in mail.outbox[0].body


def test_staff_see_their_departments_reports_and_leaders_those_in_their_charge(
    client, staff, leader, period
):
    for code in ("rights", "grassroots", "service-centre"):
        services.report_open_for_period(department=dept(code), period_start=period.start)

    def listed(user) -> set[str]:
        client.force_login(user)
        return {
            report.department.code
            for report in client.get(reverse("leadership:reports")).context["page"]
        }

    assert listed(staff(Role.MEDIATOR, "rights")) == {"rights"}
    assert listed(staff(Role.HOTLINE_OPERATOR, "service-centre")) == {"service-centre"}
    assert listed(leader) == {"rights", "grassroots"}
    assert listed(staff(Role.ADMIN, "office")) == {"rights", "grassroots", "service-centre"}


# --- The daily sweeps -------------------------------------------------------------------


def run_twice(task, today, capture):
    for _ in range(2):
        with capture(execute=True):
            task.delay(today=today.isoformat())


def test_reminders_go_once_to_departments_whose_report_is_not_in(
    django_capture_on_commit_callbacks, staff, head, leader
):
    ended = last_ended_period(timezone.localdate())
    today = ended.due_on - timedelta(days=1)
    assert last_ended_period(today) == ended
    staff(Role.DEPARTMENT_HEAD, "grassroots", email="grassroots@zjgh.example")
    centre_head = staff(Role.DEPARTMENT_HEAD, "service-centre", email="centre@zjgh.example")
    staff(Role.MEDIATOR, "rights", email="mediator@zjgh.example")  # may not submit: not told
    staff(Role.DEPARTMENT_HEAD, "publicity", email="publicity@zjgh.example")  # owns no measure
    # The service centre's report is in already; reports can be submitted once the
    # period is over, which it is by the real today.
    centre = services.report_open_for_period(
        department=dept("service-centre"), period_start=ended.start
    )
    services.report_submit(report=centre, actor=centre_head, text="已报送")

    run_twice(tasks.report_reminders_send, today, django_capture_on_commit_callbacks)

    assert sorted(message.to[0] for message in mail.outbox) == [
        "grassroots@zjgh.example",
        "head@zjgh.example",
    ]
    reminded = SelfInspectionReport.objects.filter(reminded_at__isnull=False)
    assert {report.department.code for report in reminded} == {"rights", "grassroots"}
    assert ReportEvent.objects.filter(action=ReportEvent.Action.REMINDED).count() == 2


def test_no_reminder_before_the_window(django_capture_on_commit_callbacks, head):
    ended = last_ended_period(timezone.localdate())
    today = ended.due_on - timedelta(days=services.REMINDER_DAYS_BEFORE_DUE + 1)
    if last_ended_period(today) != ended:
        today = ended.end + timedelta(days=1)  # a due date close to the period's end
    with django_capture_on_commit_callbacks(execute=True):
        tasks.report_reminders_send.delay(today=today.isoformat())
    assert mail.outbox == []
    assert not SelfInspectionReport.objects.exists()


def test_overdue_reports_are_flagged_once_to_the_leaders_in_charge(
    django_capture_on_commit_callbacks, leader_in_charge, head, leader, period
):
    leader_in_charge("吴廉泉", ["service-centre"], email="wu@zjgh.example")
    retired = leader_in_charge("谢明春", ["grassroots"], email="xie@zjgh.example")
    RosterMember.objects.filter(user=retired).update(
        active_until=timezone.localdate() - timedelta(days=30)
    )
    today = period.due_on + timedelta(days=1)
    rights = services.report_open_for_period(department=dept("rights"), period_start=period.start)
    services.report_submit(report=rights, actor=head, text="按时报送")

    run_twice(tasks.report_overdue_flag, today, django_capture_on_commit_callbacks)

    assert sorted(message.to for message in mail.outbox) == [
        ["shao@zjgh.example"],  # grassroots
        ["wu@zjgh.example"],  # the service centre
    ]
    flagged = SelfInspectionReport.objects.filter(overdue_flagged_at__isnull=False)
    assert {report.department.code for report in flagged} == {"grassroots", "service-centre"}
    assert all(report.is_overdue for report in flagged)
