"""The desk and the lists make a fixed number of queries, however much there is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.models import DisputeCategory
from hotline import services
from hotline.models import Call
from zhanjiang_union.accounts.models import Department
from zhanjiang_union.testing import VALID_ID, VALID_PHONE


def count_queries(client, url, params=None) -> int:
    from django.core.cache import cache

    cache.clear()  # counts kept for a minute (the follow-ups'): count their computation
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


@pytest.fixture
def add_records(operator, users, make_call, make_case):
    """add_records(n): n of each kind: calls of every outcome (some with cases),
    callbacks, visits with representatives, external petitions, closed cases."""
    from zhanjiang_union.accounts.roles import Role

    pay = DisputeCategory.objects.get(code="pay")
    rights = Department.objects.get(code="rights")

    def add(count: int) -> None:
        for index in range(count):
            person = case_services.ComplainantInput(
                name=f"工人{index}", id_number=VALID_ID, phone=VALID_PHONE
            )
            case = make_case(complainants=[person], employer_name=f"湛江第{index}厂")
            call = make_call(category=pay if index % 2 else None, summary=f"第{index}次来电")
            services.call_link_case(call=call, case=case, actor=operator)
            make_call(outcome=Call.Outcome.CALLBACK)
            make_call(outcome=Call.Outcome.REFERRED, referred_to=rights)
            services.visit_record(
                actor=operator,
                visited_at=timezone.now(),
                visitor_count=6,
                demands="集体欠薪",
                representatives=[
                    services.RepresentativeInput(f"代表{index}", "13900139000"),
                    services.RepresentativeInput(f"代表{index}乙", "0759-3123456"),
                ],
                case=case,
            )
            services.external_petition_record(
                actor=operator,
                petitioned_on=timezone.localdate(),
                level="city",
                employer_name=f"湛江第{index}厂",
                case=case,
            )
            closed = make_case(complainants=[person], employer_name=f"湛江已结{index}厂")
            case_services.case_transition(
                case=closed,
                action="close",
                actor=users[Role.MEDIATOR],
                expected_version=closed.version,
                outcome="withdrawn",
            )

    return add


@pytest.mark.parametrize(
    "name, params",
    [
        ("hotline:desk", None),
        ("hotline:desk", {"phone": VALID_PHONE}),
        ("hotline:calls", None),
        ("hotline:callbacks", None),
        ("hotline:followups", None),
        ("hotline:visits", None),
        ("hotline:external", None),
    ],
)
def test_list_query_count_does_not_grow(client, operator, add_records, name, params):
    client.force_login(operator)
    url = reverse(name)
    if params and "phone" in params:
        # A caller looked up: posted, then shown under an opaque search id.
        url = client.post(reverse("hotline:caller"), params)["Location"]
        params = None
    add_records(1)
    few = count_queries(client, url, params)
    add_records(12)
    assert count_queries(client, url, params) == few


def test_case_page_query_count_does_not_grow_with_its_calls(client, users, add_records, make_call):
    from cases.models import Case
    from zhanjiang_union.accounts.roles import Role

    add_records(1)
    case = Case.objects.filter(hotline_calls__isnull=False).first()
    client.force_login(users[Role.MEDIATOR])
    url = reverse("cases:detail", args=[case.pk])
    few = count_queries(client, url)
    for _ in range(5):
        services.call_link_case(call=make_call(), case=case, actor=users[Role.HOTLINE_OPERATOR])
    assert count_queries(client, url) == few
