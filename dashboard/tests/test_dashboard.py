"""The leadership dashboard (/dashboard/): every figure against a hand-built set of cases,
the filters, the links, the page, its print view and its .xlsx export, and its cost.

The cases are filed and moved through the case services, then placed in time with
queryset updates (created_at, closed_at, the timeline's `at`, the deadlines' dates), so
the expected numbers below can be worked out by hand from the story in `dataset`.
"""

import io
import re
from datetime import date, datetime, time
from decimal import Decimal
from html.parser import HTMLParser

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.deadlines import case_summary_refresh
from cases.forms import WorkbenchFilterForm
from cases.models import (
    Case,
    CaseEvent,
    Channel,
    Deadline,
    DisputeCategory,
    District,
    EarlyWarning,
    Industry,
)
from dashboard import links
from dashboard.figures import DashboardFilters
from dashboard.forms import DashboardFilterForm
from dashboard.rollups import rollups_rebuild, rollups_refresh
from dashboard.selectors import dashboard_figures
from leadership.models import Activity, Measure, SelfInspectionReport
from performance import services as performance_services
from zhanjiang_union.accounts.models import Department
from zhanjiang_union.accounts.roles import Role

TODAY = date(2026, 11, 18)  # a Wednesday: "this week" began on Monday 16 November
START, END = date(2026, 10, 1), date(2026, 11, 18)


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A moment in Beijing time."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


class Builder:
    """Files and moves cases through the services, then sets when each thing happened."""

    def __init__(self, actor):
        self.actor = actor
        self.count = 0

    def file(self, when, *, district="霞山区", department=None, workers=1, recovered="0",
             industry=Industry.MANUFACTURING, channel=Channel.WEB) -> Case:  # fmt: skip
        self.count += 1
        case, _code = case_services.case_create(
            complainants=[
                case_services.ComplainantInput(
                    name="张三", id_number="11010519491231002X", phone="13800138000"
                )
            ],
            # One employer per case, so no "group dispute forming" warning is raised.
            employer_name=f"湛江测试企业{self.count}号",
            district=District.objects.get(name=district),
            industry=industry,
            category=DisputeCategory.objects.get(code="pay"),
            facts="工资未发放。",
            demand="支付工资。",
            channel=channel,
            workers_involved=workers,
        )
        changes = {"created_at": when, "amount_recovered": Decimal(recovered)}
        if department:
            changes["department"] = Department.objects.get(code=department)
        Case.objects.filter(pk=case.pk).update(**changes)
        CaseEvent.objects.filter(case=case).update(at=when)  # the filing
        case.refresh_from_db()
        return case

    def move(self, case: Case, action: str, when, **kwargs) -> Case:
        case.refresh_from_db()
        kwargs.setdefault("note", "测试")
        case_services.case_transition(
            case=case, action=action, actor=self.actor, expected_version=case.version, **kwargs
        )
        CaseEvent.objects.filter(pk=CaseEvent.objects.filter(case=case).latest("id").pk).update(
            at=when
        )
        if action in ("close", "not_accept"):
            Case.objects.filter(pk=case.pk).update(closed_at=when)
        case.refresh_from_db()
        return case


def agreement(day: date) -> dict:
    return {
        "signed_on": day,
        "amount_agreed": Decimal("5000.00"),
        "payment_due": day,
        "terms": "支付工资。",
    }


def handoff(day: date) -> case_services.HandoffInput:
    return case_services.HandoffInput(sent_on=day)


def deadline(case: Case, rule: str) -> Deadline:
    return Deadline.objects.filter(case=case, rule__key=rule).latest("id")


def place(item: Deadline, **fields) -> None:
    Deadline.objects.filter(pk=item.pk).update(**fields)


