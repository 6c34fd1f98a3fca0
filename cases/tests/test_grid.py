"""The union's grid: where a complaint lands, who reads it and who acts on it."""

import re

import pytest
from django.urls import reverse

from cases import access, services
from cases.models import Case, District, RoutingRule
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.organisations.models import Organisation

from .conftest import FUCHENG_ADDRESS, KELU_ADDRESS, LEIZHOU_ADDRESS


def test_a_complaint_lands_with_the_most_specific_union(leizhou_cases, make_case, grid):
    assert leizhou_cases["kelu"].organisation == grid["leizhou-kelu"]
    assert leizhou_cases["fucheng"].organisation == grid["leizhou-fucheng"]
    # No township of its own in the address: the county-level federation.
    assert leizhou_cases["leizhou"].organisation == grid["leizhou"]
    # A district with no rule: the city federation.
    assert make_case(employer_address="湛江市霞山区工业大道8号").organisation == grid["zhanjiang"]


def test_a_rule_an_administrator_adds_routes_the_next_complaint(make_case, grid):
    xiashan = District.objects.get(code="xiashan")
    before = make_case(district=xiashan)
    RoutingRule.objects.create(district=xiashan, township="", organisation=grid["xiashan"])
    after = make_case(district=xiashan)
    assert before.organisation == grid["zhanjiang"]  # what was filed stays where it is
    assert after.organisation == grid["xiashan"]


def test_a_closed_organisation_receives_nothing_more(make_case, grid):
    import datetime

    Organisation.objects.filter(code="leizhou-kelu").update(active_until=datetime.date(2020, 1, 1))
    case = make_case(district=District.objects.get(code="leizhou"), employer_address=KELU_ADDRESS)
    assert case.organisation == grid["leizhou"]


def test_the_worker_sees_which_union_handles_the_complaint(client, complaint_data, grid):
    data = {
        **complaint_data,
        "district": District.objects.get(code="leizhou").pk,
        "employer_address": KELU_ADDRESS,
    }
    response = client.post(reverse("cases:complaint_new"), data, follow=True)
    code = re.search(r'data-testid="query-code">(\w+)<', response.content.decode()).group(1)
    case = Case.objects.get()
    assert case.organisation == grid["leizhou-kelu"]
    tracked = client.post(
        reverse("cases:track"), {"number": case.number, "code": code}, follow=True
    )
    page = tracked.content.decode()
    assert re.search(r'data-testid="handling-union">客路镇总工会<', page)
    assert "投诉已登记，由客路镇总工会办理" in page


def _status(client, user, url):
    client.force_login(user)
    return client.get(url).status_code


def test_township_staff_read_their_own_only_and_the_county_reads_below(
    client, grid_user, leizhou_cases, role_users
):
    kelu_mediator = grid_user(Role.MEDIATOR, "leizhou-kelu")
    county_head = grid_user(Role.DEPARTMENT_HEAD, "leizhou")
    city_mediator = role_users[Role.MEDIATOR]
    leader = role_users[Role.LEADERSHIP]
    detail = {where: reverse("cases:detail", args=[c.pk]) for where, c in leizhou_cases.items()}
    move = {
        where: reverse("cases:move", args=[c.pk, "accept_mediation"])
        for where, c in leizhou_cases.items()
    }

    assert _status(client, kelu_mediator, detail["kelu"]) == 200
    assert _status(client, kelu_mediator, move["kelu"]) == 200
    # A neighbouring township's case and the county's own: as if they did not exist.
    assert _status(client, kelu_mediator, detail["fucheng"]) == 404
    assert _status(client, kelu_mediator, detail["leizhou"]) == 404
    # The county federation reads every township below it, acts only on its own.
    for where in ("kelu", "fucheng", "leizhou"):
        assert _status(client, county_head, detail[where]) == 200
    assert _status(client, county_head, move["leizhou"]) == 200
    assert _status(client, county_head, move["kelu"]) == 403
    # The city reads all the grid, acts on none of it from the city.
    assert _status(client, city_mediator, detail["kelu"]) == 200
    assert _status(client, city_mediator, move["kelu"]) == 403
    assert _status(client, leader, detail["fucheng"]) == 200


def test_a_county_leader_reads_the_county_only(grid_user, leizhou_cases, make_case):
    county_leader = grid_user(Role.LEADERSHIP, "leizhou")
    elsewhere = make_case(employer_name="霞山某某公司")
    visible = set(access.cases_visible_to(county_leader))
    assert visible == set(leizhou_cases.values())
    assert not access.can_read(county_leader, elsewhere)


