"""The dashboard's figures kept ready (dashboard/rollups.py): the refresh beat
runs every minute leaves exactly what a rebuild from every case would, as cases are
filed, moved, closed, reopened and corrected through the case services; medians from
the histograms; figures brought up to date by the reader when beat is not running."""

import statistics
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases import services as case_services
from cases.models import Case
from dashboard import rollups
from dashboard.figures import DashboardFilters
from dashboard.models import RollupState
from dashboard.rollups import (
    DAY_ROLLUPS,
    OPEN_ROLLUP,
    rollups_rebuild,
    rollups_refresh,
)
from dashboard.selectors import _median, dashboard_figures
from dashboard.tests import test_dashboard as story
from dashboard.tests.test_dashboard import Builder, agreement, at, headline_values
from zhanjiang_union.accounts.roles import Role

# The dashboard tests' six cases, told in dashboard/tests/test_dashboard.py.
dataset = story.dataset


def kept_figures() -> dict:
    """Every figure the rollup tables hold, one entry per key, zeros left out: what a
    reader can get from them, however the rows are split."""
    figures = {}
    for rollup in (*DAY_ROLLUPS, OPEN_ROLLUP):
        keys = (("period", "day") if rollup.by_day else ()) + (
            "district",
            "department",
            *rollup.keys,
        )
        rows = (
            rollup.model.objects.values(*keys)
            .annotate(**{f"total_{name}": Sum(name) for name in rollup.sums})
            .order_by()
        )
        for row in rows:
            sums = tuple(row[f"total_{name}"] for name in rollup.sums)
            if any(sums):
                figures[(rollup.model.__name__, *(row[key] for key in keys))] = sums
    return figures


def assert_refresh_equals_rebuild() -> None:
    rollups_refresh()
    refreshed = kept_figures()
    assert not Case.objects.filter(figures_pending=True).exists()
    rollups_rebuild()
    assert kept_figures() == refreshed


def test_the_minute_refresh_keeps_what_a_rebuild_would(dataset, make_user):
    mediator = make_user(Role.MEDIATOR, "rights")
    build = Builder(mediator)
    rollups_rebuild()

    # F accepted for mediation and agreed on 18 November; a new case filed now.
    build.move(dataset["f"], "accept_mediation", at(date(2026, 11, 18), 11))
    build.move(
        dataset["f"],
        "record_agreement",
        at(date(2026, 11, 18), 15),
        agreement=agreement(date(2026, 11, 18)),
    )
    build.file(timezone.now(), district="坡头区", workers=7)
    assert_refresh_equals_rebuild()

    # Today F's agreement fails (its 18 November result is no longer its last), B
    # (closed 17 November) is reopened, and D's recovered amount is corrected.
    build.move(dataset["f"], "mediation_failed", timezone.now())
    b = Case.objects.get(pk=dataset["b"].pk)
    case_services.case_transition(
        case=b, action="reopen", actor=mediator, expected_version=b.version, note="重新处理"
    )
    d = Case.objects.get(pk=dataset["d"].pk)
    case_services.amount_recovered_record(
        case=d, actor=mediator, amount=Decimal("450.00"), expected_version=d.version
    )
    assert_refresh_equals_rebuild()


def test_the_dashboard_shows_a_reopened_case_as_no_longer_closed_after_the_refresh(
    dataset, make_user
):
    filters = DashboardFilters(start=date(2026, 11, 1), end=date(2026, 11, 30))
    today = timezone.localdate()
    assert headline_values(dashboard_figures(filters=filters, today=today))["closed"] == 1  # B
    b = Case.objects.get(pk=dataset["b"].pk)
    case_services.case_transition(
        case=b,
        action="reopen",
        actor=make_user(Role.MEDIATOR, "rights"),
        expected_version=b.version,
        note="重新处理",
    )
    rollups_refresh()
    values = headline_values(dashboard_figures(filters=filters, today=today))
    assert values["closed"] == 0
    assert values["open"] == 4


def test_a_case_saved_again_while_the_figures_are_refreshed_keeps_its_mark(make_user):
    case = Builder(make_user(Role.MEDIATOR, "rights")).file(timezone.now())
    marks = rollups._pending(Case)  # what a refresh read
    Case.objects.get(pk=case.pk).save()  # saved again before the refresh ends
    rollups._clear_marks(Case, marks)
    assert Case.objects.get(pk=case.pk).figures_pending


