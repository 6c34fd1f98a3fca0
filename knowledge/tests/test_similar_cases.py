"""Similar closed cases beside a case, for staff: of its category, ranked by the words
of the facts (the knowledge search) and then by the employer's industry and the claim;
figures only, never another worker's name, number or words."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.models import Case, DisputeCategory, Industry
from knowledge import search
from knowledge.models import SearchDocument
from zhanjiang_union.accounts.models import Department
from zhanjiang_union.accounts.roles import Role

pytestmark = pytest.mark.django_db


def _closed(make_case, *, name, phone, department="rights", **fields):
    case = make_case(
        complainants=[case_services.ComplainantInput(name=name, id_number="", phone=phone)],
        **fields,
    )
    Case.objects.filter(pk=case.pk).update(
        status="closed",
        closed_at=timezone.now(),
        outcome="agreement_performed",
        amount_recovered=Decimal("9000"),
        department=Department.objects.get(code=department),
    )
    return Case.objects.get(pk=case.pk)


def _panel(client, case) -> str:
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    return page.split('data-testid="case-knowledge"')[1].split("</section>")[0]


@pytest.fixture
def cases(make_case):
    overtime = "厨师每天工作十二小时，单位一直不给加班费。"
    return {
        "best": _closed(
            make_case, name="王小明", phone="13911112222", facts=overtime,
            industry=Industry.HOSPITALITY, amount_claimed=Decimal("10000"),
        ),
        "other_industry": _closed(
            make_case, name="李大华", phone="13933334444", facts=overtime,
            amount_claimed=Decimal("300000"),
        ),
        "other_department": _closed(
            make_case, name="赵四", phone="13955556666", facts="加班费不给，每天工作十二小时。",
            industry=Industry.HOSPITALITY, department="grassroots",
        ),
        "other_category": _closed(
            make_case, name="孙五", phone="13977778888", facts="每天工作十二小时，加班费不给。",
            category=DisputeCategory.objects.exclude(code="pay").first(),
        ),
        "unrelated": _closed(
            make_case, name="周六", phone="13900001111", facts="社保断缴。", demand="补缴社会保险。",
        ),
    }  # fmt: skip


def test_a_mediator_sees_similar_closed_cases_without_other_workers_data(
    client, make_case, cases, role_users
):
    assert search.closed_cases_index() == 5
    case = make_case(
        facts="我在饭店做厨师，老板不给加班费。", demand="支付加班工资。",
        industry=Industry.HOSPITALITY, amount_claimed=Decimal("12000"),
    )  # fmt: skip
    client.force_login(role_users[Role.MEDIATOR])
    panel = _panel(client, case)
    similar = panel.split('data-testid="similar-cases"')[1].split("</ul>")[0]
    numbers = [c.number for c in cases.values() if c.number in similar]
    # Same category only; the same industry and a like claim first.
    assert cases["other_category"].number not in similar
    assert cases["unrelated"].number not in similar
    assert numbers.index(cases["best"].number) < numbers.index(cases["other_industry"].number)
    assert reverse("cases:detail", args=[cases["best"].pk]) in similar
    # Another department's case: its figures, no link to a page the mediator cannot open.
    assert cases["other_department"].number in similar
    assert reverse("cases:detail", args=[cases["other_department"].pk]) not in similar
    assert "9000" in similar
    for other in cases.values():
        for person in other.complainants.all():
            assert person.name not in panel and person.phone not in panel
        assert other.facts not in panel


def test_the_public_search_never_finds_a_closed_case(client, cases, corpus):
    search.closed_cases_index()
    assert SearchDocument.objects.filter(kind="closed_case").count() == 5
    page = client.get(reverse("knowledge:search"), {"q": "厨师 加班费"}).content.decode()
    for other in cases.values():
        assert other.number not in page


def test_a_case_past_retention_leaves_the_index(cases):
    from cases.retention import case_deidentify

    search.closed_cases_index()
    case_deidentify(case=cases["best"])
    assert not SearchDocument.objects.filter(
        kind="closed_case", object_id=cases["best"].pk
    ).exists()
    assert search.closed_cases_index() == 0  # not indexed again


def test_the_panel_query_count_does_not_grow_with_the_closed_cases(
    client, make_case, cases, role_users
):
    case = make_case(facts="厨师，加班费不给。")
    client.force_login(role_users[Role.MEDIATOR])
    url = reverse("cases:detail", args=[case.pk])

    def count():
        search.closed_cases_index()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    for n in range(40):
        _closed(make_case, name=f"员工{n}", phone=f"139{n:08d}", facts="厨师加班费不给。")
    assert count() == few
    similar = _panel(client, case).split('data-testid="similar-cases"')[1].split("</ul>")[0]
    assert similar.count("<li>") == 5  # bounded


def test_the_reindex_command_fills_the_similar_cases_index(cases):
    from django.core.management import call_command

    call_command("knowledge_reindex", "--closed-cases")
    assert SearchDocument.objects.filter(kind="closed_case").count() == 5
