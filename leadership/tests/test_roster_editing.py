"""Admins edit the roster on /leadership/members/: add, edit, retire and reorder, each
change with a reason that the history page shows; nobody else may."""

import pytest
from django.urls import reverse
from django.utils import timezone

from leadership.models import RosterMember
from zhanjiang_union.accounts.models import Department
from zhanjiang_union.accounts.roles import Role

MEMBER = "朱华雄"


@pytest.fixture
def admin(staff):
    return staff(Role.ADMIN, "office")


def _edit_data(member: RosterMember, **changes) -> dict:
    data = {
        "name": member.name,
        "group_role": member.group_role,
        "title": member.title,
        "title_en": member.title_en,
        "department": member.department_id or "",
        "in_charge_of": [dept.pk for dept in member.in_charge_of.all()],
        "order": member.order,
        "active_from": member.active_from.isoformat() if member.active_from else "",
        "user": member.user_id or "",
        "reason": "",
        **changes,
    }
    if member.is_office_director:
        data["is_office_director"] = "on"
    return data


def _history(client) -> str:
    return client.get(reverse("leadership:history")).content.decode()


def test_an_edit_with_its_reason_shows_in_the_roster_and_its_history(client, admin):
    member = RosterMember.objects.get(name=MEMBER)
    client.force_login(admin)
    reason = "市总工会党组会议调整分工（2026年11月）"
    response = client.post(
        reverse("leadership:member_edit", args=[member.pk]),
        _edit_data(member, title="市总工会主席、党组书记", reason=reason),
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.title == "市总工会主席、党组书记"
    assert "市总工会主席、党组书记" in client.get(reverse("leadership:roster")).content.decode()
    history = _history(client)
    first = history.split('data-testid="roster-change"')[1]
    assert MEMBER in first and reason in first and "市总工会主席、党组书记" in first


def test_an_edit_without_a_reason_is_refused_and_keeps_what_was_typed(client, admin):
    member = RosterMember.objects.get(name=MEMBER)
    before = member.history.count()
    client.force_login(admin)
    response = client.post(
        reverse("leadership:member_edit", args=[member.pk]),
        _edit_data(member, title="新职务文本"),
    )
    assert response.status_code == 400
    assert 'value="新职务文本"' in response.content.decode()
    member.refresh_from_db()
    assert member.title != "新职务文本" and member.history.count() == before


def test_an_admin_adds_a_member_in_charge_of_departments(client, admin):
    client.force_login(admin)
    rights = Department.objects.get(code="rights")
    response = client.post(
        reverse("leadership:member_new"),
        {
            "name": "林晓",
            "group_role": "member",
            "title": "市总工会办公室副主任",
            "department": "",
            "in_charge_of": [rights.pk],
            "order": "90",
            "active_from": timezone.localdate().isoformat(),
            "user": "",
            "reason": "增补成员",
        },
    )
    assert response.status_code == 302
    member = RosterMember.objects.get(name="林晓")
    assert list(member.in_charge_of.all()) == [rights]
    history = _history(client)
    assert "林晓" in history and "增补成员" in history


def test_a_retired_member_leaves_the_roster_and_keeps_the_history(client, admin):
    member = RosterMember.objects.get(name=MEMBER)
    client.force_login(admin)
    yesterday = timezone.localdate() - timezone.timedelta(days=1)
    response = client.post(
        reverse("leadership:member_retire", args=[member.pk]),
        {"active_until": yesterday.isoformat(), "reason": "工作调动"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.active_until == yesterday
    roster = client.get(reverse("leadership:roster")).content.decode()
    assert MEMBER not in roster.split('<article class="roster">')[1]
    assert RosterMember.objects.filter(name=MEMBER).exists()
    history = _history(client)
    assert "工作调动" in history.split('data-testid="roster-change"')[1]


def test_reordering_changes_only_the_moved_members_each_with_the_reason(client, admin):
    client.force_login(admin)
    page = client.get(reverse("leadership:member_order"))
    members = page.context["form"].members
    first, second = members[0], members[1]
    data = {f"order_{m.pk}": m.order for m in members}
    data[f"order_{first.pk}"], data[f"order_{second.pk}"] = second.order, first.order
    if first.order == second.order:
        data[f"order_{first.pk}"] = first.order + 1
    counts = {m.pk: m.history.count() for m in members}
    response = client.post(reverse("leadership:member_order"), {**data, "reason": "按职务排序"})
    assert response.status_code == 302
    changed = [m for m in members if m.history.count() != counts[m.pk]]
    assert {m.pk for m in changed} <= {first.pk, second.pk} and changed
    assert "按职务排序" in _history(client)


def test_only_admins_edit_the_roster(client, staff):
    member = RosterMember.objects.get(name=MEMBER)
    for role in (Role.LEADERSHIP, Role.DEPARTMENT_HEAD, Role.HOTLINE_OPERATOR):
        client.force_login(staff(role, "rights"))
        for url in (
            reverse("leadership:member_edit", args=[member.pk]),
            reverse("leadership:member_retire", args=[member.pk]),
        ):
            assert client.get(url).status_code == 403
            assert (
                client.post(url, {"reason": "x", "active_until": "2026-01-01"}).status_code == 403
            )
    member.refresh_from_db()
    assert member.active_until is None
