"""The dashboard along the union's grid: every figure for an organisation's subtree,
the organisations below side by side, where disputes are resolved, and who is held to
which subtree. The data set is built by hand and every figure checked by hand."""

import io
import re
from datetime import date

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.events import case_event_record
from cases.models import Case, District
from cases.workflow import Outcome, Status
from dashboard.access import DashboardScope
from dashboard.forms import DashboardFilterForm
from dashboard.selectors import dashboard_figures
from leadership.tests.conftest import local
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.organisations.models import Organisation
from zhanjiang_union.organisations.services import organisations_demo_load

from .test_dashboard import read_page

START, END = date(2026, 11, 1), date(2026, 11, 30)
TODAY = date(2026, 11, 30)
QUERY = {"start": START.isoformat(), "end": END.isoformat()}


@pytest.fixture
def grid(seeded):
    organisations_demo_load()
    return {organisation.code: organisation for organisation in Organisation.objects.all()}


@pytest.fixture
def at(make_case, grid):
    """at(organisation code, district code, filed day, closed day=None, outcome=None,
    late=False) -> a case of that organisation, filed (and closed) on those November days."""

    def make(code, district, filed, closed=None, outcome=None, late=False):
        case = make_case(
            district=District.objects.get(code=district),
            created_at=local(date(2026, 11, filed)),
            closed_at=local(date(2026, 11, closed)) if closed else None,
        )
        changes = {"organisation": grid[code]}
        if outcome:
            changes["outcome"] = outcome
        if late:
            changes["deadline_state"] = "overdue"
        Case.objects.filter(pk=case.pk).update(**changes)
        case.refresh_from_db()
        return case

    return make


@pytest.fixture
def dataset(at):
    """Two counties (雷州市 with its townships and a committee below one, 霞山区) and the
    city's own case:

    雷州市 itself: A1 open; A2 closed, its agreement performed.
    客路镇: K1 closed, agreement performed; K2 open and overdue; K3 closed by an
      arbitration award after going to arbitration.
    客路 sugar committee (below 客路镇): S1 closed, agreement performed.
    附城镇: F1 closed, withdrawn (not resolved).
    霞山区: X1 open and overdue; X2 closed, agreement performed; X3 open.
    湛江市总工会: C1 open.
    """
    performed = Outcome.AGREEMENT_PERFORMED
    cases = {
        "A1": at("leizhou", "leizhou", 3),
        "A2": at("leizhou", "leizhou", 4, 10, performed),
        "K1": at("leizhou-kelu", "leizhou", 5, 12, performed),
        "K2": at("leizhou-kelu", "leizhou", 6, late=True),
        "K3": at("leizhou-kelu", "leizhou", 7, 20, Outcome.AWARD),
        "S1": at("leizhou-kelu-sugar", "leizhou", 8, 15, performed),
        "F1": at("leizhou-fucheng", "leizhou", 9, 16, Outcome.WITHDRAWN),
        "X1": at("xiashan", "xiashan", 2, late=True),
        "X2": at("xiashan", "xiashan", 3, 11, performed),
        "X3": at("xiashan", "xiashan", 5),
        "C1": at("zhanjiang", "xiashan", 2),
    }
    case_event_record(
        case=cases["K3"],
        action="cases.case.hand_to_arbitration",
        from_status=Status.MEDIATION_FAILED,
        to_status=Status.ARBITRATION,
    )
    return cases


def figures_for(organisation=None, scope=None):
    data = {**QUERY, "organisation": organisation.pk if organisation else ""}
    form = DashboardFilterForm(data, today=TODAY, scope=scope)
    return dashboard_figures(filters=form.filters(), today=TODAY)


def values(dashboard) -> dict:
    found = {h.key: h.figure.value for h in dashboard.headlines}
    found.update({h.key: h.figure.value for h in dashboard.resolution_headlines})
    return found


