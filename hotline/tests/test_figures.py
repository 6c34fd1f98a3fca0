"""External petitions (对外信访), and every figure of `hotline_figures` against a data
set built by hand."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _

from cases.models import Case, DisputeCategory
from hotline import selectors, services
from hotline.models import Call, ExternalPetition, FollowUp
from hotline.tests.form_data import local
from zhanjiang_union.accounts.models import Department
from zhanjiang_union.accounts.roles import Role

START, END = date(2026, 10, 1), date(2026, 10, 31)


def test_an_external_petition_is_recorded_and_listed(client, operator, make_case):
    case = make_case()
    client.force_login(operator)
    response = client.post(
        reverse("hotline:external_new"),
        {
            "petitioned_on": "2026-11-02",
            "level": "provincial",
            "employer_name": "湛江某某电子有限公司",
            "people_count": "12",
            "case": case.number,
            "note": "到省信访局反映欠薪",
        },
    )
    assert response.status_code == 302
    petition = ExternalPetition.objects.get()
    assert petition.case == case and petition.department == case.department
    assert petition.people_count == 12 and petition.recorded_by == operator
    html = client.get(reverse("hotline:external")).content.decode()
    assert html.count('data-testid="external-row"') == 1 and case.number in html
    assert case.events.filter(action="hotline.external_petition.recorded").exists()


def test_an_external_petition_in_the_future_or_for_no_one_is_refused(client, operator):
    client.force_login(operator)
    typed = {
        "petitioned_on": "2099-01-01",
        "level": "national",
        "employer_name": "湛江某某电子有限公司",
        "people_count": "0",
        "case": "不存在的案号",
        "note": "",
    }
    response = client.post(reverse("hotline:external_new"), typed)
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"petitioned_on", "people_count", "case"}
    assert 'value="不存在的案号"' in response.content.decode()
    assert not ExternalPetition.objects.exists()


@pytest.fixture
def data_set(operator, make_case, make_call):
    """October 2026, by hand. Outside it: a call a minute before and one at midnight
    after (by Shanghai time), a visit after, a petition before, a case after."""
    pay = DisputeCategory.objects.get(code="pay")
    contract = DisputeCategory.objects.get(code="contract")
    dismissal = DisputeCategory.objects.get(code="dismissal")
    rights = Department.objects.get(code="rights")
    cases = [make_case(employer_name=f"湛江第{index}厂") for index in range(4)]
    for case, day in zip(cases, (2, 9, 20, 31), strict=True):
        Case.objects.filter(pk=case.pk).update(created_at=local(2026, 10, day, 15, 0))
    make_case(employer_name="湛江十一月厂")  # filed now, in November

    Outcome = Call.Outcome
    make_call(received_at=local(2026, 10, 5, 10, 0), category=pay)  # resolved on the call
    make_call(received_at=local(2026, 10, 5, 23, 30))  # resolved, a consultation
    on_time = make_call(
        received_at=local(2026, 10, 12, 9, 0), category=pay, outcome=Outcome.CALLBACK
    )
    late = make_call(
        received_at=local(2026, 10, 12, 9, 30), category=contract, outcome=Outcome.CALLBACK
    )
    Call.objects.filter(pk=on_time.pk).update(callback_done_at=local(2026, 10, 13, 17, 0))
    Call.objects.filter(pk=late.pk).update(callback_done_at=local(2026, 10, 15, 9, 0))
    make_call(received_at=local(2026, 10, 20, 8, 0), outcome=Outcome.REFERRED, referred_to=rights)
    became_case = make_call(received_at=local(2026, 10, 31, 23, 59), category=dismissal)
    services.call_link_case(call=became_case, case=cases[3], actor=operator)
    make_call(received_at=local(2026, 9, 30, 23, 59))
    make_call(received_at=local(2026, 11, 1, 0, 0))

    services.visit_record(
        actor=operator, visited_at=local(2026, 10, 3, 9, 0), visitor_count=3, demands="欠薪"
    )
    services.visit_record(
        actor=operator,
        visited_at=local(2026, 10, 10, 9, 0),
        visitor_count=6,
        demands="集体欠薪",
        representatives=[services.RepresentativeInput("代表甲", "13900139000")],
    )
    services.visit_record(
        actor=operator, visited_at=local(2026, 11, 1, 0, 30), visitor_count=2, demands="欠薪"
    )

    # Satisfaction: a follow-up call and a worker's own rating in October, a call after.
    for case, result, source, at in (
        (cases[0], "satisfied", FollowUp.Source.CALL, local(2026, 10, 16, 10, 0)),
        (cases[1], "dissatisfied", FollowUp.Source.WORKER, local(2026, 10, 31, 23, 0)),
        (cases[2], "satisfied", FollowUp.Source.CALL, local(2026, 11, 1, 0, 5)),
    ):
        follow_up = FollowUp.objects.create(
            case=case, result=result, source=source, by=operator if source == "call" else None
        )
        FollowUp.objects.filter(pk=follow_up.pk).update(at=at)

    for day, level, case in (
        (date(2026, 10, 15), "city", cases[0]),
        (date(2026, 10, 31), "provincial", None),
        (date(2026, 9, 30), "national", None),
    ):
        services.external_petition_record(
            actor=operator,
            petitioned_on=day,
            level=level,
            employer_name="湛江某某厂",
            people_count=3,
            case=case,
        )


def test_every_figure_against_the_hand_built_data_set(data_set):
    figures = selectors.hotline_figures(start=START, end=END)

    by_day = dict(figures["calls_by_day"])
    assert len(figures["calls_by_day"]) == 31
    assert [day for day, _count in figures["calls_by_day"]][:2] == [
        date(2026, 10, 1),
        date(2026, 10, 2),
    ]
    assert {day: count for day, count in by_day.items() if count} == {
        date(2026, 10, 5): 2,
        date(2026, 10, 12): 2,
        date(2026, 10, 20): 1,
        date(2026, 10, 31): 1,
    }
    counts = {"contract": 1, "dismissal": 1, "pay": 2}
    categories = [
        (category.name, counts.get(category.code, 0))
        for category in DisputeCategory.objects.order_by("order", "id")
    ]
    assert figures == {
        "calls_total": 6,
        "calls_by_day": figures["calls_by_day"],  # checked above
        "calls_by_week": [
            (date(2026, 9, 28), 0),  # the week of 1 October starts on Monday 28 September
            (date(2026, 10, 5), 2),
            (date(2026, 10, 12), 2),
            (date(2026, 10, 19), 1),
            (date(2026, 10, 26), 1),
        ],
        "calls_by_month": [(date(2026, 10, 1), 6)],
        "calls_by_category": [*categories, (_("Consultation only"), 2)],
        "calls_by_outcome": [
            (str(Call.Outcome.ADVICE.label), 2),
            (str(Call.Outcome.CASE.label), 1),
            (str(Call.Outcome.REFERRED.label), 1),
            (str(Call.Outcome.CALLBACK.label), 2),
        ],
        "resolved_on_call_rate": pytest.approx(2 / 6),
        "callbacks_total": 2,
        "callbacks_on_time": 1,
        "callbacks_on_time_rate": 0.5,
        "visits_total": 2,
        "group_visits": 1,
        "external_petitions": 2,
        "cases_filed": 4,
        "external_petitions_per_100_cases": 50.0,
        "resolved_inside_rate": pytest.approx(1 - 2 / 6),
        "follow_ups_total": 2,
        "satisfaction_rate": 0.5,
        "follow_ups_by_result": [
            (str(FollowUp.Result.SATISFIED.label), 1),
            (str(FollowUp.Result.FAIRLY_SATISFIED.label), 0),
            (str(FollowUp.Result.DISSATISFIED.label), 1),
        ],
    }


def test_figures_of_one_department(data_set):
    rights = Department.objects.get(code="rights")
    figures = selectors.hotline_figures(start=START, end=END, department=rights)
    assert figures["calls_total"] == 0 and figures["visits_total"] == 0
    assert figures["cases_filed"] == 4 and figures["external_petitions"] == 1
    assert figures["external_petitions_per_100_cases"] == 25.0
    assert figures["resolved_inside_rate"] == 0.75
    assert figures["resolved_on_call_rate"] is None and figures["callbacks_on_time_rate"] is None

    centre = Department.objects.get(code="service-centre")
    figures = selectors.hotline_figures(start=START, end=END, department=centre.pk)
    assert figures["calls_total"] == 6 and figures["visits_total"] == 2
    assert figures["cases_filed"] == 0 and figures["external_petitions_per_100_cases"] is None
    assert figures["resolved_inside_rate"] == 1.0


def test_an_empty_period_has_no_rates(seeded):
    figures = selectors.hotline_figures(start=date(2020, 1, 1), end=date(2020, 1, 7))
    assert figures["calls_total"] == 0
    assert all(count == 0 for _day, count in figures["calls_by_day"])
    for key in (
        "resolved_on_call_rate",
        "callbacks_on_time_rate",
        "external_petitions_per_100_cases",
        "resolved_inside_rate",
    ):
        assert figures[key] is None, key


def test_figures_take_a_fixed_number_of_queries(data_set, make_call):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            selectors.hotline_figures(start=START, end=END)
        return len(captured)

    few = queries()
    for day in range(1, 29):
        make_call(received_at=local(2026, 10, day, 11, 0), outcome=Call.Outcome.CALLBACK)
    assert queries() == few <= 12


def test_leadership_reads_figures_not_the_desk(client, users):
    client.force_login(users[Role.LEADERSHIP])
    assert client.get(reverse("hotline:desk")).status_code == 403


@pytest.mark.parametrize("department", [None, "rights"])
def test_the_dashboard_gets_the_same_figures_from_its_kept_counts(data_set, make_call, department):
    """The leadership dashboard reads the calls from counts kept per day (refreshed every
    minute): the same figures as the calls themselves, before and after a call is
    logged, the days by Shanghai time included."""
    from dashboard.rollups import rollups_rebuild, rollups_refresh
    from dashboard.selectors import _hotline_figures

    department_id = Department.objects.get(code=department).pk if department else None
    rollups_rebuild()
    kept = _hotline_figures(start=START, end=END, department_id=department_id)
    assert kept == selectors.hotline_figures(start=START, end=END, department=department_id)
    make_call(received_at=local(2026, 10, 31, 23, 59), outcome=Call.Outcome.CALLBACK)
    rollups_refresh()
    kept = _hotline_figures(start=START, end=END, department_id=department_id)
    assert kept == selectors.hotline_figures(start=START, end=END, department=department_id)
    if department is None:  # the new call counts on 31 October, Shanghai time
        assert kept["calls_by_day"][-1][1] >= 1
