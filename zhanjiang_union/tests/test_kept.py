"""The tables a filing reads, kept per process (zhanjiang_union/kept.py): read once, and
never served after an administrator's edit, in this process or another, nor after an
edit that was rolled back. Transactional tests: keeping is about what was committed."""

import re
from datetime import date
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Case, District, RoutingRule
from zhanjiang_union import kept
from zhanjiang_union.organisations.models import Organisation
from zhanjiang_union.workdays.models import CalendarDay

URL = reverse("cases:complaint_new")
KEPT_TABLES = (
    "cases_district",
    "cases_disputecategory",
    "cases_routingrule",
    "cases_deadlinerule",
    "accounts_department",
    "organisations_organisation",
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def keeping(settings):
    settings.KEPT_TABLES = True  # what production runs with; the test settings turn it off


def _file(client, data) -> tuple[Case, list[str]]:
    client.cookies.clear()
    page = client.get(URL).content.decode()
    key = re.search(r'name="submission_key" value="([^"]+)"', page).group(1)
    with CaptureQueriesContext(connection) as filed:
        response = client.post(URL, {**data, "submission_key": key})
    assert response.status_code == 302, response.content.decode()[:500]
    return Case.objects.order_by("-pk").first(), [q["sql"] for q in filed.captured_queries]


def _reads(statements: list[str]) -> set[str]:
    return {table for table in KEPT_TABLES for sql in statements if f'FROM "{table}"' in sql}


def test_a_second_filing_reads_none_of_the_kept_tables(client, complaint_data):
    _first, statements = _file(client, complaint_data)
    assert _reads(statements)  # the first filing of this process reads them
    case, statements = _file(client, complaint_data)
    assert _reads(statements) == set()
    assert case.district.name == "霞山区" and case.department.code == "rights"
    assert case.deadlines.get().rule.key == "triage" and case.next_due_on is not None


def test_a_district_renamed_shows_on_the_next_visit(client, complaint_data):
    _file(client, complaint_data)
    district = District.objects.get(pk=complaint_data["district"])
    district.name = "霞山区（新）"
    district.save()  # as the admin saves it
    assert "霞山区（新）" in client.get(URL).content.decode()
    case, statements = _file(client, complaint_data)
    assert case.district.name == "霞山区（新）"


def test_a_routing_rule_added_routes_the_next_complaint(client, complaint_data):
    before, _statements = _file(client, complaint_data)
    county = Organisation.objects.filter(depth=2).order_by("pk").first()
    assert before.organisation_id != county.pk
    RoutingRule.objects.create(district_id=complaint_data["district"], organisation=county)
    after, _statements = _file(client, complaint_data)
    assert after.organisation_id == county.pk


def test_another_processs_edit_is_seen_from_the_next_request(client, complaint_data):
    _file(client, complaint_data)
    # Written by another process: no signal here, only the token it announces.
    District.objects.filter(pk=complaint_data["district"]).update(name="霞山区（另一进程）")
    assert "霞山区（另一进程）" not in client.get(URL).content.decode()  # kept
    cache.set(kept.VERSION_KEY, "another process's token", timeout=None)
    assert "霞山区（另一进程）" in client.get(URL).content.decode()


def test_an_edit_rolled_back_is_not_kept(client, complaint_data):
    _file(client, complaint_data)
    with pytest.raises(RuntimeError), transaction.atomic():
        district = District.objects.get(pk=complaint_data["district"])
        district.name = "回滚的名称"
        district.save()
        # The calendar announces its edits at once, inside the transaction too: that
        # does not make what this transaction reads keepable.
        CalendarDay.objects.create(date=date(2027, 1, 11), kind=CalendarDay.Kind.HOLIDAY)
        # Within the transaction that changed it, its own edit is what is read.
        _case, statements = _file(client, complaint_data)
        assert "cases_district" in _reads(statements)
        raise RuntimeError("rolled back")
    page = client.get(URL).content.decode()
    assert "回滚的名称" not in page and "霞山区" in page


def test_with_the_cache_unreadable_every_call_reads_the_database(client, complaint_data):
    _file(client, complaint_data)
    with mock.patch("zhanjiang_union.kept.cache") as unreadable:
        unreadable.get.side_effect = ConnectionError("cache down")
        _case, statements = _file(client, complaint_data)
    assert _reads(statements) >= {"cases_routingrule", "cases_deadlinerule"}
    assert unreadable.get.called