@pytest.fixture
def dataset(make_user):
    """Six cases; the range is 1 October – 18 November 2026, today 18 November.

    A 霞山 rights, filed 17 Nov (this week); open in intake; its triage overdue.
    B 赤坎 rights, filed 3 Nov; mediation 5 Nov; agreement 10 Nov; closed 17 Nov; ¥5,000.
    C 霞山 grassroots, filed 10 Oct, 12 workers (collective, warned); mediation 12 Oct;
      failed 20 Oct; to arbitration 21 Oct, open; acceptance long overdue.
    D 坡头 rights, filed 1 Sep; mediation 2 Sep; agreement 5 Oct; failed 8 Oct;
      closed 9 Oct; ¥300.50.
    E 霞山 rights, filed 1 Aug, not accepted 5 Aug; ¥999 (outside the range).
    F 赤坎 rights, filed 18 Nov by the hotline, construction; open; triage due soon.
    """
    mediator = make_user(Role.MEDIATOR, "rights")
    build = Builder(mediator)
    a = build.file(at(date(2026, 11, 17)))
    b = build.file(at(date(2026, 11, 3)), district="赤坎区", workers=2, recovered="5000")
    c = build.file(at(date(2026, 10, 10)), department="grassroots", workers=12)
    d = build.file(at(date(2026, 9, 1)), district="坡头区", recovered="300.50")
    e = build.file(at(date(2026, 8, 1)), recovered="999")
    f = build.file(
        at(date(2026, 11, 18), 9),
        district="赤坎区",
        industry=Industry.CONSTRUCTION,
        channel=Channel.HOTLINE,
    )

    build.move(b, "accept_mediation", at(date(2026, 11, 5)))
    build.move(b, "record_agreement", at(date(2026, 11, 10)), agreement=agreement(TODAY))
    for instalment in b.agreement.instalments.all():  # paid: it may close as performed
        performance_services.payment_record(
            instalment=instalment, paid_on=TODAY, amount=instalment.amount, method="bank",
            actor=mediator, today=TODAY,
        )  # fmt: skip
    build.move(b, "close", at(date(2026, 11, 17)), outcome="agreement_performed")

    build.move(c, "accept_mediation", at(date(2026, 10, 12)))
    build.move(c, "mediation_failed", at(date(2026, 10, 20)))
    build.move(c, "hand_to_arbitration", at(date(2026, 10, 21)), handoff=handoff(TODAY))

    build.move(d, "accept_mediation", at(date(2026, 9, 2)))
    build.move(d, "record_agreement", at(date(2026, 10, 5)), agreement=agreement(TODAY))
    build.move(d, "mediation_failed", at(date(2026, 10, 8)))
    build.move(d, "close", at(date(2026, 10, 9)), outcome="withdrawn")

    build.move(e, "not_accept", at(date(2026, 8, 5)), outcome="not_accepted")

    # Deadlines that ended: all after the range, but for four placed inside it.
    Deadline.objects.filter(met_at__isnull=False).update(met_at=at(date(2026, 12, 31)))
    place(deadline(b, "triage"), met_at=at(date(2026, 11, 5)), due_on=date(2026, 11, 5))
    place(deadline(b, "mediation"), met_at=at(date(2026, 11, 10)), due_on=date(2026, 11, 20))
    # Half past midnight in Beijing is still 12 October in UTC: late, in local time.
    place(deadline(c, "triage"), met_at=at(date(2026, 10, 13), 0, 30), due_on=date(2026, 10, 12))
    place(deadline(c, "mediation"), met_at=at(date(2026, 10, 20)), due_on=date(2026, 10, 19))
    place(deadline(d, "mediation"), met_at=at(date(2026, 10, 5)), due_on=date(2026, 9, 17))
    # Running ones, in the states the sweep left them; C's handoff is paused.
    place(deadline(a, "triage"), state=Deadline.State.OVERDUE)
    place(deadline(f, "triage"), state=Deadline.State.DUE_SOON)
    place(deadline(c, "arbitration_acceptance"), state=Deadline.State.OVERDUE_LONG)
    place(deadline(c, "handoff_ack"), state=Deadline.State.OVERDUE, paused_on=TODAY)
    # What the sweep keeps on each case: its most pressing running deadline's state.
    case_summary_refresh(case_ids=[a.pk, c.pk, f.pk])

    # Warnings: C's two are open; a closed case's and a resolved one do not count.
    EarlyWarning.objects.create(case=d, reason=EarlyWarning.Reason.MASS_INCIDENT)
    EarlyWarning.objects.create(
        case=a, reason=EarlyWarning.Reason.MASS_INCIDENT, resolved_at=at(TODAY)
    )

    rights, grassroots = (Department.objects.get(code=code) for code in ("rights", "grassroots"))
    first, second = Measure.objects.get(number=1), Measure.objects.get(number=2)
    for measure, department, held_on in [
        (first, rights, date(2026, 10, 15)),
        (second, rights, date(2026, 9, 30)),  # before the range
        (first, grassroots, date(2026, 11, 18)),
    ]:
        Activity.objects.create(
            kind=Activity.Kind.LECTURE,
            measure=measure,
            department=department,
            held_on=held_on,
            recorded_by=mediator,
        )
    SelfInspectionReport.objects.create(
        department=rights,
        period_start=date(2026, 9, 1),
        period_end=date(2026, 9, 30),
        due_on=date(2026, 10, 10),
        status=SelfInspectionReport.Status.ACCEPTED,
        submitted_at=at(date(2026, 10, 8)),
    )
    SelfInspectionReport.objects.create(
        department=rights,
        period_start=date(2026, 10, 1),
        period_end=date(2026, 10, 31),
        due_on=date(2026, 11, 10),
        status=SelfInspectionReport.Status.SUBMITTED,
        submitted_at=at(date(2026, 11, 3)),
    )
    SelfInspectionReport.objects.create(
        department=grassroots,
        period_start=date(2026, 10, 1),
        period_end=date(2026, 10, 31),
        due_on=date(2026, 11, 10),
    )
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f, "rights": rights,
            "grassroots": grassroots}  # fmt: skip


