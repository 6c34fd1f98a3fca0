"""Every read the dashboard makes, aggregated in the database, and the selector that
puts them together (`dashboard_figures`, cached by `dashboard_figures_cached`).

The number of queries is fixed whatever the number of cases: counts and sums are
conditional aggregates (COUNT … FILTER (WHERE …)), breakdowns are GROUP BYs, medians
are PostgreSQL's percentile_cont (on SQLite one column of durations is fetched and the
median taken in Python). Days are local (Beijing) days: a range's last day counts up to
midnight.
"""

import importlib
import statistics
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Aggregate,
    CharField,
    Count,
    DurationField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models import Case as SqlCase
from django.db.models.functions import TruncMonth
from django.utils import timezone, translation

from cases.models import Case, CaseEvent, Deadline, DisputeCategory, District, EarlyWarning
from cases.workflow import STAGE_OF_STATUS, Stage, Status, statuses_in_stage
from zhanjiang_union.accounts.models import Department

from ..models import Activity, Measure, SelfInspectionReport
from . import tables
from .figures import Dashboard, DashboardFilters, yuan
from .forms import default_range
from .tables import OPEN_STAGES

CACHE_SECONDS = 60
# The view kept warm by `dashboard_figures_refresh` outlives the minute between two
# refreshes, so a late beat never leaves it to a reader to compute.
REFRESHED_SECONDS = 3 * CACHE_SECONDS
# Part of the cache key: raise it when the cached classes (figures.py) change, so a
# deploy never unpickles an older shape.
CACHE_VERSION = 1
TREND_MONTHS = 12
LATE_STATES = (Deadline.State.OVERDUE, Deadline.State.OVERDUE_LONG)
MEDIATION_ENDS = (Status.AGREEMENT, Status.MEDIATION_FAILED)
BREAKDOWN_FIELDS = ("district_id", "industry", "category_id", "channel", "department_id")


# --- Helpers ------------------------------------------------------------------------------


