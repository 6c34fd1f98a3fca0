"""Every read the dashboard makes and the selector that puts them together
(`dashboard_figures`, cached by `dashboard_figures_cached`).

The case figures are read from the sums kept ready in dashboard/rollups.py, at most
a minute old: a view with any filter reads the rows of its own level (a
district, a department, both or neither), whole months from their month rows and the
days at either end from their day rows, a few thousand rows whatever the number of
cases. The number of queries is fixed. Medians come from histograms in tenths of a
day, so a median is exact to the tenth of a day below it. Days are local (Beijing)
days: a range's last day counts up to midnight.
"""

from collections import defaultdict
from datetime import date, timedelta

from django.core.cache import cache
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.utils import translation

from cases.models import Deadline, DeadlineRule, DisputeCategory, District
from cases.workflow import STAGE_OF_STATUS, statuses_in_stage
from hotline.selectors import CallCount as HotlineCallCount
from hotline.selectors import hotline_figures
from leadership.models import Activity, Measure, SelfInspectionReport
from zhanjiang_union.accounts.models import Department
from zhanjiang_union.localnames import local_name
from zhanjiang_union.organisations.models import Organisation
from zhanjiang_union.organisations.selectors import organisation_city, organisation_subtree
from zhanjiang_union.workdays.spans import Span

from . import rollups, tables
from .figures import Dashboard, DashboardFilters, yuan
from .models import (
    CallCount,
    CaseFlow,
    DeadlineEnd,
    DurationCount,
    MediationEnd,
    OpenCaseCount,
    RollupPeriod,
)
from .rollups import FLOW_FIELDS, span_rows
from .tables import OPEN_STAGES, OWN

CACHE_SECONDS = 60
# Part of the cache key: raise it when the cached classes (figures.py) change or move,
# so a deploy never unpickles an older shape.
CACHE_VERSION = 3
TREND_MONTHS = 12
LATE_STATES = (Deadline.State.OVERDUE, Deadline.State.OVERDUE_LONG)
# Figures older than this are brought up to date by the reader (beat refreshes them
# every minute; this is for a portal running without it).
STALE_AFTER = timedelta(minutes=5)
# The breakdowns' keys: the case's columns they group by.
BREAKDOWN_FIELDS = ("district_id", "industry", "category_id", "channel", "department_id")


# --- Helpers ------------------------------------------------------------------------------


def _organisation_level(filters: DashboardFilters, *, by: str = "") -> Q:
    """The rows of the filters' organisations: those of the subtree (one row each, to be
    summed), else the rows of every organisation together (0), or with `by`
    "organisation" one row per organisation."""
    if filters.organisation_path:
        subtree = Organisation.objects.filter(path__startswith=filters.organisation_path)
        return Q(organisation__in=subtree.values("pk"))
    if by == "organisation":
        # Each organisation's id rather than "> 0": the index leads with the
        # organisation, and one probe per organisation reads only its rows.
        return Q(organisation__in=Organisation.objects.values("pk"))
    return Q(organisation=0)


def _level(filters: DashboardFilters, *, by: str = "") -> Q:
    """The rows of the filters' level; `by` ("district", "department" or
    "organisation"): one row per district (department, organisation) within the filters
    instead of their sum."""
    level = _organisation_level(filters, by=by)
    for name, chosen in (
        ("district", filters.district_id),
        ("department", filters.department_id),
    ):
        if chosen:
            level &= Q(**{name: chosen})
        elif name == by:
            level &= Q(**{f"{name}__gt": 0})
        else:
            level &= Q(**{name: 0})
    return level


def _median(histogram: list[tuple[int, int]]) -> float | None:
    """The median in days of a histogram [(tenths of a day, count)], sorted, interpolated
    between the two middle values as PostgreSQL's percentile_cont(0.5) does."""
    total = sum(n for _tenths, n in histogram)
    if not total:
        return None
    middle = (total - 1) / 2
    low, high = int(middle), int(middle) + (middle % 1 > 0)
    below, values = 0, {}
    for tenths, n in histogram:
        for rank in (low, high):
            if below <= rank < below + n:
                values.setdefault(rank, tenths / 10)
        below += n
    return values[low] + (values[high] - values[low]) * (middle - low)


def _counts(rows, **sums) -> dict:
    return {name: value or 0 for name, value in rows.aggregate(**sums).items()}


# --- Reads --------------------------------------------------------------------------------