def figures(**filters):
    return dashboard_figures(filters=DashboardFilters(start=START, end=END, **filters), today=TODAY)


def headline_values(dashboard) -> dict:
    return {headline.key: headline.figure.value for headline in dashboard.headlines}


# --- Figures ----------------------------------------------------------------------------


def test_headline_figures(dataset):
    values = headline_values(figures())
    assert values == {
        "open": 3,  # A, C, F
        "filed_week": 2,  # A (17 Nov), F (18 Nov)
        "filed_month": 3,  # and B (3 Nov)
        "closed_week": 1,  # B (17 Nov)
        "closed_month": 1,
        "due_soon": 1,  # F
        "overdue": 1,  # A; C's overdue handoff is paused
        "overdue_long": 1,  # C
        "collective_open": 1,  # C
        "warnings_open": 1,  # C (two warnings, one case)
        "mediation_success": pytest.approx(1 / 3),  # B agreed; C failed; D agreed, then failed
        "median_close_days": pytest.approx(26.0),  # B 14 days, D 38 days
        "filed": 4,  # A, B, C, F
        "closed": 2,  # B, D
        "recovered": Decimal("5300.50"),  # B and D, not E (closed in August)
        "workers": 16,  # 1 + 2 + 12 + 1
    }


def test_alarms_mark_what_should_be_zero(dataset):
    alarms = {h.key for h in figures().headlines if h.figure.alarm}
    assert alarms == {"overdue", "overdue_long", "warnings_open"}


def test_open_cases_by_stage(dataset):
    table = figures().tables["stages"]
    # intake, mediation, inspection, petition, arbitration, litigation
    assert [row.cells[0].value for row in table.rows] == [2, 0, 0, 0, 1, 0]


def test_time_spent_in_each_stage(dataset):
    table = figures().tables["stage_days"]
    stays = [row.cells[0].value for row in table.rows]
    medians = [row.cells[1].value for row in table.rows]
    # Intake: B 2 days, C 2 days (D left intake in September). Mediation: B 12 days
    # (5 → 17 Nov), C 9 days (12 → 21 Oct), D 37 days (2 Sep → 9 Oct); the agreements
    # and failures inside the stage do not end a stay.
    assert stays == [2, 3, 0, 0, 0, 0]
    assert medians[:2] == [pytest.approx(2.0), pytest.approx(12.0)]
    assert medians[2:] == [None, None, None, None]


def test_on_time_rate_per_time_limit(dataset):
    rows = {
        row.labels[0]: [cell.value for cell in row.cells]
        for row in figures().tables["on_time"].rows
    }
    assert rows == {
        "分流受理": [2, 1, pytest.approx(0.5)],  # B on its due day; C half past midnight after
        "调解期限": [3, 1, pytest.approx(1 / 3)],  # B early; C a day late; D weeks late
    }


def test_breakdowns(dataset):
    tables = figures().tables
    by_district = {
        row.labels[0]: [c.value for c in row.cells] for row in tables["by_district"].rows
    }
    # filed in the range, closed in the range, open now, overdue now, amount recovered
    assert by_district["霞山区"] == [2, 0, 2, 2, Decimal("0.00")]  # A, C (both late); not E
    assert by_district["赤坎区"] == [2, 1, 1, 0, Decimal("5000.00")]  # B; F only due soon
    assert by_district["坡头区"] == [0, 1, 0, 0, Decimal("300.50")]  # D
    assert by_district["雷州市"] == [0, 0, 0, 0, Decimal("0.00")]  # every district is listed
    assert by_district["湛江经济技术开发区"] == [0, 0, 0, 0, Decimal("0.00")]  # the zone too
    assert len(by_district) == 10

    by_department = {r.labels[0]: [c.value for c in r.cells] for r in tables["by_department"].rows}
    assert by_department["职工维权与服务部"] == [3, 2, 2, 1, Decimal("5300.50")]
    assert by_department["基层工作部"] == [1, 0, 1, 1, Decimal("0.00")]

    # Industries with no case are left out (there are twenty): manufacturing, construction.
    assert [row.cells[0].value for row in tables["by_industry"].rows] == [3, 1]
    by_channel = [row.cells[0].value for row in tables["by_channel"].rows]
    assert by_channel == [3, 1, 0, 0, 0, 0]  # web, hotline, walk-in, court, grid, enterprise
    by_category = {row.labels[0]: row.cells[2].value for row in tables["by_category"].rows}
    assert by_category["劳动报酬（含拖欠工资）、工伤医疗费、经济补偿或者赔偿金"] == 3