def test_every_figure_covers_the_chosen_subtree(dataset, grid):
    leizhou = values(figures_for(grid["leizhou"]))
    assert (leizhou["filed"], leizhou["closed"], leizhou["open"], leizhou["overdue"]) == (
        7,
        5,
        2,
        1,
    )
    # Resolved: A2, K1, K3, S1 (F1 was withdrawn). At grassroots: K1, K3, S1. In the
    # union before arbitration: A2, K1, S1 (K3 went to arbitration).
    assert leizhou["resolved_grassroots"] == pytest.approx(3 / 4)
    assert leizhou["resolved_in_union"] == pytest.approx(3 / 4)

    kelu = values(figures_for(grid["leizhou-kelu"]))  # with the committee below it
    assert (kelu["filed"], kelu["closed"], kelu["open"], kelu["overdue"]) == (4, 3, 1, 1)
    assert kelu["resolved_grassroots"] == 1
    assert kelu["resolved_in_union"] == pytest.approx(2 / 3)

    xiashan = values(figures_for(grid["xiashan"]))
    assert (xiashan["filed"], xiashan["closed"], xiashan["open"], xiashan["overdue"]) == (
        3,
        1,
        2,
        1,
    )
    assert xiashan["resolved_grassroots"] == 0
    assert xiashan["resolved_in_union"] == 1

    everything = values(figures_for())
    assert (everything["filed"], everything["closed"], everything["open"]) == (11, 6, 5)
    assert everything["overdue"] == 2
    assert everything["resolved_grassroots"] == pytest.approx(3 / 5)
    assert values(figures_for(grid["zhanjiang"]))["filed"] == 11  # the city: everything


def test_the_resolution_shares_say_what_they_count(client, dataset, grid, make_user):
    client.force_login(make_user(Role.LEADERSHIP))
    query = {**QUERY, "organisation": grid["leizhou"].pk}
    html = client.get(reverse("dashboard:index"), query).content.decode()
    section = re.search(r'data-testid="resolution".*?</section>', html, re.S).group(0)
    # Each share with its definition under it: what is counted, and out of how many.
    grassroots = re.search(
        r'data-testid="headline-resolved_grassroots".*?data-value="([^"]*)".*?'
        r'<div class="small text-muted">([^<]*)</div>',
        section,
        re.S,
    )
    assert float(grassroots.group(1)) == pytest.approx(0.75)
    assert "4件" in grassroots.group(2) and "企业劳动争议调解委员会" in grassroots.group(2)
    in_union = re.search(
        r'data-testid="headline-resolved_in_union".*?data-value=.*?'
        r'<div class="small text-muted">([^<]*)</div>',
        section,
        re.S,
    )
    assert "仲裁" in in_union.group(1) and "4件" in in_union.group(1)


def _rows(table) -> dict[str, list]:
    return {row.labels[0]: [cell.value for cell in row.cells[:4]] for row in table.rows}


def test_the_city_compares_its_counties_side_by_side(dataset, grid):
    table = figures_for().tables["by_organisation"]
    rows = _rows(table)
    # filed, closed, open, overdue
    assert rows["雷州市总工会"] == [7, 5, 2, 1]
    assert rows["霞山区总工会"] == [3, 1, 2, 1]
    assert rows["赤坎区总工会"] == [0, 0, 0, 0]
    assert len(rows) == 9 + 1  # the nine county-level federations and the city's own
    own = [label for label in rows if "湛江市总工会" in label]
    assert rows[own[0]] == [1, 0, 1, 0]


def test_a_county_compares_its_townships(dataset, grid):
    rows = _rows(figures_for(grid["leizhou"]).tables["by_organisation"])
    assert rows["客路镇总工会"] == [4, 3, 1, 1]  # the committee below it included
    assert rows["附城镇总工会"] == [1, 1, 0, 0]
    assert rows["雷城街道总工会"] == [0, 0, 0, 0]
    own = [label for label in rows if "雷州市总工会" in label]
    assert rows[own[0]] == [2, 1, 1, 0]
    assert "霞山区总工会" not in rows


def test_each_row_of_the_comparison_links_to_its_own_cases(client, dataset, grid, make_user):
    leader = make_user(Role.LEADERSHIP)
    client.force_login(leader)
    table = figures_for(grid["leizhou"]).tables["by_organisation"]
    for row in table.rows:
        filed = row.cells[0]
        listed = client.get(filed.link.url).context["total"]
        assert listed == filed.value, (row.labels, filed.link.url)


@pytest.fixture
def county_head(make_user, grid):
    user = make_user(Role.DEPARTMENT_HEAD)
    user.organisation = grid["leizhou"]
    user.department = None
    user.save(update_fields=["organisation", "department"])
    return user


