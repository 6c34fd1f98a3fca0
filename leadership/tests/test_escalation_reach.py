"""The roster answers "who is in charge of a department" for every app below it
(zhanjiang_union/escalation_reach.py): only members serving today with an active
portal account, one query for any number of departments."""

from datetime import timedelta

from django.utils import timezone

from leadership.models import RosterMember
from zhanjiang_union.accounts.models import Department
from zhanjiang_union.escalation_reach import leaders_in_charge, office_directors


def test_only_serving_members_with_active_accounts_are_in_charge(
    leader_in_charge, django_assert_num_queries
):
    zhu = leader_in_charge("朱华雄", ["rights", "grassroots"])
    leader_in_charge("陈端", ["rights"])
    shao = leader_in_charge("邵平静", ["rights"])
    RosterMember.objects.filter(name="陈端").update(
        active_until=timezone.localdate() - timedelta(days=1)
    )
    shao.is_active = False
    shao.save(update_fields=["is_active"])
    rights, grassroots = (Department.objects.get(code=code) for code in ("rights", "grassroots"))

    with django_assert_num_queries(1):
        leaders = leaders_in_charge()
    assert leaders == {rights.pk: [zhu], grassroots.pk: [zhu]}
    assert leaders_in_charge(department_codes=["grassroots"]) == {grassroots.pk: [zhu]}
    assert leaders_in_charge(department_ids=[rights.pk]) == {rights.pk: [zhu]}


def test_the_office_director_reached_is_the_one_serving_today(leader_in_charge):
    assert office_directors() == []
    director = leader_in_charge("朱华雄", [])
    RosterMember.objects.filter(name="朱华雄").update(is_office_director=True)
    assert office_directors() == [director]
    RosterMember.objects.filter(name="朱华雄").update(
        active_from=timezone.localdate() + timedelta(days=1)
    )
    assert office_directors() == []