def test_open_cases_by_district_and_stage(dataset):
    rows = {
        r.labels[0]: [c.value for c in r.cells] for r in figures().tables["district_stages"].rows
    }
    # intake, mediation, inspection, petition, arbitration, litigation, total
    assert rows["霞山区"] == [1, 0, 0, 0, 1, 0, 2]
    assert rows["赤坎区"] == [1, 0, 0, 0, 0, 0, 1]
    assert rows["坡头区"] == [0, 0, 0, 0, 0, 0, 0]


def test_monthly_trend_is_the_twelve_months_up_to_the_end(dataset):
    table = figures().tables["trend"]
    assert [row.labels[0] for row in table.rows][:1] == ["2025-12"]
    assert [row.labels[0] for row in table.rows][-1] == "2026-11"
    trend = {row.labels[0]: (row.cells[0].value, row.cells[1].value) for row in table.rows}
    assert {month: pair for month, pair in trend.items() if pair != (0, 0)} == {
        "2026-08": (1, 1),  # E filed and refused
        "2026-09": (1, 0),  # D
        "2026-10": (1, 1),  # C filed, D closed
        "2026-11": (3, 1),  # A, B, F filed; B closed
    }


def test_department_responsibility_board(dataset):
    table = figures().tables["board"]
    rows = {row.labels: [cell.value for cell in row.cells] for row in table.rows}
    first = str(Measure.objects.get(number=1))
    second = str(Measure.objects.get(number=2))
    third = str(Measure.objects.get(number=3))
    # open cases, cases overdue, activities in the range, last report, submitted on
    assert rows[(first, "职工维权与服务部")][:3] == [2, 1, 1]
    assert rows[(first, "基层工作部")][:3] == [1, 1, 1]
    assert rows[(second, "职工维权与服务部")][:3] == [2, 1, 0]  # its activity was in September
    assert rows[(third, "市职工服务中心")][:3] == [0, 0, 0]
    rights_report = rows[(first, "职工维权与服务部")]
    assert rights_report[3].startswith("2026-10 ") and rights_report[4] == date(2026, 11, 3)
    grassroots_report = table.rows[1].cells[3]
    assert table.rows[1].labels[1] == "基层工作部"
    assert grassroots_report.alarm  # a draft past its due day
    assert grassroots_report.value.startswith("2026-10 ")
    assert rows[(third, "市职工服务中心")][4] is None
    # Each measure's label spans its departments.
    assert [row.spans[0] for row in table.rows] == [2, 0, 2, 0, 2, 0]


def test_district_and_department_filters_narrow_every_figure(dataset):
    values = headline_values(figures(district_id=District.objects.get(name="赤坎区").pk))
    assert (values["open"], values["filed"], values["closed"]) == (1, 2, 1)  # F; B, F; B
    assert values["recovered"] == Decimal("5000.00")
    assert values["mediation_success"] == pytest.approx(1.0)  # B only

    grassroots = figures(department_id=dataset["grassroots"].pk)
    values = headline_values(grassroots)
    assert (values["open"], values["overdue"], values["overdue_long"]) == (1, 0, 1)
    assert values["mediation_success"] == 0  # C failed
    assert values["median_close_days"] is None  # nothing closed
    assert [row.labels[1] for row in grassroots.tables["board"].rows] == ["基层工作部"] * 2
    assert [row.labels[0] for row in grassroots.tables["by_department"].rows] == ["基层工作部"]


def test_an_empty_range_has_no_rates_rather_than_zero(seeded):
    values = headline_values(figures())
    assert values["mediation_success"] is None
    assert values["median_close_days"] is None
    assert values["recovered"] == Decimal("0.00")
    assert figures().tables["on_time"].rows == ()


# --- Links ------------------------------------------------------------------------------


