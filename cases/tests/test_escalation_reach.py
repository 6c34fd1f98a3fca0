"""Every escalation reaches someone: a level with nobody at it (no department head, no
leader in charge, accounts made inactive) goes to the task-force office and the
administrators, and the roster and department pages say that it does."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from cases import deadlines
from cases.models import Deadline, DeadlineRule, Escalation
from leadership.models import RosterMember
from zhanjiang_union.accounts.models import Department
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.notifications.models import Notification

TODAY = date(2026, 11, 25)  # a Wednesday


def inbox(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("subject", flat=True))


@pytest.fixture
def unstaffed(make_case, role_users):
    """A case long overdue in 职工维权与服务部, whose head has left (account inactive),
    with nobody on the task force in charge of it and no office director with an account."""
    DeadlineRule.objects.filter(key="triage").update(limit=10)
    head = role_users[Role.DEPARTMENT_HEAD]
    head.is_active = False
    head.save()
    RosterMember.objects.update(user=None)
    case = make_case()
    Deadline.objects.filter(case=case).update(due_on=TODAY - timedelta(days=20))
    return case


def test_levels_with_nobody_go_to_the_administrators(unstaffed, role_users):
    deadlines.sweep(today=TODAY)
    escalations = list(Escalation.objects.filter(deadline__case=unstaffed))
    assert {e.level for e in escalations} == {"overdue", "overdue_long"}
    admin = role_users[Role.ADMIN]
    assert all(e.notified == [admin.pk] for e in escalations)  # not []
    assert len(inbox(admin)) == 2
    assert inbox(role_users[Role.DEPARTMENT_HEAD]) == []  # the inactive account: not them


def test_and_to_the_task_force_office_when_it_has_a_director(unstaffed, role_users, make_user):
    director = make_user(Role.LEADERSHIP, "office")
    RosterMember.objects.filter(is_office_director=True).update(user=director)
    deadlines.sweep(today=TODAY)
    told = {pk for e in Escalation.objects.all() for pk in e.notified}
    assert told == {director.pk, role_users[Role.ADMIN].pk}
    overdue = Escalation.objects.get(level="overdue")
    assert sorted(overdue.notified) == sorted([director.pk, role_users[Role.ADMIN].pk])


def test_a_staffed_department_is_escalated_as_before(make_case, role_users):
    """The fallback is only for nobody: a department with a head tells its head."""
    DeadlineRule.objects.filter(key="triage").update(limit=10)
    case = make_case()
    Deadline.objects.filter(case=case).update(due_on=TODAY - timedelta(days=1))
    deadlines.sweep(today=TODAY)
    assert Escalation.objects.get().notified == [role_users[Role.DEPARTMENT_HEAD].pk]
    assert inbox(role_users[Role.ADMIN]) == []


def test_hotline_callbacks_with_nobody_above_go_to_the_administrators(role_users, seeded):
    from hotline import callbacks as hotline_callbacks

    heads, above = [], []
    fallback = [role_users[Role.ADMIN]]

    class LeftOperator:
        is_active = False

    call = type("CallStub", (), {"operator": LeftOperator()})()
    for level in ("due_soon", "overdue", "overdue_long"):
        told = hotline_callbacks._callback_recipients(level, call, heads, above, fallback)
        assert told == fallback, level


def test_the_roster_and_the_department_pages_warn_of_escalations_with_no_one(
    unstaffed, client, role_users
):
    rights = Department.objects.get(code="rights")
    client.force_login(role_users[Role.ADMIN])
    roster = client.get(reverse("leadership:roster")).content.decode()
    warning = roster.split('data-testid="escalation-gaps"')[1].split("</div>")[0]
    assert f"{rights.name}没有在职的部门负责人" in warning
    assert f"{rights.name}在领导小组中没有在职的分管领导" in warning
    assert "领导小组办公室没有账号在用的主任" in warning

    page = client.get(reverse("admin:accounts_department_change", args=[rights.pk]))
    assert f"{rights.name}没有在职的部门负责人" in page.content.decode()
    listing = client.get(reverse("admin:accounts_department_changelist")).content.decode()
    assert "领导小组办公室没有账号在用的主任" in listing


def test_no_warning_once_every_level_has_someone(client, role_users, make_user):
    """Every department given a head and a leader in charge, the office a director."""
    leader = role_users[Role.LEADERSHIP]
    member = RosterMember.objects.filter(is_office_director=False).first()
    member.user = leader
    member.save()
    member.in_charge_of.set(Department.objects.all())
    for department in Department.objects.all():
        make_user(Role.DEPARTMENT_HEAD, department.code)
    RosterMember.objects.filter(is_office_director=True).update(
        user=make_user(Role.LEADERSHIP, "office")
    )
    client.force_login(role_users[Role.ADMIN])
    roster = client.get(reverse("leadership:roster")).content.decode()
    assert 'data-testid="escalation-gaps"' not in roster