def test_lists_searches_and_counts_leak_nothing_across(client, grid_user, leizhou_cases, make_case):
    kelu_mediator = grid_user(Role.MEDIATOR, "leizhou-kelu")
    county_head = grid_user(Role.DEPARTMENT_HEAD, "leizhou")
    make_case(employer_name="霞山某某公司")
    workbench = reverse("cases:workbench")

    client.force_login(kelu_mediator)
    page = client.get(workbench).content.decode()
    assert leizhou_cases["kelu"].number in page
    assert leizhou_cases["fucheng"].number not in page
    assert leizhou_cases["leizhou"].number not in page
    for term in ("附城某某公司", leizhou_cases["fucheng"].number, "霞山某某公司"):
        found = client.get(workbench, {"q": term}).content.decode()
        assert leizhou_cases["fucheng"].number not in found and "霞山某某公司" not in found
    counts = services_counts(kelu_mediator)
    assert sum(counts.values()) == 1

    client.force_login(county_head)
    page = client.get(workbench).content.decode()
    assert all(c.number in page for c in leizhou_cases.values())
    assert "霞山某某公司" not in page
    assert sum(services_counts(county_head).values()) == 3


def services_counts(user):
    from cases.selectors import case_counts_by_stage

    return case_counts_by_stage(user=user)


def test_a_township_case_is_assigned_within_the_township(grid_user, leizhou_cases):
    kelu_head = grid_user(Role.DEPARTMENT_HEAD, "leizhou-kelu")
    kelu_mediator = grid_user(Role.MEDIATOR, "leizhou-kelu")
    fucheng_mediator = grid_user(Role.MEDIATOR, "leizhou-fucheng")
    case = leizhou_cases["kelu"]
    assert set(access.handlers_for(case)) == {kelu_head, kelu_mediator}
    with pytest.raises(services.CaseError):
        services.case_assign(
            case=case, handler=fucheng_mediator, actor=kelu_head, expected_version=case.version
        )
    services.case_assign(
        case=case, handler=kelu_mediator, actor=kelu_head, expected_version=case.version
    )
    case.refresh_from_db()
    assert case.handler == kelu_mediator


def test_the_workbench_query_count_does_not_grow_with_the_grid(
    client, grid_user, make_case, grid, django_assert_max_num_queries
):
    county_head = grid_user(Role.DEPARTMENT_HEAD, "leizhou")
    leizhou = District.objects.get(code="leizhou")
    client.force_login(county_head)

    def load() -> int:
        from django.core.cache import cache
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        cache.clear()  # the counts' cache would hide a query
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("cases:workbench")).status_code == 200
        return len(queries)

    make_case(district=leizhou, employer_address=KELU_ADDRESS)
    few = load()
    for address in (KELU_ADDRESS, FUCHENG_ADDRESS, LEIZHOU_ADDRESS) * 3:
        make_case(district=leizhou, employer_address=address)
    parent = grid["leizhou-kelu"]
    for n in range(5):
        parent.add_child(code=f"kelu-enterprise-{n}", name=f"客路企业{n}", kind="enterprise")
        parent.refresh_from_db()
    with django_assert_max_num_queries(few):
        load()


# Every page of a case that acts on it, for the organisation dimension of the matrix.
ACTING_PAGES = [
    ("cases:move", ["record_agreement"]),
    ("cases:assign", []),
    ("cases:recovered", []),
    ("cases:session_new", []),
    ("cases:hand_on", ["up"]),
]


@pytest.mark.parametrize("name, extra", ACTING_PAGES, ids=[name for name, _ in ACTING_PAGES])
def test_the_grid_in_the_role_by_url_matrix(client, grid_user, leizhou_cases, name, extra):
    kelu_head = grid_user(Role.DEPARTMENT_HEAD, "leizhou-kelu")
    fucheng_head = grid_user(Role.DEPARTMENT_HEAD, "leizhou-fucheng")
    county_head = grid_user(Role.DEPARTMENT_HEAD, "leizhou")
    Case.objects.update(status="mediation")
    kelu_case = leizhou_cases["kelu"]

    def url(case):
        return reverse(name, args=[case.pk, *extra])

    assert _status(client, kelu_head, url(kelu_case)) == 200
    assert _status(client, fucheng_head, url(kelu_case)) == 404  # the neighbour
    assert _status(client, kelu_head, url(leizhou_cases["leizhou"])) == 404  # above
    assert _status(client, county_head, url(kelu_case)) == 403  # reads, does not act


def test_the_dashboard_below_the_city_covers_the_users_subtree(client, grid_user, leizhou_cases):
    """A county's leader or head reads the county's figures (leadership/tests/
    test_dashboard_grid.py checks them); a township mediator has no dashboard."""
    for role in (Role.LEADERSHIP, Role.DEPARTMENT_HEAD):
        user = grid_user(role, "leizhou")
        client.force_login(user)
        response = client.get(reverse("dashboard:index"))
        assert response.status_code == 200
        assert response.context["dashboard"].filters.organisation_name == "雷州市总工会"
        assert _status(client, user, reverse("dashboard:xlsx")) == 200
    mediator = grid_user(Role.MEDIATOR, "leizhou-kelu")
    assert _status(client, mediator, reverse("dashboard:index")) == 403