def test_figures_link_to_the_case_list_that_makes_them_up(dataset):
    district = District.objects.get(name="赤坎区").pk
    dashboard = figures(district_id=district)
    stages = dashboard.tables["stages"].rows
    arbitration = next(row for row in stages if row.cells[0].link.url.find("arbitration") > 0)
    assert arbitration.cells[0].link.url == f"/cases/?district={district}&stage=arbitration"
    assert arbitration.cells[0].link.note == ""  # the workbench filters exactly
    overdue = next(h for h in dashboard.headlines if h.key == "overdue")
    assert overdue.figure.link.url == f"/cases/?district={district}&deadline=overdue"
    collective = next(h for h in dashboard.headlines if h.key == "collective_open")
    assert collective.figure.link.url == f"/cases/?district={district}&collective=1"


def test_every_figures_list_is_one_the_workbench_filters_exactly(dataset):
    """Each link's filters are ones the workbench's own form takes, each kept: the list
    a reader opens from a figure is filtered as the figure is."""
    from urllib.parse import parse_qsl, urlsplit

    district = District.objects.get(name="赤坎区").pk
    department = Department.objects.get(code="rights").pk
    dashboard = figures(district_id=district, department_id=department)
    found = [headline.figure.link for headline in dashboard.headlines]
    found += [
        cell.link for table in dashboard.tables.values() for row in table.rows for cell in row.cells
    ]
    workbench = [link for link in found if link and urlsplit(link.url).path == "/cases/"]
    assert len(workbench) > 20
    for link in workbench:
        query = dict(parse_qsl(urlsplit(link.url).query))
        form = WorkbenchFilterForm(query)
        assert form.is_valid(), (link.url, form.errors)
        assert all(form.cleaned_data[name] not in (None, "", False) for name in query), link.url
        assert query["district"] == str(district) and query["department"] == str(department)


def test_a_link_to_a_filter_the_workbench_lacks_is_refused():
    from cases.links import workbench_url

    with pytest.raises(ValueError, match="no filter employer_size"):
        workbench_url(district=1, employer_size="large")


def test_a_department_heads_links_leave_the_department_to_the_workbench(seeded):
    filters = DashboardFilters(start=START, end=END, department_id=7, department_forced=True)
    link = links.case_list_link(filters=filters, stage="mediation")
    assert link == links.Link("/cases/?stage=mediation", "")


# --- Hotline ------------------------------------------------------------------------------


HOTLINE = {
    "calls_total": 12,
    "calls_by_day": [(date(2026, 11, 1), 5), (date(2026, 11, 2), 7)],
    "calls_by_category": [("劳动报酬", 9), ("其他", 3)],
    "calls_by_outcome": [("解答", 8), ("转立案", 4)],
    "resolved_on_call_rate": 0.5,
    "callbacks_on_time_rate": None,
    "visits_total": 3,
    "group_visits": 1,
    "external_petitions": 2,
    "external_petitions_per_100_cases": 12.5,
    "resolved_inside_rate": 0.9,
}


# --- The page -----------------------------------------------------------------------------


@pytest.fixture
def leader(make_user):
    return make_user(Role.LEADERSHIP)


@pytest.fixture
def head(make_user):
    return make_user(Role.DEPARTMENT_HEAD, "grassroots")