def test_a_county_head_sees_the_county_by_default(client, dataset, county_head):
    client.force_login(county_head)
    response = client.get(reverse("dashboard:index"), QUERY)
    assert response.status_code == 200
    page = read_page(response)
    assert (page.headlines["filed"], page.headlines["open"]) == ("7", "2")
    html = response.content.decode()
    assert "霞山区总工会" not in html  # neither a choice nor a row
    assert 'data-testid="section-board"' not in html  # the city's own work
    assert 'data-testid="hotline"' not in html


def test_another_county_in_the_url_is_ignored(client, dataset, grid, county_head):
    client.force_login(county_head)
    response = client.get(reverse("dashboard:index"), {**QUERY, "organisation": grid["xiashan"].pk})
    assert response.status_code == 200
    assert read_page(response).headlines["filed"] == "7"  # still 雷州市's
    assert response.context["form"].errors["organisation"]
    # Narrowing within the county is allowed.
    narrowed = client.get(
        reverse("dashboard:index"), {**QUERY, "organisation": grid["leizhou-kelu"].pk}
    )
    assert read_page(narrowed).headlines["filed"] == "4"


def test_a_county_heads_export_holds_only_the_county(client, dataset, grid, county_head):
    client.force_login(county_head)
    for query in (QUERY, {**QUERY, "organisation": grid["xiashan"].pk}):
        response = client.get(reverse("dashboard:xlsx"), query)
        assert response.status_code == 200
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        cells = [
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        ]
        assert "雷州市总工会" in " ".join(cells)
        assert not any("霞山区总工会" in cell for cell in cells)
        keys = [h.key for h in figures_for(grid["leizhou"]).headlines]
        headlines = [row[1] for row in workbook.worksheets[1].iter_rows(values_only=True)]
        assert headlines[1 + keys.index("filed")] == 7
        assert headlines[1 + keys.index("open")] == 2


def test_a_county_heads_links_never_list_another_countys_cases(client, dataset, county_head):
    client.force_login(county_head)
    html = client.get(reverse("dashboard:index"), QUERY).content.decode()
    links = set(re.findall(r'href="(/cases/\?[^"]*)"', html))
    assert len(links) > 20
    xiashan = {dataset[key].pk for key in ("X1", "X2", "X3", "C1")}
    for url in links:
        url = url.replace("&amp;", "&")
        assert "organisation=" in url, url
        listed = {case.pk for case in client.get(url).context["page"].object_list}
        assert not listed & xiashan, url


def test_the_workbench_organisation_filter_narrows_never_widens(client, dataset, grid, make_user):
    kelu_mediator = make_user(Role.MEDIATOR)
    kelu_mediator.organisation = grid["leizhou-kelu"]
    kelu_mediator.save(update_fields=["organisation"])
    client.force_login(kelu_mediator)
    url = reverse("cases:workbench")
    assert (
        client.get(url, {"organisation": grid["xiashan"].pk, "closed": "on"}).context["total"] == 0
    )
    county = client.get(url, {"organisation": grid["leizhou"].pk, "closed": "on"})
    # K1, K2, K3 and S1 below: the county's own and the neighbours' out of reach.
    assert county.context["total"] == 4
    assert "雷州市总工会及其下级组织" in county.content.decode()  # the list says so


def test_a_township_head_sees_the_township_and_a_mediator_is_refused(
    client, dataset, grid, make_user
):
    head = make_user(Role.DEPARTMENT_HEAD)
    mediator = make_user(Role.MEDIATOR)
    for user in (head, mediator):
        user.organisation = grid["leizhou-kelu"]
        user.save(update_fields=["organisation"])
    client.force_login(head)
    assert read_page(client.get(reverse("dashboard:index"), QUERY)).headlines["filed"] == "4"
    client.force_login(mediator)
    for name in ("dashboard:index", "dashboard:xlsx", "dashboard:print"):
        assert client.get(reverse(name), QUERY).status_code == 403


def test_a_city_leader_may_pick_any_organisation(client, dataset, grid, make_user):
    client.force_login(make_user(Role.LEADERSHIP))
    everything = read_page(client.get(reverse("dashboard:index"), QUERY))
    assert everything.headlines["filed"] == "11"
    xiashan = client.get(reverse("dashboard:index"), {**QUERY, "organisation": grid["xiashan"].pk})
    assert read_page(xiashan).headlines["filed"] == "3"
    assert not xiashan.context["form"].errors


