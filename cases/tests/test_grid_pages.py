"""The grid's pages: an organisation, what stands below it, and its mediators' register."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Deadline
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.organisations.models import Mediator, MediatorQualification
from zhanjiang_union.organisations.services import mediators_demo_load


def _status(client, user, url):
    client.force_login(user)
    return client.get(url).status_code


def test_each_organisation_lists_its_mediators_with_open_cases_and_on_time_rate(
    client, grid, grid_user, leizhou_cases
):
    kelu_head = grid_user(Role.DEPARTMENT_HEAD, "leizhou-kelu")
    kelu_mediator = grid_user(Role.MEDIATOR, "leizhou-kelu")
    mediator = Mediator.objects.create(
        organisation=grid["leizhou-kelu"], name="梁文杰", kind="instructor", user=kelu_mediator
    )
    MediatorQualification.objects.create(
        mediator=mediator,
        kind="certificate",
        title="劳动争议调解员证",
        obtained_on=timezone.localdate() - timedelta(days=100),
    )
    Mediator.objects.create(organisation=grid["leizhou-kelu"], name="蔡律师", kind="lawyer")
    Mediator.objects.create(organisation=grid["leizhou-fucheng"], name="符晓东", kind="part_time")
    case = leizhou_cases["kelu"]
    services.case_assign(
        case=case, handler=kelu_mediator, actor=kelu_head, expected_version=case.version
    )
    # Two time limits of the mediator's cases ended: one on time, one a day late.
    triage = Deadline.objects.get(case=case)
    Deadline.objects.filter(pk=triage.pk).update(met_at=timezone.now())
    Deadline.objects.create(
        case=case,
        rule=triage.rule,
        started_on=triage.started_on,
        due_on=timezone.localdate() - timedelta(days=2),
        met_at=timezone.now() - timedelta(days=1),
    )
    Deadline.objects.filter(pk=triage.pk).update(due_on=timezone.localdate() + timedelta(days=3))

    client.force_login(kelu_head)
    page = client.get(reverse("cases:organisation", args=[grid["leizhou-kelu"].pk]))
    assert page.status_code == 200
    rows = {m.name: m for m in page.context["mediators"]}
    assert set(rows) == {"梁文杰", "蔡律师"}  # not the neighbour's
    assert rows["梁文杰"].open_cases == 1
    assert (rows["梁文杰"].deadlines_on_time, rows["梁文杰"].deadlines_ended) == (1, 2)
    html = page.content.decode()
    assert "50%" in html and "劳动争议调解员证" in html and "律师志愿者" in html
    assert "客路某某糖业有限公司劳动争议调解委员会" in html  # the committee below it


def test_a_county_sees_its_townships_and_no_one_sees_sideways(
    client, grid, grid_user, leizhou_cases
):
    county_head = grid_user(Role.DEPARTMENT_HEAD, "leizhou")
    kelu_mediator = grid_user(Role.MEDIATOR, "leizhou-kelu")
    county_page = reverse("cases:organisation", args=[grid["leizhou"].pk])
    client.force_login(county_head)
    response = client.get(county_page)
    below = {child.name: child.open_cases for child in response.context["page"]}
    assert below["客路镇总工会"] == 1 and below["附城镇总工会"] == 1
    assert response.context["counts"] == {"here": 1, "subtree": 3}
    # The township opens its own page and those below, not its county's nor its neighbour's.
    assert _status(client, kelu_mediator, county_page) == 404
    fucheng = reverse("cases:organisation", args=[grid["leizhou-fucheng"].pk])
    assert _status(client, kelu_mediator, fucheng) == 404
    own = client.get(reverse("cases:my_organisation"), follow=True)
    assert own.redirect_chain[-1][0] == reverse(
        "cases:organisation", args=[grid["leizhou-kelu"].pk]
    )
    trail = own.content.decode().split('<ol class="breadcrumb">')[1].split("</ol>")[0]
    assert "客路镇总工会" in trail and "雷州市总工会" not in trail


def test_the_register_page_query_count_does_not_grow(
    client, grid, grid_user, django_assert_max_num_queries
):
    head = grid_user(Role.DEPARTMENT_HEAD, "leizhou")
    client.force_login(head)
    url = reverse("cases:organisation", args=[grid["leizhou"].pk])

    def load():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    Mediator.objects.create(organisation=grid["leizhou"], name="甲", kind="lawyer")
    few = load()
    for n in range(6):
        mediator = Mediator.objects.create(
            organisation=grid["leizhou"], name=f"乙{n}", kind="court"
        )
        MediatorQualification.objects.create(
            mediator=mediator, kind="training", title="培训", obtained_on=timezone.localdate()
        )
        grid["leizhou"].refresh_from_db()
        grid["leizhou"].add_child(code=f"leizhou-town-{n}", name=f"某镇{n}总工会", kind="township")
    with django_assert_max_num_queries(few):
        load()


def test_seed_demo_fills_the_register(grid, make_user):
    mediators_demo_load()
    assert Mediator.objects.filter(is_demo=True, organisation=grid["leizhou"]).count() == 2
    assert mediators_demo_load() == 0  # again: nothing doubled


@pytest.mark.parametrize("role", [Role.WORKER])
def test_workers_never_see_the_grid_pages(client, grid, make_user, role):
    worker = make_user(role)
    assert _status(client, worker, reverse("cases:organisation", args=[grid["leizhou"].pk])) == 403


def test_merging_an_organisation_moves_its_open_cases_with_a_line_each(
    client, grid, grid_user, leizhou_cases, role_users, make_case
):
    from cases.models import Case, CaseEvent, RoutingRule
    from zhanjiang_union.organisations.models import Organisation

    fucheng_mediator = grid_user(Role.MEDIATOR, "leizhou-fucheng")
    fucheng_case = leizhou_cases["fucheng"]
    closed = make_case(employer_name="附城已结公司")
    Case.objects.filter(pk=closed.pk).update(organisation=grid["leizhou-fucheng"], status="closed")
    merge = reverse("cases:organisation_merge", args=[grid["leizhou-fucheng"].pk])
    # Only the administrators merge; the county's head does not.
    county_head = grid_user(Role.DEPARTMENT_HEAD, "leizhou")
    assert _status(client, county_head, merge) == 403

    client.force_login(role_users[Role.ADMIN])
    # Not into one below itself (the committee is not below 附城镇, but itself is refused).
    refused = client.post(merge, {"into": grid["leizhou-fucheng"].pk, "reason": "撤并"})
    assert refused.status_code == 400
    response = client.post(merge, {"into": grid["leizhou"].pk, "reason": "镇街撤并"}, follow=True)
    assert response.status_code == 200
    fucheng_case.refresh_from_db()
    assert fucheng_case.organisation == grid["leizhou"]
    line = CaseEvent.objects.get(case=fucheng_case, action="cases.case.organisation_merged")
    assert line.note == "镇街撤并"
    assert Case.objects.get(pk=closed.pk).organisation == grid["leizhou-fucheng"]  # history stays
    fucheng = Organisation.objects.get(code="leizhou-fucheng")
    assert fucheng.active_until is not None
    fucheng_mediator.refresh_from_db()
    assert fucheng_mediator.organisation == grid["leizhou"]
    assert RoutingRule.objects.get(township="附城镇").organisation == grid["leizhou"]
    # The next complaint from 附城镇 goes to the county, and the page says what was done.
    assert "附城镇总工会" in response.content.decode()


def test_merging_an_organisation_with_no_open_cases_moves_nothing_and_says_so(grid, make_user):
    from cases.handing import organisation_merge
    from zhanjiang_union.accounts.roles import Role

    admin = make_user(Role.ADMIN)
    empty, into = grid["leizhou-fucheng"], grid["leizhou"]
    from cases.models import Case

    assert not Case.objects.filter(organisation=empty).exists()
    assert organisation_merge(organisation=empty, into=into, actor=admin, reason="撤并") == 0
    empty.refresh_from_db()
    assert empty.active_until is not None  # closed all the same