class _Page(HTMLParser):
    """The figures of a page: {table key: [[data-value per cell] per row]} and
    {headline key: data-value}, read from the markup as a browser would."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.headlines: dict[str, str] = {}
        self._table = self._headline = None
        self._row = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        testid = attrs.get("data-testid", "")
        if tag == "table" and testid.startswith("table-"):
            self._table = self.tables.setdefault(testid[6:], [])
        elif testid.startswith("headline-"):
            self._headline = testid[9:]
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif "data-value" in attrs:
            if self._row is not None:
                self._row.append(attrs["data-value"])
            elif self._headline:
                self.headlines[self._headline] = attrs["data-value"]
                self._headline = None

    def handle_endtag(self, tag):
        if tag == "tr" and self._row is not None:
            if self._row:
                self._table.append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None


def read_page(response) -> _Page:
    page = _Page()
    page.feed(response.content.decode())
    return page


def test_page_shows_the_figures_with_charts_beside_tables(client, dataset, leader):
    client.force_login(leader)
    response = client.get(reverse("dashboard:index"), {"start": START, "end": END})
    assert response.status_code == 200
    page = read_page(response)
    assert page.headlines["open"] == "3"
    assert page.headlines["recovered"] == "5300.50"
    assert page.tables["stages"] == [["2"], ["0"], ["0"], ["0"], ["1"], ["0"]]
    html = response.content.decode()
    for key in ("stages", "trend", "district_stages", "stage_days", "on_time"):
        section = re.search(rf'data-testid="section-{key}".*?</section>', html, re.S).group(0)
        svg = re.search(r"<svg[^>]*>", section).group(0)
        assert 'role="img"' in svg and 'aria-label="' in svg, key
        assert f'data-testid="table-{key}"' in section  # the numbers, beside the chart
    assert "<script>" not in html  # no inline script: charts are drawn on the server
    assert 'href="/cases/?stage=arbitration"' in html


def test_leadership_reads_only(client, dataset, leader):
    client.force_login(leader)
    html = client.get(reverse("dashboard:index")).content.decode()
    post_forms = re.findall(r'<form[^>]*method="post"[^>]*action="([^"]*)"', html)
    # Only the page frame's log-out and language forms post; the dashboard has none.
    assert set(post_forms) == {reverse("logout"), reverse("set_language")}
    for name in ("dashboard:index", "dashboard:xlsx", "dashboard:print"):
        assert client.post(reverse(name)).status_code == 405


def test_department_head_sees_only_their_department(client, dataset, head):
    client.force_login(head)
    rights = dataset["rights"].pk
    response = client.get(reverse("dashboard:index"), {"department": rights, "start": START})
    assert response.status_code == 200
    filters = response.context["dashboard"].filters
    assert filters.department_id == dataset["grassroots"].pk and filters.department_forced
    page = read_page(response)
    assert page.headlines["open"] == "1"  # C, not the rights department's A and F
    assert [row[0] for row in page.tables["by_department"]] == ["1"]
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("dashboard:xlsx"), {"department": rights}).content)
    )
    assert workbook.worksheets[0]["B4"].value == "基层工作部"


def test_department_head_without_a_department_is_refused(client, make_user):
    client.force_login(make_user(Role.DEPARTMENT_HEAD))
    assert client.get(reverse("dashboard:index")).status_code == 403


@pytest.mark.parametrize(
    "query, errors",
    [
        ({"start": "2026-13-45", "end": "yesterday"}, {"start", "end"}),
        ({"start": "2026-11-20", "end": "2026-11-01"}, {"end"}),
        ({"start": "9999-12-31"}, {"start"}),
        ({"district": "abc"}, {"district"}),
        ({"department": "999999"}, {"department"}),
    ],
)
def test_bad_filters_show_the_error_and_the_default_range(client, leader, query, errors):
    client.force_login(leader)
    response = client.get(reverse("dashboard:index"), query)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == errors
    filters = response.context["dashboard"].filters
    today = timezone.localdate()
    assert (filters.start, filters.end) == (today.replace(day=1), today)
    assert (filters.district_id, filters.department_id) == (None, None)
    assert "is-invalid" in response.content.decode()


def test_default_range_is_the_current_month_to_today(client, leader):
    client.force_login(leader)
    response = client.get(reverse("dashboard:index"))
    filters = response.context["dashboard"].filters
    today = timezone.localdate()
    assert (filters.start, filters.end) == (today.replace(day=1), today)
    assert not response.context["form"].errors


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"end": "2026-10-15"}, (date(2026, 10, 1), date(2026, 10, 15))),  # its month up to it
        ({"start": "2026-10-15"}, (date(2026, 10, 15), TODAY)),  # from it up to today
        ({"start": "2026-10-15", "end": "2026-10-15"}, (date(2026, 10, 15), date(2026, 10, 15))),
    ],
)
def test_a_range_given_in_part_is_completed(seeded, query, expected):
    form = DashboardFilterForm(query, today=TODAY)
    filters = form.filters()
    assert not form.errors
    assert (filters.start, filters.end) == expected


def test_hotline_section_appears_when_the_hotline_has_figures(client, leader, monkeypatch):
    monkeypatch.setattr("dashboard.selectors._hotline_figures", lambda **kwargs: dict(HOTLINE))
    client.force_login(leader)
    response = client.get(reverse("dashboard:index"))
    html = response.content.decode()
    page = read_page(response)
    assert 'data-testid="hotline"' in html
    assert page.headlines["external_petitions"] == "2"
    card = re.search(r'data-testid="headline-external_petitions".*?</div>\s*</div>', html, re.S)
    assert "text-danger" in card.group(0)  # above zero: red
    assert page.tables["calls_by_day"] == [["5"], ["7"]]
    assert 'data-testid="chart-calls_by_day"' in html

    workbook = openpyxl.load_workbook(io.BytesIO(client.get(reverse("dashboard:xlsx")).content))
    values = [row[1] for row in workbook.worksheets[-5].iter_rows(min_row=2, values_only=True)]
    assert values[:6] == [12, 0.5, None, 3, 1, 2]


def test_zero_external_petitions_are_not_red(client, leader, monkeypatch):
    monkeypatch.setattr(
        "dashboard.selectors._hotline_figures",
        lambda **kwargs: {**HOTLINE, "external_petitions": 0},
    )
    client.force_login(leader)
    html = client.get(reverse("dashboard:index")).content.decode()
    card = re.search(r'data-testid="headline-external_petitions".*?</div>\s*</div>', html, re.S)
    assert "text-danger" not in card.group(0)


def test_the_hotline_section_shows_the_hotlines_own_figures(client, leader):
    client.force_login(leader)
    response = client.get(reverse("dashboard:index"))
    page = read_page(response)
    assert 'data-testid="hotline"' in response.content.decode()
    assert page.headlines["calls_total"] == "0"
    assert page.headlines["external_petitions"] == "0"


def test_print_view_is_the_dashboard_on_a4_without_navigation(client, dataset, leader):
    client.force_login(leader)
    response = client.get(reverse("dashboard:print"), {"start": START, "end": END})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="main-nav"' not in html and "dashboard.css" in html
    assert read_page(response).headlines["open"] == "3"
    assert 'data-testid="chart-trend"' in html and 'data-testid="table-board"' in html


def test_xlsx_holds_the_same_numbers_as_the_page(client, dataset, leader):
    client.force_login(leader)
    query = {"start": START, "end": END}
    page = read_page(client.get(reverse("dashboard:index"), query))
    response = client.get(reverse("dashboard:xlsx"), query)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "dashboard-20261001-20261118.xlsx" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    # Filters, headline figures, where disputes are resolved, then one sheet per table
    # in the page's order.
    dashboard = figures()
    hotline_sheets = 1 + len(dashboard.hotline_tables)
    assert len(workbook.worksheets) == 3 + len(dashboard.tables) + hotline_sheets
    headline_sheet = workbook.worksheets[1]
    sheet_values = [row[1] for row in headline_sheet.iter_rows(min_row=2, values_only=True)]
    assert sheet_values == [_number(page.headlines[h.key]) for h in dashboard.headlines]
    resolution_sheet = workbook.worksheets[2]
    sheet_values = [row[1] for row in resolution_sheet.iter_rows(min_row=2, values_only=True)]
    assert sheet_values == [_number(page.headlines[h.key]) for h in dashboard.resolution_headlines]
    case_sheets = workbook.worksheets[3 : 3 + len(dashboard.tables)]
    for sheet, (key, table) in zip(case_sheets, dashboard.tables.items(), strict=True):
        labels = len(table.label_headings)
        rows = [
            list(row[labels:])
            for row in sheet.iter_rows(min_row=2, max_row=1 + len(table.rows), values_only=True)
        ]
        expected = [[_number(value) for value in row] for row in page.tables[key]]
        assert rows == expected, key
    # Numbers are numbers: they add up in the spreadsheet.
    assert isinstance(headline_sheet["B2"].value, int)
    assert headline_sheet["B2"].number_format == "#,##0"


def _number(text: str):
    """A page's data-value as the spreadsheet holds it ("" is an empty cell)."""
    if text == "":
        return None
    if re.fullmatch(r"\d{4}-\d\d-\d\d", text):
        return datetime.fromisoformat(text)
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    try:
        return pytest.approx(float(text))
    except ValueError:
        return text