def case_totals(*, filters: DashboardFilters, span: Span, today: date) -> dict:
    """Every count and sum of the headline: open cases per stage and per deadline state,
    open collective disputes and open cases with an early warning (now); filed and
    closed this week, this month and in the range; yuan recovered and workers covered.

    A case's deadline state is the one cases.deadlines stores on it: that of its most
    pressing running deadline not paused, the workbench's deadline filter. The states
    follow the due dates, so a case with any overdue deadline counts as overdue (or long
    overdue), once, and "due soon" only when nothing is late."""
    week = span_rows(Span(today - timedelta(days=today.weekday()), today))
    month = span_rows(Span(today.replace(day=1), today))
    in_range = span_rows(span)
    flows = CaseFlow.objects.filter(_level(filters), week | month | in_range, field="")
    totals = _counts(
        flows,
        filed_week=Sum("filed", filter=week),
        filed_month=Sum("filed", filter=month),
        closed_week=Sum("closed", filter=week),
        closed_month=Sum("closed", filter=month),
        filed=Sum("filed", filter=in_range),
        closed=Sum("closed", filter=in_range),
        recovered=Sum("recovered", filter=in_range),
        workers=Sum("workers", filter=in_range),
        resolved=Sum("resolved", filter=in_range),
        resolved_grassroots=Sum("resolved_grassroots", filter=in_range),
        resolved_in_union=Sum("resolved_in_union", filter=in_range),
    )
    totals["recovered"] = yuan(totals["recovered"])
    open_now = OpenCaseCount.objects.filter(_level(filters), field="")
    totals.update(
        _counts(
            open_now,
            **{
                f"open_{stage}": Sum("n", filter=Q(status__in=statuses_in_stage(stage)))
                for stage in OPEN_STAGES
            },
            collective_open=Sum("n", filter=Q(is_collective=True)),
            warned=Sum("n", filter=Q(warned=True)),
            **{
                state: Sum("n", filter=Q(deadline_state=state))
                for state in (Deadline.State.DUE_SOON, *LATE_STATES)
            },
        )
    )
    return totals


def mediation_results(*, filters: DashboardFilters, span: Span) -> tuple[int, int]:
    """(agreed, failed): cases whose mediation ended in the range, each counted once by
    its last result there (an agreement later recorded as failed is a failure)."""
    results = _counts(
        MediationEnd.objects.filter(_level(filters), span_rows(span)).filter(
            Q(next_day__isnull=True) | Q(next_day__gt=span.end)
        ),
        agreed=Sum("agreed"),
        failed=Sum("failed"),
    )
    return results["agreed"], results["failed"]


def durations(*, filters: DashboardFilters, span: Span) -> dict[str, list[tuple[int, int]]]:
    """{measure: histogram}: the stays in each stage that ended in the range, and the
    cases closed in it (measure "case"), in tenths of a day."""
    rows = (
        DurationCount.objects.filter(_level(filters), span_rows(span))
        .values("measure", "tenths")
        .annotate(count=Sum("n"))
        .order_by("measure", "tenths")
    )
    histograms: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for row in rows:
        histograms[row["measure"]].append((row["tenths"], row["count"]))
    return histograms


def close_median_days(histograms: dict[str, list[tuple[int, int]]]) -> float | None:
    """The median of filing to closing, in days, over the cases closed in the range."""
    return _median(histograms.get(DurationCount.CASE, []))


def stage_stays(
    histograms: dict[str, list[tuple[int, int]]],
) -> dict[str, tuple[int, float | None]]:
    """{stage: (stays ended in the range, median days)}. A stay in a stage ends with a
    move out of it and began with the case's previous move between stages (its filing,
    for intake); moves within a stage neither begin nor end one."""
    return {
        measure: (sum(n for _tenths, n in histogram), _median(histogram))
        for measure, histogram in histograms.items()
        if measure != DurationCount.CASE
    }


def deadline_on_time_by_rule(*, filters: DashboardFilters, span: Span) -> list[dict]:
    """Per rule, the deadlines that ended in the range and how many of them on time:
    on or before the due day in Beijing time."""
    ended = {
        row["rule"]: row
        for row in DeadlineEnd.objects.filter(_level(filters), span_rows(span))
        .values("rule")
        .annotate(ended=Sum("ended"), on_time=Sum("on_time"))
        .order_by()
    }
    return [
        {
            "rule_id": rule.pk,
            "rule__key": rule.key,
            "rule__label": local_name(rule, "label"),
            **ended[rule.pk],
        }
        for rule in DeadlineRule.objects.filter(pk__in=ended).order_by("pk")
    ]


