"""List pages make a fixed number of queries, however many cases there are."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhanjiang_union.accounts.roles import Role


def count_queries(client, url) -> int:
    cache.clear()  # count what an uncached page costs
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_workbench_query_count_does_not_grow(client, make_case, role_users):
    client.force_login(role_users[Role.LEADERSHIP])
    url = reverse("cases:workbench")
    make_case()
    few = count_queries(client, url)
    for index in range(15):
        make_case(employer_name=f"湛江第{index}厂", workers_involved=index + 1)
    assert count_queries(client, url) == few


def test_case_page_query_count_does_not_grow_with_its_timeline(client, make_case, role_users):
    from cases import services

    mediator = role_users[Role.MEDIATOR]
    case = make_case()
    client.force_login(mediator)
    url = reverse("cases:detail", args=[case.pk])
    few = count_queries(client, url)
    for index in range(10):
        services.note_add(case=case, actor=mediator, text=f"第{index}条备注")
    assert count_queries(client, url) == few