class Median(Aggregate):
    """PostgreSQL's percentile_cont(0.5): the median, interpolated, of an interval or a
    number. Other databases fall back to Python (see `_python_median`)."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"


def _database_has_median() -> bool:
    return connection.vendor == "postgresql"


def _days(duration: timedelta | None) -> float | None:
    return None if duration is None else duration.total_seconds() / 86400


def _python_median(durations: list[timedelta]) -> float | None:
    return _days(statistics.median(durations)) if durations else None


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class Span:
    """Local days from `start` to `end`, both included."""

    start: date
    end: date

    @property
    def since(self) -> datetime:
        return day_start(self.start)

    @property
    def until(self) -> datetime:
        return day_start(self.end + timedelta(days=1))

    def q(self, field: str) -> Q:
        return Q(**{f"{field}__gte": self.since, f"{field}__lt": self.until})


def _scope(filters: DashboardFilters, prefix: str = "") -> Q:
    scope = Q()
    if filters.district_id:
        scope &= Q(**{f"{prefix}district_id": filters.district_id})
    if filters.department_id:
        scope &= Q(**{f"{prefix}department_id": filters.department_id})
    return scope


def _cases(filters: DashboardFilters) -> QuerySet[Case]:
    # order_by(): no ORDER BY (Case sorts by -created_at) in aggregate queries.
    return Case.objects.filter(_scope(filters)).order_by()


def _stage_of(field: str) -> SqlCase:
    """The stage of a status column, in SQL; "" for an empty status (notes, filing)."""
    return SqlCase(
        *[
            When(**{f"{field}__in": statuses_in_stage(stage)}, then=Value(stage))
            for stage in Stage.values
        ],
        default=Value(""),
        output_field=CharField(),
    )


# --- Reads --------------------------------------------------------------------------------


def case_totals(*, filters: DashboardFilters, span: Span, today: date) -> dict:
    """One pass over the cases in scope for every count and sum of the headline: open
    cases per stage and per deadline state (now), filed and closed this week, this month
    and in the range, open collective disputes, yuan recovered and workers covered.

    A case's deadline state is the one cases.deadlines stores on it: that of its most
    pressing running deadline not paused, the workbench's deadline filter. The states
    follow the due dates, so a case with any overdue deadline counts as overdue (or long
    overdue), once, and "due soon" only when nothing is late."""
    week = Span(today - timedelta(days=today.weekday()), today)
    month = Span(today.replace(day=1), today)
    is_open = ~Q(status=Status.CLOSED)
    by_stage = {
        f"open_{stage}": Count("pk", filter=Q(status__in=statuses_in_stage(stage)))
        for stage in OPEN_STAGES
    }
    totals = _cases(filters).aggregate(
        **by_stage,
        filed_week=Count("pk", filter=week.q("created_at")),
        filed_month=Count("pk", filter=month.q("created_at")),
        closed_week=Count("pk", filter=week.q("closed_at")),
        closed_month=Count("pk", filter=month.q("closed_at")),
        filed=Count("pk", filter=span.q("created_at")),
        closed=Count("pk", filter=span.q("closed_at")),
        collective_open=Count("pk", filter=is_open & Q(is_collective=True)),
        **{
            state: Count("pk", filter=is_open & Q(deadline_state=state))
            for state in (Deadline.State.DUE_SOON, *LATE_STATES)
        },
        recovered=Sum("amount_recovered", filter=span.q("closed_at")),
        workers=Sum("workers_involved", filter=span.q("created_at")),
    )
    totals["recovered"] = yuan(totals["recovered"])
    totals["workers"] = totals["workers"] or 0
    return totals


def warned_case_count(*, filters: DashboardFilters) -> int:
    """Open cases with an early warning not yet resolved."""
    return (
        EarlyWarning.objects.filter(_scope(filters, "case__"), resolved_at__isnull=True)
        .exclude(case__status=Status.CLOSED)
        .aggregate(cases=Count("case", distinct=True))["cases"]
    )


def mediation_results(*, filters: DashboardFilters, span: Span) -> tuple[int, int]:
    """(agreed, failed): cases whose mediation ended in the range, each counted once by
    its last result there (an agreement later recorded as failed is a failure)."""
    ends = CaseEvent.objects.filter(span.q("at"), to_status__in=MEDIATION_ENDS)
    later = ends.filter(case=OuterRef("case")).filter(
        Q(at__gt=OuterRef("at")) | Q(at=OuterRef("at"), pk__gt=OuterRef("pk"))
    )
    last = ends.filter(_scope(filters, "case__")).exclude(Exists(later)).order_by()
    results = last.aggregate(
        agreed=Count("pk", filter=Q(to_status=Status.AGREEMENT)),
        failed=Count("pk", filter=Q(to_status=Status.MEDIATION_FAILED)),
    )
    return results["agreed"], results["failed"]


def close_median_days(*, filters: DashboardFilters, span: Span) -> float | None:
    """The median of filing to closing, in days, over the cases closed in the range."""
    closed = _cases(filters).filter(span.q("closed_at"))
    duration = F("closed_at") - F("created_at")
    if _database_has_median():
        return _days(closed.aggregate(m=Median(duration, output_field=DurationField()))["m"])
    # SQLite has no percentile function: fetch the one column and take it here.
    return _python_median(list(closed.annotate(d=duration).values_list("d", flat=True)))


def stage_stays(*, filters: DashboardFilters, span: Span) -> dict[str, tuple[int, float | None]]:
    """{stage: (stays ended in the range, median days)} from the case timelines.

    A stay in a stage ends with a move out of it (from a status in the stage to one
    outside) and began with the case's previous move between stages (its filing, for
    intake), which each such move records when it is written (`stage_entered_at`): the
    stays of a period are its moves between stages, read through the index of the
    status moves. Moves within a stage (mediation → agreement) neither begin nor end
    one; time spent closed is not a stay."""
    stays = (
        CaseEvent.objects.filter(
            _scope(filters, "case__"), span.q("at"), stage_entered_at__isnull=False
        )
        .exclude(to_status="")
        .annotate(from_stage=_stage_of("from_status"), to_stage=_stage_of("to_status"))
        .exclude(from_stage=F("to_stage"))
        .exclude(from_stage__in=["", Stage.CLOSED])
        .order_by()
    )
    spent = F("at") - F("stage_entered_at")
    if _database_has_median():
        rows = stays.values("from_stage").annotate(
            n=Count("pk"), median=Median(spent, output_field=DurationField())
        )
        return {row["from_stage"]: (row["n"], _days(row["median"])) for row in rows}
    durations: dict[str, list[timedelta]] = {}
    for stage, duration in stays.annotate(spent=spent).values_list("from_stage", "spent"):
        durations.setdefault(stage, []).append(duration)
    return {stage: (len(each), _python_median(each)) for stage, each in durations.items()}


def deadline_on_time_by_rule(*, filters: DashboardFilters, span: Span) -> list[dict]:
    """Per rule, the deadlines that ended in the range and how many of them on time:
    on or before the due day in Beijing time (met_at__date is taken in local time)."""
    return list(
        Deadline.objects.filter(span.q("met_at"), _scope(filters, "case__"))
        .values("rule_id", "rule__key", "rule__label")
        .annotate(
            ended=Count("pk"),
            on_time=Count("pk", filter=Q(met_at__date__lte=F("due_on"))),
        )
        .order_by("rule_id")
    )


def case_breakdown(*, filters: DashboardFilters, span: Span, field: str) -> dict:
    """{value of the field: filed, closed and recovered in the range; open and late now}."""
    filed, closed, is_open = span.q("created_at"), span.q("closed_at"), ~Q(status=Status.CLOSED)
    rows = (
        _cases(filters)
        .filter(filed | closed | is_open)
        .values(field)
        .annotate(
            filed=Count("pk", filter=filed),
            closed=Count("pk", filter=closed),
            open=Count("pk", filter=is_open),
            late=Count("pk", filter=is_open & Q(deadline_state__in=LATE_STATES)),
            recovered=Sum("amount_recovered", filter=closed),
        )
    )
    return {row.pop(field): row for row in rows}


def case_breakdowns(*, filters: DashboardFilters, span: Span) -> dict[str, dict]:
    """`case_breakdown` for every field of BREAKDOWN_FIELDS. On PostgreSQL in one pass
    over the cases with GROUPING SETS (at a million cases, five passes cost a second);
    elsewhere one query per field."""
    if connection.vendor != "postgresql":
        return {
            field: case_breakdown(filters=filters, span=span, field=field)
            for field in BREAKDOWN_FIELDS
        }
    filed, closed, is_open = span.q("created_at"), span.q("closed_at"), ~Q(status=Status.CLOSED)
    late = is_open & Q(deadline_state__in=LATE_STATES)

    def flag(condition: Q) -> SqlCase:
        return SqlCase(When(condition, then=Value(1)), default=Value(0))

    rows = (
        _cases(filters)
        .filter(filed | closed | is_open)
        .annotate(
            row_filed=flag(filed),
            row_closed=flag(closed),
            row_open=flag(is_open),
            row_late=flag(late),
            row_recovered=SqlCase(
                When(closed, then=F("amount_recovered")), default=Value(Decimal("0"))
            ),
        )
        .values(*BREAKDOWN_FIELDS, "row_filed", "row_closed", "row_open", "row_late",
                "row_recovered")
    )  # fmt: skip
    sql, params = rows.query.sql_with_params()
    fields = ", ".join(BREAKDOWN_FIELDS)
    which = " ".join(f"WHEN GROUPING({field}) = 0 THEN '{field}'" for field in BREAKDOWN_FIELDS)
    sets = ", ".join(f"({field})" for field in BREAKDOWN_FIELDS)
    result: dict[str, dict] = {field: {} for field in BREAKDOWN_FIELDS}
    with connection.cursor() as cursor:
        # The field names are our constants; every value is a parameter of the ORM's SQL.
        cursor.execute(
            f"SELECT CASE {which} END, {fields}, SUM(row_filed), SUM(row_closed), "  # noqa: S608
            f"SUM(row_open), SUM(row_late), SUM(row_recovered) FROM ({sql}) AS rows "
            f"GROUP BY GROUPING SETS ({sets})",
            params,
        )
        for field, *values in cursor.fetchall():
            key = values[BREAKDOWN_FIELDS.index(field)]
            filed_n, closed_n, open_n, late_n, recovered = values[len(BREAKDOWN_FIELDS) :]
            result[field][key] = {
                "filed": filed_n,
                "closed": closed_n,
                "open": open_n,
                "late": late_n,
                "recovered": recovered if closed_n else None,
            }
    return result


def open_cases_by_district_and_stage(*, filters: DashboardFilters) -> dict[int, dict[str, int]]:
    rows = (
        _cases(filters)
        .exclude(status=Status.CLOSED)
        .values("district_id", "status")
        .annotate(n=Count("pk"))
    )
    by_district: dict[int, dict[str, int]] = {}
    for row in rows:
        stages = by_district.setdefault(row["district_id"], dict.fromkeys(OPEN_STAGES, 0))
        stages[STAGE_OF_STATUS[row["status"]]] += row["n"]
    return by_district


def cases_per_month(*, filters: DashboardFilters, field: str, span: Span) -> dict[date, int]:
    """{first day of the month: cases whose `field` (created_at, closed_at) falls in it}."""
    rows = (
        _cases(filters)
        .filter(span.q(field))
        .annotate(month=TruncMonth(field))
        .values("month")
        .annotate(n=Count("pk"))
    )
    # The month comes back as an aware datetime (in UTC from PostgreSQL): its local date.
    return {timezone.localtime(row["month"]).date(): row["n"] for row in rows}


def departments_with_last_report(*, filters: DashboardFilters) -> list[Department]:
    """The departments in scope, each with its latest self-inspection report's status
    and dates as `report_*` attributes (one query)."""
    latest = SelfInspectionReport.objects.filter(department=OuterRef("pk")).order_by(
        "-period_start"
    )
    departments = Department.objects.annotate(
        report_status=Subquery(latest.values("status")[:1]),
        report_period_start=Subquery(latest.values("period_start")[:1]),
        report_period_end=Subquery(latest.values("period_end")[:1]),
        report_due_on=Subquery(latest.values("due_on")[:1]),
        report_submitted_at=Subquery(latest.values("submitted_at")[:1]),
    ).order_by("order", "id")
    if filters.department_id:
        departments = departments.filter(pk=filters.department_id)
    return list(departments)


def activity_counts(*, filters: DashboardFilters, span: Span) -> dict[tuple[int, int], int]:
    """{(measure id, department id): activities held in the range}."""
    activities = Activity.objects.filter(held_on__range=(span.start, span.end))
    if filters.department_id:
        activities = activities.filter(department_id=filters.department_id)
    rows = activities.values("measure_id", "department_id").annotate(n=Count("pk")).order_by()
    return {(row["measure_id"], row["department_id"]): row["n"] for row in rows}


def board_measures(*, filters: DashboardFilters) -> list[Measure]:
    """The work measures with the departments in scope that answer for them."""
    departments = Department.objects.order_by("order", "id")
    measures = Measure.objects.order_by("number")
    if filters.department_id:
        departments = departments.filter(pk=filters.department_id)
        measures = measures.filter(departments=filters.department_id)
    return list(measures.prefetch_related(Prefetch("departments", queryset=departments)))


def _hotline_figures(*, start: date, end: date, department_id: int | None) -> dict | None:
    """The 12351 hotline's figures from the hotline app, or None while it offers none.

    Imported here, not at the top: the hotline app may not have its selectors yet. Only
    a missing module or function hides the section; an error inside them is raised."""
    try:
        module = importlib.import_module("hotline.selectors")
    except ModuleNotFoundError as error:
        if error.name != "hotline.selectors":
            raise
        return None
    hotline_figures = getattr(module, "hotline_figures", None)
    if hotline_figures is None:
        return None
    return hotline_figures(start=start, end=end, department=department_id)


# --- The dashboard ------------------------------------------------------------------------


def months_up_to(end: date, count: int) -> list[date]:
    """The first days of the `count` months up to and including `end`'s, oldest first."""
    months = []
    year, month = end.year, end.month
    for _step in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def dashboard_figures(*, filters: DashboardFilters, today: date) -> Dashboard:
    """Every figure and table of the dashboard for these filters; `today` is the day
    "this week", "this month" and "now" refer to."""
    span = Span(filters.start, filters.end)
    months = months_up_to(filters.end, TREND_MONTHS)
    trend = Span(months[0], filters.end)
    districts = [
        district
        for district in District.objects.order_by("order", "id")
        if not filters.district_id or district.pk == filters.district_id
    ]
    departments = departments_with_last_report(filters=filters)
    totals = case_totals(filters=filters, span=span, today=today)
    breakdowns = case_breakdowns(filters=filters, span=span)
    build = tables.TableBuilder(filters=filters, today=today)

    dashboard = Dashboard(
        filters=filters,
        today=today,
        generated_at=timezone.now(),
        headlines=build.headlines(
            totals=totals,
            warned=warned_case_count(filters=filters),
            mediation=mediation_results(filters=filters, span=span),
            close_median=close_median_days(filters=filters, span=span),
        ),
        tables={
            "stages": build.stages(totals=totals),
            "trend": build.trend(
                months=months,
                filed=cases_per_month(filters=filters, field="created_at", span=trend),
                closed=cases_per_month(filters=filters, field="closed_at", span=trend),
            ),
            "district_stages": build.district_stages(
                districts=districts,
                counts=open_cases_by_district_and_stage(filters=filters),
            ),
            "stage_days": build.stage_days(stays=stage_stays(filters=filters, span=span)),
            "on_time": build.on_time(rules=deadline_on_time_by_rule(filters=filters, span=span)),
            **build.breakdowns(
                figures=breakdowns,
                districts=districts,
                categories=list(DisputeCategory.objects.order_by("order", "id")),
                departments=departments,
            ),
            "board": build.board(
                measures=board_measures(filters=filters),
                departments=departments,
                by_department=breakdowns["department_id"],
                activities=activity_counts(filters=filters, span=span),
            ),
        },
    )
    hotline = _hotline_figures(
        start=filters.start, end=filters.end, department_id=filters.department_id
    )
    if hotline is not None:
        dashboard.hotline_headlines, dashboard.hotline_tables = build.hotline(figures=hotline)
    return dashboard