def _breakdown_rows(flows: QuerySet, opens: QuerySet, key: str, cast=None) -> dict:
    result: dict = {}
    empty = {"filed": 0, "closed": 0, "open": 0, "late": 0, "recovered": None}
    for row in (
        flows.values(key)
        .annotate(filed=Sum("filed"), closed=Sum("closed"), recovered=Sum("recovered"))
        .order_by()
    ):
        value = cast(row[key]) if cast else row[key]
        entry = result.setdefault(value, dict(empty))
        entry.update(filed=row["filed"], closed=row["closed"])
        entry["recovered"] = row["recovered"] if row["closed"] else None
    for row in (
        opens.values(key)
        .annotate(open=Sum("n"), late=Sum("n", filter=Q(deadline_state__in=LATE_STATES)))
        .order_by()
    ):
        value = cast(row[key]) if cast else row[key]
        result.setdefault(value, dict(empty)).update(open=row["open"], late=row["late"] or 0)
    return {
        value: entry
        for value, entry in result.items()
        if entry["filed"] or entry["closed"] or entry["open"]
    }


def case_breakdowns(*, filters: DashboardFilters, span: Span) -> dict[str, dict]:
    """{field: {value: filed, closed and recovered in the range; open and late now}} for
    each field of BREAKDOWN_FIELDS: districts and departments from the rows of each,
    the other fields from their own rows."""
    flows = CaseFlow.objects.filter(span_rows(span))
    result = {}
    for dimension in ("district", "department"):
        level = _level(filters, by=dimension)
        result[f"{dimension}_id"] = _breakdown_rows(
            flows.filter(level, field=""),
            OpenCaseCount.objects.filter(level, field=""),
            dimension,
        )
    for field, column in FLOW_FIELDS.items():
        level = _level(filters)
        result[column] = _breakdown_rows(
            flows.filter(level, field=field),
            OpenCaseCount.objects.filter(level, field=field),
            "value",
            int if column == "category_id" else None,
        )
    return result


def organisation_comparison(
    *, filters: DashboardFilters, span: Span
) -> tuple[Organisation | None, list[Organisation], dict]:
    """(the organisation viewed, its children, {child id or OWN: figures as in the
    breakdowns}): the figures of each child's subtree side by side, and those of the
    organisation's own cases. The rows are summed per organisation in the database,
    then per branch (the child whose path prefixes theirs) here: five queries whatever
    the number of organisations."""
    if filters.district_id or filters.department_id:
        return None, [], {}  # the organisations' rows are not kept per district or department
    if filters.organisation_id:
        parent = Organisation.objects.filter(pk=filters.organisation_id).first()
    else:
        parent = organisation_city()
    if parent is None:
        return None, [], {}
    children = list(parent.get_children())
    if not children:
        return parent, [], {}
    prefix = len(children[0].path)
    child_of = {child.path: child.pk for child in children}
    branch_of = {
        pk: child_of.get(path[:prefix], OWN) if len(path) >= prefix else OWN
        for pk, path in organisation_subtree(organisation=parent).values_list("pk", "path")
    }
    level = _level(filters, by="organisation")
    rows = _breakdown_rows(
        CaseFlow.objects.filter(level, span_rows(span), field=""),
        OpenCaseCount.objects.filter(level, field=""),
        "organisation",
    )
    figures: dict = {}
    for organisation, entry in rows.items():
        branch = branch_of.get(organisation)
        if branch is None:  # an organisation outside the subtree (the city's view)
            continue
        total = figures.setdefault(
            branch, {"filed": 0, "closed": 0, "open": 0, "late": 0, "recovered": None}
        )
        for name in ("filed", "closed", "open", "late"):
            total[name] += entry[name]
        if entry["recovered"] is not None:
            total["recovered"] = (total["recovered"] or 0) + entry["recovered"]
    return parent, children, figures


def open_cases_by_district_and_stage(*, filters: DashboardFilters) -> dict[int, dict[str, int]]:
    rows = (
        OpenCaseCount.objects.filter(_level(filters, by="district"), field="")
        .values("district", "status")
        .annotate(count=Sum("n"))
        .order_by()
    )
    by_district: dict[int, dict[str, int]] = {}
    for row in rows:
        stages = by_district.setdefault(row["district"], dict.fromkeys(OPEN_STAGES, 0))
        stages[STAGE_OF_STATUS[row["status"]]] += row["count"]
    return by_district


def cases_per_month(*, filters: DashboardFilters, span: Span) -> tuple[dict, dict]:
    """({first day of the month: cases filed in it}, {…: cases closed in it}) in `span`."""
    filed: dict[date, int] = defaultdict(int)
    closed: dict[date, int] = defaultdict(int)
    rows = (
        CaseFlow.objects.filter(_level(filters), span_rows(span), field="")
        .values("day")
        .annotate(filed=Sum("filed"), closed=Sum("closed"))
        .order_by()
    )
    for row in rows:
        month = row["day"].replace(day=1)
        filed[month] += row["filed"]
        closed[month] += row["closed"]
    return dict(filed), dict(closed)


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


