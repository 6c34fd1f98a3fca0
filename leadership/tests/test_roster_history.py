"""Every change to the task-force roster is kept and shown: who, when, before → after."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from leadership import selectors
from leadership.models import RosterMember
from zhanjiang_union.accounts.models import Department
from zhanjiang_union.accounts.roles import Role


@pytest.fixture
def admin_user(make_user):
    user = make_user(Role.ADMIN, "office")
    user.is_superuser = True
    user.save(update_fields=["is_superuser"])
    return user


def admin_edit(client, member: RosterMember, **changes):
    """Save the member through the Django admin's change form, as an administrator does."""
    data = {
        "name": member.name,
        "group_role": member.group_role,
        "title": member.title,
        "title_en": member.title_en,
        "department": member.department_id or "",
        "in_charge_of": [dept.pk for dept in member.in_charge_of.all()],
        "is_office_director": member.is_office_director,
        "order": member.order,
        "active_from": member.active_from or "",
        "active_until": member.active_until or "",
        "user": member.user_id or "",
        **changes,
    }
    data = {key: value for key, value in data.items() if value is not False}
    response = client.post(reverse("admin:leadership_rostermember_change", args=[member.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def changes_of(row) -> dict[str, tuple[str, str]]:
    return {change.field: (change.before, change.after) for change in row.changes}


def test_an_admin_edit_is_one_entry_with_who_when_and_before_after(client, admin_user, role_users):
    member = RosterMember.objects.get(name="陈端")
    client.force_login(admin_user)
    admin_edit(
        client,
        member,
        title="市总工会党组书记、常务副主席（主持日常工作）",
        in_charge_of=[
            Department.objects.get(code="rights").pk,
            Department.objects.get(code="grassroots").pk,
        ],
    )

    rows = list(selectors.roster_history_page(page_number=1))
    latest = rows[0]
    assert (latest.member, latest.action, latest.who) == ("陈端", "changed", admin_user)
    assert changes_of(latest) == {
        "title": ("市总工会党组书记、常务副主席", "市总工会党组书记、常务副主席（主持日常工作）"),
        "in_charge_of": ("—", "职工维权与服务部、基层工作部"),
    }
    # The row save and the departments' save are one edit, after the seed's entry.
    assert [row.action for row in rows if row.member == "陈端"] == ["changed", "created"]

    client.force_login(role_users[Role.LEADERSHIP])
    response = client.get(reverse("leadership:history"))
    assert response.status_code == 200
    page = response.content.decode()
    assert str(admin_user) in page
    assert timezone.localtime(latest.at).strftime("%Y-%m-%d %H:%M") in page
    assert (
        "<del>市总工会党组书记、常务副主席</del> → <ins>市总工会党组书记、常务副主席（主持日常工作）</ins>"
        in page
    )
    assert "<ins>职工维权与服务部、基层工作部</ins>" in page


def test_replacing_a_department_in_charge_shows_old_and_new(client, admin_user):
    member = RosterMember.objects.get(name="邵平静")
    member.in_charge_of.set([Department.objects.get(code="rights")])
    client.force_login(admin_user)
    admin_edit(client, member, in_charge_of=[Department.objects.get(code="publicity").pk])

    latest = selectors.roster_history_page(page_number=1)[0]
    assert changes_of(latest) == {"in_charge_of": ("职工维权与服务部", "宣传教育和信息工作部")}


def test_retiring_keeps_the_member_and_history_and_hides_them_on_the_roster(
    client, admin_user, role_users
):
    leader = role_users[Role.LEADERSHIP]

    def on_the_roster() -> set[str]:
        client.force_login(leader)
        groups = client.get(reverse("leadership:roster")).context["groups"]
        return {member.name for _label, members in groups for member in members}

    assert "邵平静" in on_the_roster()

    member = RosterMember.objects.get(name="邵平静")
    yesterday = timezone.localdate() - timedelta(days=1)
    client.force_login(admin_user)
    admin_edit(client, member, active_until=yesterday.isoformat())

    assert "邵平静" not in on_the_roster()
    assert RosterMember.objects.filter(name="邵平静").exists()
    latest = selectors.roster_history_page(page_number=1)[0]
    assert latest.member == "邵平静"
    assert changes_of(latest) == {"active_until": ("—", yesterday.isoformat())}
    assert member.history.count() == 2


def test_members_cannot_be_deleted_in_the_admin(client, admin_user):
    member = RosterMember.objects.get(name="邵平静")
    client.force_login(admin_user)
    response = client.get(reverse("admin:leadership_rostermember_delete", args=[member.pk]))
    assert response.status_code == 403
    assert RosterMember.objects.filter(pk=member.pk).exists()


def test_history_page_needs_the_roster_permission(client, role_users):
    url = reverse("leadership:history")
    response = client.get(url)
    assert response.status_code == 302 and reverse("login") in response["Location"]
    client.force_login(role_users[Role.WORKER])
    assert client.get(url).status_code == 403
    client.force_login(role_users[Role.MEDIATOR])
    assert client.get(url).status_code == 200


def test_history_is_paginated_and_its_queries_do_not_grow_with_it(client, role_users):
    client.force_login(role_users[Role.LEADERSHIP])
    url = reverse("leadership:history")
    rights = Department.objects.get(code="rights")

    minutes = iter(range(1, 1000))

    def edit_every_member():
        # Minutes apart, so that each save is an edit of its own on the page.
        for member in RosterMember.objects.all():
            member._history_date = timezone.now() + timedelta(minutes=next(minutes))
            member.title += "·"
            member.save()
            member.in_charge_of.add(rights)

    edit_every_member()
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    edit_every_member()
    edit_every_member()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["page"]) == selectors.HISTORY_PAGE_SIZE
    assert response.context["page"].paginator.num_pages == 2  # 10 created + 30 edits
    assert len(many) == len(few)


def test_the_admin_shows_a_members_history_too(client, admin_user):
    member = RosterMember.objects.get(name="邵平静")
    client.force_login(admin_user)
    admin_edit(client, member, title="市总工会副主席")
    response = client.get(reverse("admin:leadership_rostermember_history", args=[member.pk]))
    assert response.status_code == 200
    assert "市总工会副主席" in response.content.decode()