def _cache_key(*, filters: DashboardFilters, today: date) -> str:
    # The language is part of the key: labels are stored translated.
    language = translation.get_language() or ""
    return f"leadership.dashboard:{CACHE_VERSION}:{language}:{today}:{filters.cache_scope}"


def dashboard_figures_refresh(*, today: date | None = None) -> int:
    """Compute the view opened most, every case this month so far (the page without
    filters, as the leadership and admins first see it), in each of the portal's
    languages, and store it for its readers. Beat runs it every minute, so nobody waits
    for that view's computation at scale; the number of views stored."""
    today = today or timezone.localdate()
    start, end = default_range(today)
    filters = DashboardFilters(start=start, end=end)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            dashboard = dashboard_figures(filters=filters, today=today)
            cache.set(_cache_key(filters=filters, today=today), dashboard, REFRESHED_SECONDS)
    return len(settings.LANGUAGES)


def dashboard_figures_cached(*, filters: DashboardFilters, today: date) -> Dashboard:
    """`dashboard_figures`, computed at most once a minute for the same filters and scope:
    a leader reloading the page, or opening its export, costs no second computation."""
    key = _cache_key(filters=filters, today=today)
    dashboard = cache.get(key)
    if dashboard is None:
        dashboard = dashboard_figures(filters=filters, today=today)
        cache.set(key, dashboard, CACHE_SECONDS)
    return dashboard
