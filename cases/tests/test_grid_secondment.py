"""Heads assign the staff of their organisation; at the city, a head may assign a
mediator on the register of an organisation below, whose head acknowledges it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Case, CaseEvent, Secondment
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.notifications.models import Notification
from zhanjiang_union.organisations.models import Mediator


@pytest.fixture
def city_case(make_case, grid):
    case = make_case(employer_name="湛江某某港务公司")
    Case.objects.filter(pk=case.pk).update(organisation=grid["zhanjiang"])
    case.refresh_from_db()
    return case


@pytest.fixture
def kelu(grid, grid_user):
    mediator = grid_user(Role.MEDIATOR, "leizhou-kelu")
    Mediator.objects.create(
        organisation=grid["leizhou-kelu"], name="梁文杰", kind="instructor", user=mediator
    )
    return {
        "mediator": mediator,
        "head": grid_user(Role.DEPARTMENT_HEAD, "leizhou-kelu"),
        "organisation": grid["leizhou-kelu"],
    }


def _offered(client, case):
    form = client.get(reverse("cases:assign", args=[case.pk])).context["form"]
    return set(form.fields["handler"].queryset)


def _assign(client, case, handler):
    case.refresh_from_db()
    return client.post(
        reverse("cases:assign", args=[case.pk]),
        {"handler": handler.pk, "version": case.version},
        follow=True,
    )


def test_a_city_head_assigns_a_township_mediator_pending_its_acknowledgement(
    client, role_users, city_case, kelu
):
    city_head = role_users[Role.DEPARTMENT_HEAD]
    client.force_login(city_head)
    assert kelu["mediator"] in _offered(client, city_case)
    page = _assign(client, city_case, kelu["mediator"])
    assert page.status_code == 200
    city_case.refresh_from_db()
    assert city_case.handler == kelu["mediator"]
    secondment = Secondment.objects.get(case=city_case)
    assert secondment.is_pending and secondment.organisation == kelu["organisation"]
    line = CaseEvent.objects.get(case=city_case, action="cases.case.seconded")
    assert line.summary == "已指派客路镇总工会的测试调解员办理，待客路镇总工会确认"
    assert "待客路镇总工会确认" in page.content.decode()  # on the case page
    assert Notification.objects.filter(recipient=kelu["head"]).exists()  # told to acknowledge
    offer = client.get(reverse("cases:assign", args=[city_case.pk])).content.decode()
    assert "测试调解员（客路镇总工会）" in offer

    # The lent mediator works the case and finds it among their own.
    client.force_login(kelu["mediator"])
    assert client.get(reverse("cases:detail", args=[city_case.pk])).status_code == 200
    assert (
        client.post(reverse("cases:note", args=[city_case.pk]), {"text": "已联系"}).status_code
        == 302
    )
    mine = client.get(reverse("cases:workbench"), {"scope": "mine"})
    assert city_case.number in mine.content.decode()

    # The township's page shows the loan; its head acknowledges it, its mediator cannot.
    organisation_page = reverse("cases:organisation", args=[kelu["organisation"].pk])
    acknowledge = reverse("cases:secondment_acknowledge", args=[secondment.pk])
    assert city_case.number in client.get(organisation_page).content.decode()
    assert client.post(acknowledge).status_code == 403
    client.force_login(kelu["head"])
    html = client.get(organisation_page).content.decode()
    assert city_case.number in html and acknowledge in html
    done = client.post(acknowledge, follow=True)
    assert "已确认" in done.content.decode()
    secondment.refresh_from_db()
    assert secondment.acknowledged_by == kelu["head"]
    line = CaseEvent.objects.get(case=city_case, action="cases.case.secondment_acknowledged")
    assert line.summary == "客路镇总工会已确认测试调解员办理本案"
    assert city_case.number not in client.get(organisation_page).content.decode()
    again = client.post(acknowledge, follow=True)
    assert "该指派已确认" in again.content.decode()
    assert CaseEvent.objects.filter(action="cases.case.secondment_acknowledged").count() == 1
    client.force_login(city_head)
    case_page = client.get(reverse("cases:detail", args=[city_case.pk])).content.decode()
    assert 'data-testid="secondment-pending"' not in case_page


def test_no_one_else_acknowledges(client, grid, grid_user, role_users, city_case, kelu):
    services.case_assign(
        case=city_case,
        handler=kelu["mediator"],
        actor=role_users[Role.DEPARTMENT_HEAD],
        expected_version=city_case.version,
    )
    acknowledge = reverse(
        "cases:secondment_acknowledge", args=[Secondment.objects.get(case=city_case).pk]
    )
    for user, status in (
        (grid_user(Role.DEPARTMENT_HEAD, "leizhou-fucheng"), 404),  # the neighbour
        (grid_user(Role.DEPARTMENT_HEAD, "leizhou"), 403),  # the county reads, the township lends
        (role_users[Role.DEPARTMENT_HEAD], 403),  # the city that asked
    ):
        client.force_login(user)
        assert client.post(acknowledge).status_code == status
    assert Secondment.objects.get(case=city_case).is_pending


def test_a_case_given_to_someone_else_needs_no_acknowledgement(client, role_users, city_case, kelu):
    city_head = role_users[Role.DEPARTMENT_HEAD]
    services.case_assign(
        case=city_case,
        handler=kelu["mediator"],
        actor=city_head,
        expected_version=city_case.version,
    )
    city_case.refresh_from_db()
    services.case_assign(
        case=city_case,
        handler=role_users[Role.MEDIATOR],
        actor=city_head,
        expected_version=city_case.version,
    )
    client.force_login(kelu["head"])
    page = client.get(reverse("cases:organisation", args=[kelu["organisation"].pk]))
    assert page.context["secondments"] == []
    # and the mediator no longer reaches the case
    client.force_login(kelu["mediator"])
    assert client.get(reverse("cases:detail", args=[city_case.pk])).status_code == 404


def test_only_active_registered_mediators_below_are_offered_and_only_at_the_city(
    client, grid, grid_user, role_users, city_case, kelu, leizhou_cases
):
    unregistered = grid_user(Role.MEDIATOR, "leizhou-fucheng")
    retired = grid_user(Role.MEDIATOR, "leizhou-leicheng")
    Mediator.objects.create(
        organisation=grid["leizhou-leicheng"],
        name="退任调解员",
        kind="part_time",
        user=retired,
        active_until=timezone.localdate() - timedelta(days=1),
    )
    client.force_login(role_users[Role.DEPARTMENT_HEAD])
    offered = _offered(client, city_case)
    assert kelu["mediator"] in offered and role_users[Role.MEDIATOR] in offered
    assert unregistered not in offered and retired not in offered
    refused = client.post(
        reverse("cases:assign", args=[city_case.pk]),
        {"handler": retired.pk, "version": city_case.version},
    )
    assert refused.status_code == 400

    # A county's head assigns only the county federation's own staff.
    county_head = grid_user(Role.DEPARTMENT_HEAD, "leizhou")
    county_mediator = grid_user(Role.MEDIATOR, "leizhou")
    client.force_login(county_head)
    county_case = leizhou_cases["leizhou"]
    offered = _offered(client, county_case)
    assert county_mediator in offered
    assert kelu["mediator"] not in offered
    assert not Secondment.objects.exists()


def test_the_lending_head_declines_with_a_reason_and_the_case_awaits_another(
    client, role_users, city_case, kelu
):
    city_head = role_users[Role.DEPARTMENT_HEAD]
    client.force_login(city_head)
    _assign(client, city_case, kelu["mediator"])
    secondment = Secondment.objects.get(case=city_case)

    client.force_login(kelu["head"])
    organisation_page = reverse("cases:organisation", args=[kelu["organisation"].pk])
    assert reverse("cases:secondment_decline", args=[secondment.pk]) in (
        client.get(organisation_page).content.decode()
    )
    decline = reverse("cases:secondment_decline", args=[secondment.pk])
    # No reason: refused, nothing changes.
    page = client.post(decline, {"reason": "  "}, follow=True)
    assert [str(m) for m in page.context["messages"]] == [
        "不能借调该调解员的原因：这个字段是必须的"
    ]
    secondment.refresh_from_db()
    assert secondment.is_pending

    page = client.post(decline, {"reason": "本镇调解员正在处理集体劳动争议"}, follow=True)
    assert "已谢绝" in page.content.decode()
    secondment.refresh_from_db()
    city_case.refresh_from_db()
    assert not secondment.is_pending and secondment.decline_reason.startswith("本镇")
    assert city_case.handler is None  # back to the city, to assign another
    line = CaseEvent.objects.get(case=city_case, action="cases.case.secondment_declined")
    assert line.note == "本镇调解员正在处理集体劳动争议" and not line.public
    told = Notification.objects.get(recipient=city_head, subject__contains="谢绝借调")
    assert city_case.number in told.subject
    # Nothing pending on the organisation's page any more; a second decline is refused.
    assert 'data-testid="secondments"' not in client.get(organisation_page).content.decode()
    again = client.post(decline, {"reason": "再次"}, follow=True)
    assert "该借调已被谢绝。" in again.content.decode()


def test_only_the_lending_head_declines(client, grid_user, role_users, city_case, kelu):
    client.force_login(role_users[Role.DEPARTMENT_HEAD])
    _assign(client, city_case, kelu["mediator"])
    secondment = Secondment.objects.get(case=city_case)
    decline = reverse("cases:secondment_decline", args=[secondment.pk])
    client.force_login(grid_user(Role.DEPARTMENT_HEAD, "leizhou-fucheng"))
    assert client.post(decline, {"reason": "无关"}).status_code == 404
    client.force_login(kelu["mediator"])
    assert client.post(decline, {"reason": "不想去"}).status_code in (403, 404)
    secondment.refresh_from_db()
    assert secondment.is_pending