# --- Cost -------------------------------------------------------------------------------------


def _queries(client, name: str = "dashboard:index") -> int:
    from django.core.cache import cache

    rollups_refresh()  # as beat does every minute
    cache.clear()  # the page is cached for a minute; count its computation
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(name), {"start": START, "end": END}).status_code == 200
    return len(captured)


def _more_cases(make_user, count: int) -> None:
    build = Builder(make_user(Role.MEDIATOR, "rights"))
    for number in range(count):
        day = date(2026, 10, 1 + number % 28)
        case = build.file(at(day), district=["霞山区", "赤坎区", "吴川市"][number % 3],
                          workers=1 + number % 12, recovered=str(number))  # fmt: skip
        build.move(case, "accept_mediation", at(day, 11))
        if number % 2:
            build.move(case, "mediation_failed", at(day, 12))
            build.move(case, "close", at(day, 13), outcome="withdrawn")
        else:
            EarlyWarning.objects.get_or_create(case=case, reason=EarlyWarning.Reason.MASS_INCIDENT)
    Deadline.objects.filter(met_at__isnull=True).update(state=Deadline.State.OVERDUE)
    case_summary_refresh(case_ids=Case.objects.values("pk"))


def test_queries_do_not_grow_with_the_data(client, make_user, leader):
    client.force_login(leader)
    _more_cases(make_user, 3)
    few = _queries(client)
    _more_cases(make_user, 30)
    assert _queries(client) == few
    assert _queries(client, "dashboard:xlsx") < few  # no form, no navigation to render


