"""Bursts keep their plan: a sweep that records many escalations at once (after beat
was down) analyses the tables its notifying statements join, so the planner does not
work from statistics taken while they were small."""

from datetime import date, timedelta

import pytest
from django.db import connection

from cases import deadlines
from cases.models import Deadline, DeadlineRule, Escalation

TODAY = date(2026, 11, 25)


def estimated_rows(table: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        return cursor.fetchone()[0]


@pytest.fixture
def late_cases(make_case, role_users):
    DeadlineRule.objects.filter(key="triage").update(limit=10)
    cases = [make_case() for _ in range(4)]
    Deadline.objects.filter(case__in=cases).update(due_on=TODAY - timedelta(days=20))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_escalation")  # the statistics of a quiet day: empty
    assert estimated_rows("cases_escalation") <= 0
    return cases


@pytest.mark.postgres
def test_a_burst_of_escalations_is_analysed_within_the_sweep(late_cases, settings):
    settings.SWEEP_ANALYZE_AFTER = 5
    result = deadlines.sweep(today=TODAY)
    assert result["escalations"] == 8 == Escalation.objects.count()  # two levels each
    assert estimated_rows("cases_escalation") == 8
    assert result["notified"] == 8


@pytest.mark.postgres
def test_a_quiet_sweep_leaves_the_statistics_to_autovacuum(late_cases, settings):
    settings.SWEEP_ANALYZE_AFTER = 1000
    deadlines.sweep(today=TODAY)
    assert Escalation.objects.count() == 8
    assert estimated_rows("cases_escalation") <= 0