def test_without_beat_the_reader_brings_stale_figures_up_to_date(make_user):
    """A portal run without beat: figures older than five minutes are refreshed by the
    first reader, so nothing filed stays invisible."""
    build = Builder(make_user(Role.MEDIATOR, "rights"))
    build.file(timezone.now())
    today = timezone.localdate()
    filters = DashboardFilters(start=today.replace(day=1), end=today)
    assert headline_values(dashboard_figures(filters=filters, today=today))["open"] == 1
    build.file(timezone.now())
    # Within the five minutes: the figures as of the last refresh.
    assert headline_values(dashboard_figures(filters=filters, today=today))["open"] == 1
    RollupState.objects.update(refreshed_at=timezone.now() - timedelta(minutes=6))
    dashboard = dashboard_figures(filters=filters, today=today)
    assert headline_values(dashboard)["open"] == 2
    assert timezone.now() - dashboard.generated_at < timedelta(minutes=1)


def test_medians_are_exact_to_their_bucket(make_user):
    """Under ten days to the tenth of a day, under a hundred to the day, beyond to ten
    days; the three closed cases' median is the middle one's bucket."""
    build = Builder(make_user(Role.MEDIATOR, "rights"))
    filed = at(date(2026, 1, 5))
    for days, hours in ((3, 8), (37, 11), (150, 12)):  # 3.33…, 37.46 and 150.5 days
        case = build.file(filed)
        Case.objects.filter(pk=case.pk).update(
            status="closed", closed_at=filed + timedelta(days=days, hours=hours)
        )
    filters = DashboardFilters(start=date(2026, 1, 1), end=date(2026, 6, 30))
    values = headline_values(dashboard_figures(filters=filters, today=date(2026, 6, 30)))
    assert values["median_close_days"] == pytest.approx(37.0)
    # The longest one closed after the range instead: two left, the median between.
    Case.objects.filter(closed_at__gt=filed + timedelta(days=100)).update(
        closed_at=at(date(2026, 7, 15))
    )
    rollups_rebuild()
    values = headline_values(dashboard_figures(filters=filters, today=date(2026, 6, 30)))
    assert values["median_close_days"] == pytest.approx((3.3 + 37.0) / 2)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=4000), min_size=1, max_size=60))
def test_the_median_of_a_histogram_is_the_median_of_its_values(tenths):
    histogram = sorted({value: tenths.count(value) for value in tenths}.items())
    assert _median(histogram) == pytest.approx(statistics.median(tenths) / 10)


@pytest.fixture
def spread(make_user):
    """Thirty cases filed between 20 August and 20 November 2026, two in three closed
    a few days to seven weeks later, with amounts recovered; figures rebuilt."""
    build = Builder(make_user(Role.MEDIATOR, "rights"))
    districts = ["霞山区", "赤坎区", "坡头区"]
    for number in range(30):
        filed = at(date(2026, 8, 20) + timedelta(days=number * 3 + number % 2), 9 + number % 12)
        case = build.file(filed, district=districts[number % 3], workers=1 + number % 5)
        if number % 3:
            Case.objects.filter(pk=case.pk).update(
                status="closed",
                closed_at=filed + timedelta(days=2 + number * 37 % 50, hours=number),
                amount_recovered=Decimal(100 * number),
            )
    rollups_rebuild()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],  # examples only read
)
@given(
    start=st.dates(min_value=date(2026, 8, 1), max_value=date(2026, 12, 31)),
    days=st.integers(min_value=0, max_value=130),
    district=st.sampled_from([None, "霞山区", "坡头区"]),
)
def test_any_range_adds_up_to_what_the_cases_say(spread, start, days, district):
    """Whole months from month rows, the days at either end from day rows: for any
    range and district the filed, closed, recovered and workers figures are those of
    the cases themselves."""
    from cases.models import District
    from zhanjiang_union.workdays.spans import Span

    span = Span(start, start + timedelta(days=days))
    district_id = District.objects.get(name=district).pk if district else None
    filters = DashboardFilters(start=span.start, end=span.end, district_id=district_id)
    values = headline_values(dashboard_figures(filters=filters, today=span.end))
    cases = Case.objects.filter(district_id=district_id) if district_id else Case.objects.all()
    filed = cases.filter(span.q("created_at"))
    closed = cases.filter(span.q("closed_at"))
    assert values["filed"] == filed.count()
    assert values["closed"] == closed.count()
    assert values["recovered"] == (closed.aggregate(s=Sum("amount_recovered"))["s"] or 0)
    assert values["workers"] == (filed.aggregate(s=Sum("workers_involved"))["s"] or 0)
