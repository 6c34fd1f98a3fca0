"""Reading a department's cases: the workbench's filters, cursor pagination, masked
personal data, and query counts that do not grow with the rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.models import Scope
from cases import services
from zhanjiang_union.accounts.models import Department
from zhanjiang_union.testing import VALID_ID, VALID_PHONE


def test_the_list_shows_the_departments_cases_masked(make_api_client, make_case):
    _client, http = make_api_client([Scope.READ_CASES], "rights")
    mine = make_case()
    elsewhere = make_case()
    elsewhere.department = Department.objects.get(code="service-centre")
    elsewhere.save()
    response = http.get("/api/v1/cases")
    assert response.status_code == 200, response.content
    body = response.json()
    assert [row["number"] for row in body["results"]] == [mine.number]
    person = body["results"][0]["complainants"][0]
    assert person["phone"] != VALID_PHONE and person["phone"].startswith("138")
    assert person["id_number"] != VALID_ID and "*" in person["id_number"]
    text = response.content.decode()
    assert VALID_PHONE not in text and VALID_ID not in text


def test_filters_are_the_workbenchs(make_api_client, make_case):
    _client, http = make_api_client([Scope.READ_CASES], "rights")
    collective = make_case(workers_involved=12)
    single = make_case()
    numbers = lambda response: [row["number"] for row in response.json()["results"]]  # noqa: E731
    assert numbers(http.get("/api/v1/cases", {"collective": "true"})) == [collective.number]
    assert numbers(http.get("/api/v1/cases", {"collective": "false"})) == [single.number]
    assert numbers(http.get("/api/v1/cases", {"district": "chikan"})) == []
    assert len(numbers(http.get("/api/v1/cases", {"district": "xiashan"}))) == 2
    assert numbers(http.get("/api/v1/cases", {"q": single.number})) == [single.number]
    refused = http.get("/api/v1/cases", {"stage": "nowhere", "colour": "red"})
    assert refused.status_code == 400
    assert {row["field"] for row in refused.json()["errors"]} == {"stage", "colour"}


def test_cursor_pagination_walks_every_case_once(make_api_client, make_case):
    _client, http = make_api_client([Scope.READ_CASES], "rights")
    filed = {make_case().number for _ in range(5)}
    seen, url = [], "/api/v1/cases?page_size=2"
    while url:
        page = http.get(url).json()
        seen += [row["number"] for row in page["results"]]
        url = page["next"]
    assert sorted(seen) == sorted(filed) and len(seen) == 5


def test_the_list_and_the_case_cost_the_same_queries_with_more_rows(make_api_client, make_case):
    _client, http = make_api_client([Scope.READ_CASES], "rights")

    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            assert http.get(path).status_code == 200
        return len(captured)

    first = make_case()
    http.get("/api/v1/cases")  # the client's "last used" is written once a minute
    few_list = queries("/api/v1/cases")
    few_case = queries(f"/api/v1/cases/{first.number}")
    for _ in range(12):
        case = make_case(
            complainants=[
                services.ComplainantInput(name="李四", id_number=VALID_ID, phone=VALID_PHONE),
                services.ComplainantInput(name="王五", id_number=VALID_ID, phone="13900139000"),
            ]
        )
        services.note_add(case=case, actor=None, text="备注")
    assert queries("/api/v1/cases") == few_list
    assert queries(f"/api/v1/cases/{case.number}") == few_case


def test_a_case_of_another_department_is_not_found(make_api_client, make_case):
    _client, http = make_api_client([Scope.READ_CASES], "service-centre")
    case = make_case()
    response = http.get(f"/api/v1/cases/{case.number}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_the_case_shows_its_public_timeline(make_api_client, make_case):
    _client, http = make_api_client([Scope.READ_CASES], "rights")
    case = make_case()
    services.note_add(case=case, actor=None, text="内部备注")
    body = http.get(f"/api/v1/cases/{case.number}").json()
    assert body["facts"] == "工资未发放。"
    assert [line["text"] for line in body["timeline"]] == ["投诉已登记"]


@pytest.mark.postgres
def test_a_district_and_category_that_match_nothing_are_answered_from_the_index(
    make_api_client, make_case
):
    """At a million cases, newest-first over a filter that matches nothing walked the
    primary key backwards through every row of the department (docs/benchmarks.md):
    the department, district and category index answers it."""
    from cases.models import Case

    _client, http = make_api_client([Scope.READ_CASES], "rights")
    make_case()
    # Twenty thousand copies of the case in its department: half in 赤坎区 over wage
    # arrears' neighbour category, half in 霞山区 over wage arrears. Each value is
    # common, and 赤坎区 with wage arrears matches nothing, as in the benchmark.
    from cases.models import DisputeCategory, District

    chikan = District.objects.get(code="chikan").pk
    xiashan = District.objects.get(code="xiashan").pk
    pay = DisputeCategory.objects.get(code="pay").pk
    other = DisputeCategory.objects.exclude(code="pay").first().pk
    unique = ("id", "number", "sequence", "district_id", "category_id")
    columns = [f.column for f in Case._meta.concrete_fields if f.column not in unique]
    listed = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO cases_case (number, sequence, district_id, category_id, "  # noqa: S608
            f"{listed}) SELECT number || '-' || g, sequence + g, "
            "CASE WHEN g %% 2 = 0 THEN %s ELSE %s END, CASE WHEN g %% 2 = 0 THEN %s ELSE %s END, "
            f"{listed} FROM cases_case, generate_series(1, 20000) g",
            [chikan, xiashan, other, pay],
        )
        cursor.execute("ANALYZE cases_case")
    with CaptureQueriesContext(connection) as captured:
        response = http.get("/api/v1/cases", {"district": "chikan", "category": "pay"})
    assert response.status_code == 200 and response.json()["results"] == []
    (listing,) = [q["sql"] for q in captured if 'FROM "cases_case"' in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + listing)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "case_dept_district_category" in plan, plan
    assert "Seq Scan on cases_case" not in plan and "cases_case_pkey" not in plan, plan
