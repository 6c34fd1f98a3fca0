"""The leadership pages make a fixed number of queries, however many members, activities,
reports and report events there are. (The roster history and the unfiltered activity
list have theirs beside their other tests.)"""

from datetime import date, timedelta
from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from leadership.models import Activity, Measure, ReportEvent, RosterMember, SelfInspectionReport
from leadership.periods import last_ended_period
from zhanjiang_union.accounts.models import Department
from zhanjiang_union.accounts.roles import Role

Status = SelfInspectionReport.Status


def count_queries(client, url, params=None) -> int:
    # The first request of a test process fills Django's own caches (content types).
    client.get(url, params)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


@pytest.fixture
def users(staff, leader_in_charge):
    return {
        "admin": staff(Role.ADMIN, "office"),
        "head": staff(Role.DEPARTMENT_HEAD, "rights"),
        "leader in charge": leader_in_charge("邵平静", ["rights", "grassroots"]),
    }


@pytest.fixture
def add_members():
    """add_members(n): n more active members, each heading a department and in charge
    of two, so that a page reading either relation would show it."""
    numbers = count(1)
    departments = list(Department.objects.all())

    def add(how_many: int) -> None:
        for _ in range(how_many):
            number = next(numbers)
            member = RosterMember.objects.create(
                name=f"成员{number}",
                group_role=list(RosterMember.GroupRole)[number % 4],
                title=f"市总工会第{number}部部长",
                department=departments[number % len(departments)],
                order=100 + number,
            )
            member.in_charge_of.set(departments[:2])

    return add


ROSTER_PAGES = ["leadership:roster", "leadership:roster_docx"]


def test_roster_page_and_its_download_do_not_grow_with_the_members(client, users, add_members):
    client.force_login(users["head"])
    add_members(1)
    few = {name: count_queries(client, reverse(name)) for name in ROSTER_PAGES}
    add_members(12)
    assert {name: count_queries(client, reverse(name)) for name in ROSTER_PAGES} == few


@pytest.fixture
def add_activities(users, staff):
    """add_activities(n): n activities of every kind, by different recorders."""
    days = count()
    rights = Department.objects.get(code="rights")
    measures = list(Measure.objects.all())

    def add(how_many: int) -> None:
        for _ in range(how_many):
            recorder = staff(Role.MEDIATOR, "rights")
            for kind in Activity.Kind:
                Activity.objects.create(
                    kind=kind,
                    measure=measures[next(days) % len(measures)],
                    held_on=date(2026, 3, 1) + timedelta(days=next(days) % 28),
                    department=rights,
                    enterprises="湛江某某电子有限公司\n湛江某某建筑工程有限公司",
                    participants=5,
                    recorded_by=recorder,
                )

    return add


@pytest.mark.parametrize(
    "params", [{"kind": "lecture"}, {"month": "2026-03"}, {"department": "rights", "page": "2"}]
)
def test_filtered_activity_list_does_not_grow_with_the_rows(client, users, add_activities, params):
    client.force_login(users["head"])
    if "department" in params:
        params = {**params, "department": Department.objects.get(code="rights").pk}
    url = reverse("leadership:activities")
    add_activities(1)
    few = count_queries(client, url, params)
    add_activities(12)
    assert count_queries(client, url, params) == few


@pytest.fixture
def add_reports(users, staff):
    """add_reports(n): for n more periods, a report of each department the leader is in
    charge of, submitted and reviewed by people of their own, each with its history."""
    period = last_ended_period(timezone.localdate())
    codes = ["rights", "grassroots"]

    def add(how_many: int) -> list[SelfInspectionReport]:
        nonlocal period
        reports = []
        for _ in range(how_many):
            for code in codes:
                submitter = staff(Role.DEPARTMENT_HEAD, code)
                reviewer = staff(Role.LEADERSHIP)
                report = SelfInspectionReport.objects.create(
                    department=Department.objects.get(code=code),
                    period_start=period.start,
                    period_end=period.end,
                    due_on=period.due_on,
                    status=Status.ACCEPTED,
                    text="本期工作情况。",
                    figures={"cases_received": 3, "activities": {"lecture": 1}},
                    submitted_at=timezone.now(),
                    submitted_by=submitter,
                    reviewed_at=timezone.now(),
                    reviewed_by=reviewer,
                )
                add_events(report, 1, submitter, reviewer)
                reports.append(report)
            period = period.previous()
        return reports

    return add


def add_events(report, how_many: int, submitter, reviewer) -> None:
    for _ in range(how_many):
        ReportEvent.objects.create(
            report=report, action=ReportEvent.Action.SUBMITTED, actor=submitter
        )
        ReportEvent.objects.create(
            report=report, action=ReportEvent.Action.RETURNED, actor=reviewer, comment="请补充。"
        )
        ReportEvent.objects.create(report=report, action=ReportEvent.Action.REMINDED)


@pytest.mark.parametrize("who", ["admin", "head", "leader in charge"])
def test_report_list_does_not_grow_with_the_reports(client, users, add_reports, who):
    client.force_login(users[who])
    url = reverse("leadership:reports")
    add_reports(1)
    few = count_queries(client, url)
    add_reports(12)
    assert count_queries(client, url) == few


@pytest.mark.parametrize("who", ["admin", "head", "leader in charge"])
def test_report_detail_does_not_grow_with_its_history(client, users, staff, add_reports, who):
    client.force_login(users[who])
    report = add_reports(1)[0]
    url = reverse("leadership:report_detail", args=[report.pk])
    few = count_queries(client, url)
    for _ in range(6):
        add_events(report, 2, staff(Role.DEPARTMENT_HEAD, "rights"), staff(Role.LEADERSHIP))
    assert count_queries(client, url) == few
