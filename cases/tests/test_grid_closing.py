"""Closing an organisation into another: its staff and its register move with its open
cases, and no one acts for the closed organisation any more."""

from django.urls import reverse

from cases import services
from cases.models import Case, Secondment
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.organisations.models import Mediator


def test_closing_moves_staff_and_register_and_ends_acting_for_the_closed_one(
    client, grid, grid_user, role_users, leizhou_cases, make_case
):
    fucheng = grid["leizhou-fucheng"]
    mediator = grid_user(Role.MEDIATOR, "leizhou-fucheng")
    head = grid_user(Role.DEPARTMENT_HEAD, "leizhou-fucheng")
    registered = Mediator.objects.create(
        organisation=fucheng, name="符晓东", kind="part_time", user=mediator
    )
    Mediator.objects.create(organisation=fucheng, name="陈律师", kind="lawyer")
    open_case = leizhou_cases["fucheng"]
    closed = make_case(employer_name="附城已结公司")
    Case.objects.filter(pk=closed.pk).update(
        organisation=fucheng, status="closed", handler=mediator
    )
    city_case = make_case(employer_name="湛江某某港务公司")
    Case.objects.filter(pk=city_case.pk).update(organisation=grid["zhanjiang"])
    city_case.refresh_from_db()
    services.case_assign(
        case=city_case,
        handler=mediator,
        actor=role_users[Role.DEPARTMENT_HEAD],
        expected_version=city_case.version,
    )
    client.force_login(mediator)
    note = reverse("cases:note", args=[closed.pk])
    assert client.post(note, {"text": "补记"}).status_code == 302  # still their own

    client.force_login(role_users[Role.ADMIN])
    merge = reverse("cases:organisation_merge", args=[fucheng.pk])
    confirmation = client.get(merge).content.decode()
    assert "其工作人员保留账号，此后为所选组织工作" in confirmation
    assert client.post(merge, {"into": grid["leizhou"].pk, "reason": "镇街撤并"}).status_code == 302

    for user in (mediator, head):
        user.refresh_from_db()
        assert user.organisation == grid["leizhou"] and user.is_active
    assert set(
        Mediator.objects.filter(organisation=grid["leizhou"]).values_list("name", flat=True)
    ) >= {
        "符晓东",
        "陈律师",
    }
    assert registered.history.first().organisation_id == grid["leizhou"].pk
    # A loan of its mediator is now the receiving organisation's to acknowledge.
    assert Secondment.objects.get(case=city_case).organisation == grid["leizhou"]

    # They work the moved case at the county; the closed organisation's case, theirs as
    # its handler, they may still read (it stands below the county) but no longer act on.
    client.force_login(mediator)
    assert (
        client.post(reverse("cases:note", args=[open_case.pk]), {"text": "已接手"}).status_code
        == 302
    )
    assert client.get(reverse("cases:detail", args=[closed.pk])).status_code == 200
    assert client.post(note, {"text": "补记"}).status_code == 403
    client.force_login(head)
    assert client.get(reverse("cases:mediator_new", args=[fucheng.pk])).status_code == 403