def test_bringing_the_figures_up_to_date_costs_the_same_statements_for_more_cases(make_user):
    """The refresh and the rebuild are set-wise: their statements do not grow with the
    cases changed or kept."""

    def statements(run) -> int:
        with CaptureQueriesContext(connection) as captured:
            run()
        return len(captured)

    _more_cases(make_user, 3)
    rollups_rebuild()
    _more_cases(make_user, 3)
    refresh = statements(rollups_refresh)
    _more_cases(make_user, 30)  # spread over 28 days
    assert statements(rollups_refresh) == refresh
    rebuild = statements(rollups_rebuild)
    _more_cases(make_user, 30)
    rollups_refresh()
    assert statements(rollups_rebuild) == rebuild


def test_figures_are_cached_for_a_minute(client, dataset, leader, make_user):
    client.force_login(leader)
    query = {"start": START, "end": END}
    assert read_page(client.get(reverse("dashboard:index"), query)).headlines["open"] == "3"
    Builder(make_user(Role.MEDIATOR, "rights")).file(at(END))
    with CaptureQueriesContext(connection) as cached:
        page = read_page(client.get(reverse("dashboard:index"), query))
    assert page.headlines["open"] == "3"  # the cached figures, computed a moment ago
    assert not any("cases_case" in query["sql"] for query in cached.captured_queries)
    from django.core.cache import cache

    cache.clear()
    rollups_refresh()  # beat, within the minute
    assert read_page(client.get(reverse("dashboard:index"), query)).headlines["open"] == "4"


def test_the_figures_are_brought_up_to_date_every_minute_in_the_background(
    client, make_user, leader
):
    """Beat refreshes the figures every minute (and rebuilds them at night); the page
    reads them, not the cases, and shows what was filed once the refresh has run."""
    from django.conf import settings
    from django.core.cache import cache

    from dashboard.tasks import dashboard_rollups_rebuild, dashboard_rollups_refresh

    entry = settings.CELERY_BEAT_SCHEDULE["dashboard-rollups-refresh"]
    assert entry["task"] == dashboard_rollups_refresh.name and entry["schedule"] == 60
    nightly = settings.CELERY_BEAT_SCHEDULE["dashboard-rollups-rebuild"]
    assert nightly["task"] == dashboard_rollups_rebuild.name
    client.force_login(leader)
    builder = Builder(make_user(Role.MEDIATOR, "rights"))
    builder.file(timezone.now())
    assert dashboard_rollups_refresh.delay().get()
    for language in ("zh-hans", "en"):
        with CaptureQueriesContext(connection) as served:
            page = read_page(client.get(reverse("dashboard:index"), HTTP_ACCEPT_LANGUAGE=language))
        assert page.headlines["open"] == "1"
        assert not any("cases_case" in query["sql"] for query in served.captured_queries)
    builder.file(timezone.now())
    cache.clear()
    assert read_page(client.get(reverse("dashboard:index"))).headlines["open"] == "1"
    dashboard_rollups_refresh.delay().get()
    cache.clear()
    assert read_page(client.get(reverse("dashboard:index"))).headlines["open"] == "2"


def test_every_exact_link_lists_as_many_cases_as_its_figure(client, dataset, leader):
    """Each count whose link the workbench filters exactly, followed as the leader who
    reads the dashboard: the list holds that many cases."""
    client.force_login(leader)
    dashboard = figures()
    counts = [headline.figure for headline in dashboard.headlines] + [
        cell for table in dashboard.tables.values() for row in table.rows for cell in row.cells
    ]
    checked = []
    for figure in counts:
        if figure.kind != "count" or figure.link is None or figure.link.note:
            continue
        response = client.get(figure.link.url)
        assert response.status_code == 200, figure.link.url
        checked.append((figure.link.url, figure.value, response.context["total"]))
    wrong = [entry for entry in checked if entry[1] != entry[2]]
    assert not wrong, wrong
    assert len(checked) > 30