def test_a_scope_holds_the_form_to_its_subtree(grid):
    form = DashboardFilterForm(
        {**QUERY, "organisation": grid["xiashan"].pk},
        today=TODAY,
        scope=DashboardScope(organisation=grid["leizhou"]),
    )
    filters = form.filters()
    assert filters.organisation_id == grid["leizhou"].pk
    assert filters.organisation_path == grid["leizhou"].path
    choices = {str(label).strip("\u3000") for _value, label in form.fields["organisation"].choices}
    assert "霞山区总工会" not in choices and "客路镇总工会" in choices


def _queries(filters_for) -> int:
    with CaptureQueriesContext(connection) as captured:
        figures_for(filters_for)
    return len(captured.captured_queries)


def test_query_counts_do_not_grow_with_organisations_or_cases(dataset, grid, at):
    county = grid["leizhou"]
    figures_for(county)  # the figures built once
    before = (_queries(county), _queries(None))
    for number in range(12):
        township = county.add_child(
            code=f"extra-{number}", name=f"测试{number}镇总工会", kind="township"
        )
        township.add_child(
            code=f"extra-{number}-committee",
            name=f"测试{number}公司劳动争议调解委员会",
            kind="committee",
        )
        grid[township.code] = township
        grid[f"extra-{number}-committee"] = Organisation.objects.get(
            code=f"extra-{number}-committee"
        )
        at(township.code, "leizhou", 10 + number % 5, 20, Outcome.AGREEMENT_PERFORMED)
        at(f"extra-{number}-committee", "leizhou", 11)
    figures_for(None)  # the reader brings the figures up to date
    from dashboard.rollups import rollups_rebuild

    rollups_rebuild()
    assert values(figures_for(county))["filed"] == 7 + 24
    assert (_queries(county), _queries(None)) == before


def test_the_choice_lists_the_way_down_not_every_organisation(grid):
    """The choice accepts any organisation in reach but lists the line down to the one
    viewed and those just below it: a tree of thousands stays a short list."""

    def shown(data, scope=None):
        form = DashboardFilterForm(data, today=TODAY, scope=scope)
        form.filters()
        return [
            str(label).strip("\u3000")
            for _value, label in form.fields["organisation"].widget.choices
        ]

    city = shown(QUERY)
    assert "雷州市总工会" in city and "霞山区总工会" in city
    assert "客路镇总工会" not in city
    county = shown({**QUERY, "organisation": grid["leizhou"].pk})
    assert county[:3] == ["全部工会组织", "湛江市总工会", "雷州市总工会"]
    assert "客路镇总工会" in county and "霞山区总工会" not in county
    held = shown(
        {**QUERY, "organisation": grid["leizhou-kelu"].pk},
        DashboardScope(organisation=grid["leizhou"]),
    )
    assert held[:2] == ["雷州市总工会", "客路镇总工会"]
    assert "客路某某糖业有限公司劳动争议调解委员会" in held and "湛江市总工会" not in held


def test_an_organisation_with_a_district_asks_for_one_or_the_other(
    client, dataset, grid, make_user
):
    client.force_login(make_user(Role.LEADERSHIP))
    xiashan = District.objects.get(code="xiashan")
    response = client.get(
        reverse("dashboard:index"),
        {**QUERY, "organisation": grid["leizhou"].pk, "district": xiashan.pk},
    )
    assert response.context["form"].errors["district"]
    assert read_page(response).headlines["filed"] == "7"  # the organisation's, whole


def test_the_organisations_rows_are_kept_whole_not_per_district(dataset, grid):
    """Each organisation has its own rows; districts and departments are summed over
    every organisation, never crossed with one (the rows would multiply by them)."""
    from dashboard.models import CaseFlow, OpenCaseCount

    figures_for()
    for model in (CaseFlow, OpenCaseCount):
        assert model.objects.filter(organisation__gt=0, district=0, department=0).exists()
        assert not model.objects.filter(organisation__gt=0, district__gt=0).exists()
        assert not model.objects.filter(organisation__gt=0, department__gt=0).exists()