def cases_filed(*, department_id: int | None, span: Span) -> int:
    """Cases filed in the range, in every district (the hotline's figures have none)."""
    level = Q(organisation=0, district=0, department=department_id or 0)
    rows = CaseFlow.objects.filter(level, span_rows(span), field="")
    return rows.aggregate(filed=Sum("filed"))["filed"] or 0


def call_counts(*, department_id: int | None, span: Span) -> list[HotlineCallCount]:
    """The calls received in the range as the hotline's CallCount rows, from the day
    rows kept ready (the calls are drawn day by day)."""
    rows = (
        CallCount.objects.filter(
            organisation=0,
            district=0,
            department=department_id or 0,
            period=RollupPeriod.DAY,
            day__range=(span.start, span.end),
        )
        .values("day", "outcome", "category", "linked", "on_time")
        .annotate(count=Sum("n"))
        .order_by()
    )
    return [
        HotlineCallCount(
            day=each["day"],
            outcome=each["outcome"],
            category_id=each["category"] or None,
            linked=each["linked"],
            on_time=each["on_time"],
            n=each["count"],
        )
        for each in rows
        if each["count"]
    ]


def _hotline_figures(
    *, start: date, end: date, department_id: int | None, cases_filed: int | None = None
) -> dict:
    """The 12351 hotline's figures, its calls from the counts kept ready."""
    counts = call_counts(department_id=department_id, span=Span(start, end))
    return hotline_figures(
        start=start,
        end=end,
        department=department_id,
        cases_filed=cases_filed,
        counts=counts,
    )


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
    as_of = rollups.rollups_current(stale_after=STALE_AFTER)
    parent, children, by_organisation = organisation_comparison(filters=filters, span=span)
    totals = case_totals(filters=filters, span=span, today=today)
    breakdowns = case_breakdowns(filters=filters, span=span)
    histograms = durations(filters=filters, span=span)
    filed, closed = cases_per_month(filters=filters, span=trend)
    build = tables.TableBuilder(filters=filters, today=today)

    dashboard = Dashboard(
        filters=filters,
        today=today,
        generated_at=as_of,
        headlines=build.headlines(
            totals=totals,
            warned=totals["warned"],
            mediation=mediation_results(filters=filters, span=span),
            close_median=close_median_days(histograms),
        ),
        tables={
            "stages": build.stages(totals=totals),
            "trend": build.trend(months=months, filed=filed, closed=closed),
            "district_stages": build.district_stages(
                districts=districts,
                counts=open_cases_by_district_and_stage(filters=filters),
            ),
            "stage_days": build.stage_days(stays=stage_stays(histograms)),
            "on_time": build.on_time(rules=deadline_on_time_by_rule(filters=filters, span=span)),
            **build.breakdowns(
                figures=breakdowns,
                districts=districts,
                categories=list(DisputeCategory.objects.order_by("order", "id")),
                departments=departments,
            ),
        },
        resolution_headlines=build.resolution(totals=totals),
    )
    if children:
        dashboard.tables["by_organisation"] = build.organisations(
            parent=parent, children=children, figures=by_organisation
        )
    if filters.in_subtree:
        # An organisation's figures are kept whole, not per district or department.
        for key in ("district_stages", "by_district", "by_department"):
            del dashboard.tables[key]
        # The task force's measures, the departments' reports and the 12351 hotline are
        # the city federation's: an organisation below it is shown its cases alone.
        return dashboard
    dashboard.tables["board"] = build.board(
        measures=board_measures(filters=filters),
        departments=departments,
        by_department=breakdowns["department_id"],
        activities=activity_counts(filters=filters, span=span),
    )
    hotline = _hotline_figures(
        start=filters.start,
        end=filters.end,
        department_id=filters.department_id,
        # Without a district filter it is a figure read already.
        cases_filed=(
            cases_filed(department_id=filters.department_id, span=span)
            if filters.district_id
            else totals["filed"]
        ),
    )
    dashboard.hotline_headlines, dashboard.hotline_tables = build.hotline(figures=hotline)
    return dashboard


def _cache_key(*, filters: DashboardFilters, today: date) -> str:
    # The language is part of the key: labels are stored translated.
    language = translation.get_language() or ""
    return f"dashboard:{CACHE_VERSION}:{language}:{today}:{filters.cache_scope}"


def dashboard_figures_cached(*, filters: DashboardFilters, today: date) -> Dashboard:
    """`dashboard_figures`, computed at most once a minute for the same filters and scope:
    a leader reloading the page, or opening its export, costs no second computation."""
    key = _cache_key(filters=filters, today=today)
    dashboard = cache.get(key)
    if dashboard is None:
        dashboard = dashboard_figures(filters=filters, today=today)
        cache.set(key, dashboard, CACHE_SECONDS)
    return dashboard
