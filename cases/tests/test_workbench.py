"""The staff workbench and the related complaints on a case page: finding a case by what
the worker said (phone, name, employer, number), the filters the dashboard's links use,
and the other open complaints against the same employer."""

import pytest

from zhanjiang_union.accounts.roles import Role


def test_related_open_cases_found_by_normalised_employer_name(make_case, role_users):
    from cases.selectors import case_related_open

    first = make_case(employer_name="湛江某某电子有限公司")
    second = make_case(employer_name=" 湛江某某电子 有限公司 ")
    make_case(employer_name="另一家公司")
    assert list(case_related_open(case=second, user=role_users["mediator"])) == [first]


def test_staff_see_related_complaints_and_merge_them(client, make_case, role_users):
    from django.urls import reverse

    first = make_case(workers_involved=5)
    second = make_case(employer_name="湛江某某电子有限公司", workers_involved=6)
    client.force_login(role_users[Role.MEDIATOR])
    page = client.get(reverse("cases:detail", args=[second.pk])).content.decode()
    assert first.number in page.split('data-testid="related-cases"')[1]
    client.post(
        reverse("cases:related", args=[second.pk]),
        {"version": second.version, "cases": [first.pk], "merge": "1"},
    )
    second.refresh_from_db()
    first.refresh_from_db()
    assert first.merged_into == second and second.is_collective
    assert second.complainants.count() == 2


@pytest.mark.parametrize(
    "term, finds",
    [
        ("13800138000", True),
        ("138 0013 8000", True),
        ("张三", True),
        ("某某电子", True),
        ("13900000000", False),
    ],
)
def test_workbench_search_by_phone_name_employer_or_number(
    client, make_case, role_users, term, finds
):
    from django.urls import reverse

    case = make_case()
    client.force_login(role_users[Role.MEDIATOR])
    url = reverse("cases:workbench")
    page = client.post(url, {"q": term}, follow=True).content.decode()
    assert (case.number in page) is finds
    assert case.number in client.post(url, {"q": case.number[-8:]}, follow=True).content.decode()


def test_workbench_filters_the_dashboard_links_use(client, make_case, role_users):
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone

    from cases.models import Case

    old, new = make_case(), make_case(workers_involved=12, industry="E")
    Case.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    client.force_login(role_users[Role.LEADERSHIP])
    url = reverse("cases:workbench")
    today = timezone.localdate().isoformat()

    def listed(**params):
        page = client.get(url, params).content.decode()
        return {case.number for case in (old, new) if case.number in page}

    assert listed(created_from=today, created_to=today) == {new.number}
    assert listed(industry="E") == {new.number}
    assert listed(warning="1") == {new.number}  # collective: an open early warning
    assert listed(department=old.department_id) == {old.number, new.number}
    assert listed(created_to=(timezone.localdate() - timedelta(days=30)).isoformat()) == {
        old.number
    }
    assert client.get(url, {"created_from": "not-a-date"}).status_code == 200


def test_the_workbench_counts_its_list_only_so_far(client, make_case, role_users, monkeypatch):
    """Past the cap the count says "more than" and pages that far: a city head may read
    most of a million cases, and counting them all would cost more than the page."""
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from cases import views

    monkeypatch.setattr(views, "WORKBENCH_COUNT_CAP", 4)
    client.force_login(role_users[Role.DEPARTMENT_HEAD])

    def result_count() -> str:
        page = client.get(reverse("cases:workbench")).content.decode()
        return re.sub(r"\s+", " ", page.split('data-testid="result-count">')[1].split("<")[0])

    for _ in range(3):
        make_case()
    assert result_count() == "共3件案件"
    for _ in range(4):
        make_case()
    assert result_count() == "超过4件案件：缩小筛选范围可查看确切数目"
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("cases:workbench"))
    counts = [
        q["sql"]
        for q in queries
        if q["sql"].startswith("SELECT COUNT(*)") and '"cases_case"' in q["sql"]
    ]
    assert len(counts) == 1 and "LIMIT 5" in counts[0]
    # Seven cases, but the list pages as far as it counted: five, one page of 25.
    english = client.get(reverse("cases:workbench"), HTTP_ACCEPT_LANGUAGE="en")
    assert "More than 4 cases" in english.content.decode()
