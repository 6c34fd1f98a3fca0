"""The dashboard's figures kept ready: daily and monthly sums of the cases, their
timelines and deadlines, daily counts of the 12351 calls, and a count of the open cases
now (the tables of dashboard/models.py), so that any view of the dashboard reads a few
thousand rows instead of the million behind them.

How they stay current:

- every save of a case or a call marks it (`figures_pending`); `rollups_refresh`, which
  beat runs every minute, redoes every day such a case touches (its filing, the moves of
  its timeline, its deadlines' ends, its closing) or such a call was received on, then
  the months of those days, then the count of open cases, and clears the marks it has
  covered, all in one transaction, so a reader sees the figures before or after a
  refresh, never half of one;
- `rollups_rebuild` redoes every day; beat runs it nightly, for whatever changed without
  a save (a queryset update, a bulk load), and the first refresh runs it when nothing
  was ever built.

Each table is filled from its facts (one row per case, move, deadline or call, with the
columns named `fact_<column>`), summed in the database at the finest level (each
organisation, district and department together); the levels kept (each organisation;
over every organisation, each district and department as before the grid) and the
months are then summed from those rows, which are then deleted. (The calls
have no district and no organisation, the 12351 hotline being the city's: their facts
give each department and the union's total directly, day rows only.)
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import reduce
from operator import or_

from django.db import connection, models, transaction
from django.db.models import (
    BooleanField,
    CharField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models import Case as SqlCase
from django.db.models.functions import Cast, Coalesce, TruncDate, TruncMonth
from django.db.models.lookups import LessThan
from django.utils import timezone

from cases.models import Case, CaseEvent, Deadline, EarlyWarning
from cases.workflow import Outcome, Stage, Status, statuses_in_stage
from hotline.models import Call
from hotline.selectors import CALLBACK_ON_TIME
from zhanjiang_union.organisations.models import Organisation
from zhanjiang_union.organisations.selectors import organisation_city
from zhanjiang_union.workdays.spans import Span, month_end, month_start

from .models import (
    CallCount,
    CaseFlow,
    DeadlineEnd,
    DurationCount,
    MediationEnd,
    OpenCaseCount,
    RollupPeriod,
    RollupState,
)

MEDIATION_ENDS = (Status.AGREEMENT, Status.MEDIATION_FAILED)
# The case's fields the breakdowns group by besides district and department.
FLOW_FIELDS = {"industry": "industry", "category": "category_id", "channel": "channel"}
# Cases cleared of their mark per statement.
CLEAR_CHUNK = 500
# The dimensions of every level, each kept or summed over (0), and the levels kept.
DIMENSIONS = ("organisation", "district", "department")
LEVELS = (
    (True, False, False),
    (False, True, True),
    (False, True, False),
    (False, False, True),
    (False, False, False),
)

# A case closed with one of these outcomes was resolved; withdrawn, not accepted,
# transferred out or merged it was not.
RESOLVED_OUTCOMES = (
    Outcome.AGREEMENT_PERFORMED,
    Outcome.AWARD,
    Outcome.INSPECTION_ORDER,
    Outcome.PETITION_RESOLVED,
    Outcome.JUDGMENT,
)
# Grassroots (化解在萌芽状态): the organisations below the county-level federations.
GRASSROOTS_KINDS = (
    Organisation.Kind.TOWNSHIP,
    Organisation.Kind.REGIONAL,
    Organisation.Kind.ENTERPRISE,
    Organisation.Kind.COMMITTEE,
)
# A case that was ever in one of these went to arbitration or the court.
BEYOND_THE_UNION = (
    Status.ARBITRATION,
    Status.AWARD,
    Status.LITIGATION,
    Status.ENFORCEMENT,
    Status.COURT_MEDIATION,
)


# --- Days ---------------------------------------------------------------------------------


def span_rows(span: Span) -> Q:
    """The rows of a rollup table that make up the days of `span`: whole months from
    their month rows, the days at either end from their day rows."""
    first_whole = span.start if span.start.day == 1 else month_end(span.start) + timedelta(1)
    last_whole = (
        span.end if span.end == month_end(span.end) else month_start(span.end) - timedelta(1)
    )
    if first_whole > last_whole:  # no whole month inside: days only
        return Q(period=RollupPeriod.DAY, day__range=(span.start, span.end))
    rows = Q(period=RollupPeriod.MONTH, day__range=(first_whole, last_whole))
    if span.start < first_whole:
        rows |= Q(period=RollupPeriod.DAY, day__range=(span.start, first_whole - timedelta(1)))
    if last_whole < span.end:
        rows |= Q(period=RollupPeriod.DAY, day__range=(last_whole + timedelta(1), span.end))
    return rows


class DurationTenths(Func):
    """Whole tenths of a day from the second datetime to the first."""

    output_field = IntegerField()
    arity = 2

    def as_sql(self, compiler, connection, **extra_context):
        raise NotImplementedError(f"DurationTenths has no SQL for {connection.vendor}")

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql_template(
            compiler,
            connection,
            "FLOOR(EXTRACT(EPOCH FROM (%(expressions)s)) / 8640)::integer",
            " - ",
            **extra_context,
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        # julianday() in whole seconds first: a day's difference is no exact float.
        return self.as_sql_template(
            compiler,
            connection,
            "CAST(ROUND((%(expressions)s) * 86400) AS INTEGER) / 8640",
            " - ",
            wrap="julianday",
            **extra_context,
        )

    def as_sql_template(self, compiler, connection, template, joiner, wrap="", **extra):
        parts, params = [], []
        for expression in self.get_source_expressions():
            sql, expression_params = compiler.compile(expression)
            parts.append(f"{wrap}({sql})" if wrap else sql)
            params.extend(expression_params)
        return template % {"expressions": joiner.join(parts)}, params


def duration_bucket(tenths) -> SqlCase:
    """The histogram bucket of a duration in tenths of a day, as its lower end: tenths
    of a day under 10 days, whole days under 100, ten days beyond. A median is as
    precise as its bucket (a tenth of a day for most stays, a day for longer cases),
    and a day's or a month's histogram keeps a few hundred buckets at most."""
    return SqlCase(
        When(LessThan(tenths, 100), then=tenths),
        When(LessThan(tenths, 1000), then=tenths / 10 * 10),
        default=tenths / 100 * 100,
        output_field=IntegerField(),
    )


# --- Facts --------------------------------------------------------------------------------
#
# Each source below is a queryset of facts at the finest level, one row per thing
# counted, restricted to the days asked for by `on(field)` (a Q on one of its datetimes).


def _stage_of(field: str) -> SqlCase:
    return SqlCase(
        *[
            When(**{f"{field}__in": statuses_in_stage(stage)}, then=Value(stage))
            for stage in Stage.values
        ],
        default=Value(""),
        output_field=CharField(),
    )


def _place_facts(via: str = "") -> dict:
    """The organisation, district and department a fact counts under: its case's, read
    `via` the relation that leads from the fact's row to the case ("" on the case
    itself). A case with no organisation counts at the city federation, as it is
    handled there (cases.access)."""
    city = organisation_city()
    return {
        "fact_organisation": Coalesce(f"{via}organisation_id", Value(city.pk if city else 0)),
        "fact_district": F(f"{via}district_id"),
        "fact_department": F(f"{via}department_id"),
    }


def _resolution_facts() -> dict:
    """A closed case's resolution: resolved at all, at a grassroots organisation, and
    by mediation in the union (its agreement performed) without ever having gone to
    arbitration or the court."""
    resolved = Q(outcome__in=RESOLVED_OUTCOMES)
    went_beyond = CaseEvent.objects.filter(case=OuterRef("pk"), to_status__in=BEYOND_THE_UNION)
    return {
        "fact_resolved": SqlCase(When(resolved, then=1), default=0),
        "fact_resolved_grassroots": SqlCase(
            When(resolved & Q(organisation__kind__in=GRASSROOTS_KINDS), then=1), default=0
        ),
        "fact_resolved_in_union": SqlCase(
            When(
                Q(outcome=Outcome.AGREEMENT_PERFORMED) & ~Q(Exists(went_beyond)),
                then=1,
            ),
            default=0,
        ),
    }


def _flow_facts(on) -> list[QuerySet]:
    cases = Case.objects.order_by()
    sources = []
    for field, column in {"": None, **FLOW_FIELDS}.items():
        value = Cast(column, CharField()) if column else Value("")
        sources.append(
            cases.filter(on("created_at")).values(
                fact_day=TruncDate("created_at"),
                **_place_facts(),
                fact_field=Value(field),
                fact_value=value,
                fact_filed=Value(1),
                fact_workers=F("workers_involved"),
            )
        )
        sources.append(
            cases.filter(on("closed_at"), closed_at__isnull=False).values(
                fact_day=TruncDate("closed_at"),
                **_place_facts(),
                fact_field=Value(field),
                fact_value=value,
                fact_closed=Value(1),
                fact_recovered=F("amount_recovered"),
                **(_resolution_facts() if not field else {}),
            )
        )
    return sources


def _duration_facts(on) -> list[QuerySet]:
    """Each case closed, with how long from its filing; each stay in a stage that ended,
    with how long from entering it (`stage_entered_at`, written with each move between
    stages). A move within a stage neither ends a stay nor begins one; time spent closed
    is no stay."""
    closed = Case.objects.filter(on("closed_at"), closed_at__isnull=False).order_by()
    stays = (
        CaseEvent.objects.filter(on("at"), stage_entered_at__isnull=False)
        .exclude(to_status="")
        .annotate(from_stage=_stage_of("from_status"), to_stage=_stage_of("to_status"))
        .exclude(from_stage=F("to_stage"))
        .exclude(from_stage__in=["", Stage.CLOSED])
        .order_by()
    )
    return [
        closed.values(
            fact_day=TruncDate("closed_at"),
            **_place_facts(),
            fact_measure=Value(DurationCount.CASE),
            fact_tenths=duration_bucket(DurationTenths("closed_at", "created_at")),
            fact_n=Value(1),
        ),
        stays.values(
            fact_day=TruncDate("at"),
            **_place_facts("case__"),
            fact_measure=F("from_stage"),
            fact_tenths=duration_bucket(DurationTenths("at", "stage_entered_at")),
            fact_n=Value(1),
        ),
    ]


def _mediation_facts(on) -> list[QuerySet]:
    ends = CaseEvent.objects.filter(to_status__in=MEDIATION_ENDS).order_by()
    following = (
        ends.filter(case=OuterRef("case"))
        .filter(Q(at__gt=OuterRef("at")) | Q(at=OuterRef("at"), pk__gt=OuterRef("pk")))
        .order_by("at", "pk")
        .annotate(day=TruncDate("at"))
        .values("day")[:1]
    )
    return [
        ends.filter(on("at")).values(
            fact_day=TruncDate("at"),
            **_place_facts("case__"),
            fact_next_day=Subquery(following),
            fact_agreed=SqlCase(When(to_status=Status.AGREEMENT, then=1), default=0),
            fact_failed=SqlCase(When(to_status=Status.MEDIATION_FAILED, then=1), default=0),
        )
    ]


def _deadline_facts(on) -> list[QuerySet]:
    """Deadlines ended, on time when on or before the due day in Beijing time."""
    return [
        Deadline.objects.filter(on("met_at"), met_at__isnull=False)
        .order_by()
        .values(
            fact_day=TruncDate("met_at"),
            **_place_facts("case__"),
            fact_rule=F("rule_id"),
            fact_ended=Value(1),
            fact_on_time=SqlCase(When(met_at__date__lte=F("due_on"), then=1), default=0),
        )
    ]


def _call_facts(on) -> list[QuerySet]:
    """Each 12351 call, by the department that took it and in the union's total (which
    also holds the calls taken outside any department); on time as the hotline counts
    it (CALLBACK_ON_TIME)."""
    calls = Call.objects.filter(on("received_at")).order_by()
    facts = {
        "fact_day": TruncDate("received_at"),
        "fact_district": Value(0),
        "fact_outcome": F("outcome"),
        "fact_category": Coalesce("category_id", 0),
        "fact_linked": ExpressionWrapper(Q(case__isnull=False), output_field=BooleanField()),
        "fact_on_time": SqlCase(
            When(CALLBACK_ON_TIME, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        "fact_n": Value(1),
    }
    return [
        calls.filter(department__isnull=False).values(**facts, fact_department=F("department_id")),
        calls.values(**facts, fact_department=Value(0)),
    ]


def _open_facts() -> list[QuerySet]:
    open_cases = Case.objects.exclude(status=Status.CLOSED).order_by()
    warned = EarlyWarning.objects.filter(case=OuterRef("pk"), resolved_at__isnull=True)
    sources = [
        open_cases.values(
            **_place_facts(),
            fact_field=Value(""),
            fact_value=Value(""),
            fact_status=F("status"),
            fact_deadline_state=F("deadline_state"),
            fact_is_collective=F("is_collective"),
            fact_warned=Exists(warned),
            fact_n=Value(1),
        )
    ]
    for field, column in FLOW_FIELDS.items():
        sources.append(
            open_cases.values(
                **_place_facts(),
                fact_field=Value(field),
                fact_value=Cast(column, CharField()),
                fact_deadline_state=F("deadline_state"),
                fact_n=Value(1),
            )
        )
    return sources


@dataclass(frozen=True)
class Rollup:
    model: type[models.Model]
    keys: tuple[str, ...]  # besides period, day, district and department
    sums: tuple[str, ...]
    facts: object  # (on) -> list of fact querysets; for the open cases () -> list
    marked: type[models.Model] = Case  # whose saves mark the days to redo
    levels: bool = True  # the coarser levels summed from the finest rows
    months: bool = True  # month rows beside the day rows

    @property
    def by_day(self) -> bool:
        return self.model is not OpenCaseCount


DAY_ROLLUPS = (
    Rollup(
        CaseFlow,
        ("field", "value"),
        (
            "filed",
            "closed",
            "workers",
            "recovered",
            "resolved",
            "resolved_grassroots",
            "resolved_in_union",
        ),
        _flow_facts,
    ),
    Rollup(DurationCount, ("measure", "tenths"), ("n",), _duration_facts),
    Rollup(MediationEnd, ("next_day",), ("agreed", "failed"), _mediation_facts),
    Rollup(DeadlineEnd, ("rule",), ("ended", "on_time"), _deadline_facts),
    Rollup(
        CallCount,
        ("outcome", "category", "linked", "on_time"),
        ("n",),
        _call_facts,
        marked=Call,
        levels=False,
        months=False,
    ),
)
OPEN_ROLLUP = Rollup(
    OpenCaseCount,
    ("field", "value", "status", "deadline_state", "is_collective", "warned"),
    ("n",),
    _open_facts,
)


# --- Writing ------------------------------------------------------------------------------


def _insert(rollup: Rollup, sources: list[QuerySet], *, nonzero: bool = False, **constants) -> None:
    """INSERT INTO the rollup's table its facts from every source, summed by every key:
    one statement, each source's SQL as the ORM compiles it for this database. A key a
    source does not have takes its default, a sum 0. `nonzero`: leave out the keys
    whose sums all came to zero."""
    model, quote = rollup.model, connection.ops.quote_name
    keys = [name for name in rollup.keys if name not in constants]
    keys = [*(["day"] if rollup.by_day else []), *DIMENSIONS, *keys]
    members, params = [], []
    for source in sources:
        given = set(source.query.annotation_select) | set(source.query.values_select)
        select = []
        for name in keys:
            if f"fact_{name}" in given:
                select.append(quote(f"fact_{name}"))
            else:
                select.append(f"%s AS {quote(f'fact_{name}')}")
                params.append(model._meta.get_field(name).get_default())
        for name in rollup.sums:
            fact = quote(f"fact_{name}")
            select.append(fact if f"fact_{name}" in given else f"0 AS {fact}")
        sql, source_params = source.query.sql_with_params()
        members.append(f"SELECT {', '.join(select)} FROM ({sql}) AS source")  # noqa: S608
        params.extend(source_params)
    columns = [*constants, *keys, *rollup.sums]
    table = quote(model._meta.db_table)
    targets = ", ".join(quote(model._meta.get_field(name).column) for name in columns)
    grouping = ", ".join(quote(f"fact_{name}") for name in keys)
    select = [
        *(["%s"] * len(constants)),
        *(quote(f"fact_{name}") for name in keys),
        *(f"SUM({quote(f'fact_{name}')})" for name in rollup.sums),
    ]
    having = ""
    if nonzero:
        having = " HAVING " + " OR ".join(
            f"SUM({quote(f'fact_{name}')}) <> 0" for name in rollup.sums
        )
    with connection.cursor() as cursor:
        # Every name is a field of our models; every value a parameter.
        cursor.execute(
            f"INSERT INTO {table} ({targets}) SELECT {', '.join(select)} "  # noqa: S608
            f"FROM ({' UNION ALL '.join(members)}) AS facts GROUP BY {grouping}{having}",
            [*constants.values(), *params],
        )


def _coarser_levels(rollup: Rollup, rows: QuerySet) -> None:
    """The levels kept, summed from the finest rows (each organisation, district and
    department together), which are then deleted: every organisation alone (district
    and department 0), and over every organisation (0) each district and department
    together, each district, each department and everything. An organisation is not
    crossed with districts and departments: those are the city federation's, and the
    rows would multiply by them. Before the tree exists (no city federation) the cases
    have no organisation: their rows are at organisation 0 already, the finest kept."""
    if organisation_city() is None:
        finest = rows.filter(district__gt=0, department__gt=0).order_by()
        levels = [kept for kept in LEVELS if not kept[0] and kept != (False, True, True)]
    else:
        finest = rows.filter(organisation__gt=0, district__gt=0, department__gt=0).order_by()
        levels = LEVELS
    fields = {f"fact_{name}": F(name) for name in rollup.keys}
    if rollup.by_day:
        fields = {"fact_day": F("day"), **fields}
    sums = {f"fact_{name}": F(name) for name in rollup.sums}
    for kept in levels:
        level = {
            f"fact_{name}": F(name) if keep else Value(0)
            for name, keep in zip(DIMENSIONS, kept, strict=True)
        }
        _insert(rollup, [finest.values(**fields, **level, **sums)], **_period(rollup))
    if levels is LEVELS:
        finest.delete()


def _period(rollup: Rollup) -> dict:
    return {"period": RollupPeriod.DAY} if rollup.by_day else {}


def _on_days(days: list[date] | None):
    if days is None:
        return lambda field: Q()
    return lambda field: reduce(or_, (Span(day, day).q(field) for day in days))


def _as_months(rollup: Rollup, day_rows: QuerySet, sign: int = 1) -> QuerySet:
    """The day rows as facts of their months (their sums negated for sign -1)."""
    return day_rows.order_by().values(
        fact_day=TruncMonth("day"),
        **{f"fact_{name}": F(name) for name in DIMENSIONS},
        **{f"fact_{name}": F(name) for name in rollup.keys},
        **{f"fact_{name}": F(name) * sign for name in rollup.sums},
    )


def _month_rows_compact(rollup: Rollup, months: list[date]) -> None:
    """Sum the months' rows anew, one row per key, dropping those that came to zero:
    the sums are written as new rows, then the rows they were summed from (those
    written before them, one refresh running at a time) deleted."""
    rows = rollup.model.objects.filter(period=RollupPeriod.MONTH, day__in=months).order_by()
    last = rollup.model.objects.aggregate(last=Max("pk"))["last"] or 0
    facts = rows.values(
        fact_day=F("day"),
        **{f"fact_{name}": F(name) for name in DIMENSIONS},
        **{f"fact_{name}": F(name) for name in rollup.keys},
        **{f"fact_{name}": F(name) for name in rollup.sums},
    )
    _insert(rollup, [facts], nonzero=True, period=RollupPeriod.MONTH)
    rows.filter(pk__lte=last).delete()


def _day_rollup_write(rollup: Rollup, days: list[date] | None) -> None:
    """Redo the rollup's rows of the days (of every day when `days` is None) and of their
    months. A month takes a redone day's change: its old rows taken away, its new rows
    added, then the month summed anew (reading the month's rows, not its days')."""
    model = rollup.model
    day_rows = model.objects.filter(period=RollupPeriod.DAY)
    if days is None:
        model.objects.all().delete()
    else:
        day_rows = day_rows.filter(day__in=days)
        if rollup.months:
            _insert(rollup, [_as_months(rollup, day_rows, -1)], period=RollupPeriod.MONTH)
        day_rows.delete()
    _insert(rollup, rollup.facts(_on_days(days)), period=RollupPeriod.DAY)
    if rollup.levels:
        _coarser_levels(rollup, day_rows)
    if rollup.months:
        _insert(rollup, [_as_months(rollup, day_rows)], period=RollupPeriod.MONTH)
        if days is not None:
            _month_rows_compact(rollup, sorted({month_start(day) for day in days}))


def _rollups_write(days: dict[type[models.Model], list[date]] | None) -> None:
    """Redo the rows of the days of each rollup (`days` by the model whose saves mark
    them; every day when None), their months' rows, and the open cases."""
    if connection.vendor == "postgresql":
        # These statements are planned as costly and run in well under a second:
        # compiling them (JIT) would cost PostgreSQL more than it saves.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
    for rollup in DAY_ROLLUPS:
        redo = None if days is None else days[rollup.marked]
        if redo != []:
            _day_rollup_write(rollup, redo)
    OpenCaseCount.objects.all().delete()
    _insert(OPEN_ROLLUP, OPEN_ROLLUP.facts())
    _coarser_levels(OPEN_ROLLUP, OpenCaseCount.objects.all())


def _local_days(rows: QuerySet, field: str) -> set[date]:
    """The distinct local days of a datetime field of the rows."""
    days = rows.order_by().annotate(local_day=TruncDate(field)).values_list("local_day", flat=True)
    return {day if isinstance(day, date) else date.fromisoformat(day) for day in days.distinct()}


def _days_touched(case_ids: list[int]) -> set[date]:
    """Every local day the cases' figures fall on: filing, closing, each move of the
    timeline (a reopened case's old closing among them) and each deadline's end."""
    days: set[date] = set()
    for start in range(0, len(case_ids), CLEAR_CHUNK):
        chunk = case_ids[start : start + CLEAR_CHUNK]
        cases = Case.objects.filter(pk__in=chunk)
        days |= _local_days(cases, "created_at")
        days |= _local_days(cases.filter(closed_at__isnull=False), "closed_at")
        # Notes and the like count in no figure: the moves only.
        days |= _local_days(CaseEvent.objects.filter(case__in=chunk).exclude(to_status=""), "at")
        days |= _local_days(Deadline.objects.filter(case__in=chunk, met_at__isnull=False), "met_at")
    return days


def _clear_marks(model: type[models.Model], marks: list[tuple[int, datetime]]) -> None:
    """Clear the marks of the cases (calls) as they were read: one saved again since
    keeps its mark for the next refresh."""
    for start in range(0, len(marks), CLEAR_CHUNK):
        chunk = marks[start : start + CLEAR_CHUNK]
        same = reduce(or_, (Q(pk=pk, updated_at=updated_at) for pk, updated_at in chunk))
        model.objects.filter(same).update(figures_pending=False)


def _pending(model: type[models.Model]) -> list[tuple[int, datetime]]:
    return list(
        model.objects.filter(figures_pending=True).order_by().values_list("pk", "updated_at")
    )


def _call_days(call_ids: list[int]) -> set[date]:
    """The local days the calls were received on: every figure of a call falls there."""
    days: set[date] = set()
    for start in range(0, len(call_ids), CLEAR_CHUNK):
        days |= _local_days(
            Call.objects.filter(pk__in=call_ids[start : start + CLEAR_CHUNK]), "received_at"
        )
    return days


@transaction.atomic
def rollups_rebuild(*, now: datetime | None = None) -> RollupState:
    """Redo every figure from the cases and calls (nightly, and the first time)."""
    now = now or timezone.now()
    state = _state_locked()
    marks = {model: _pending(model) for model in (Case, Call)}
    _rollups_write(None)
    for model, read in marks.items():
        _clear_marks(model, read)
    state.built_at = state.refreshed_at = now
    state.save()
    return state


@transaction.atomic
def rollups_refresh(
    *, now: datetime | None = None, unless_since: datetime | None = None
) -> RollupState | None:
    """Redo the days the cases and calls saved since the last refresh touch, and the
    open cases (whose deadline states and warnings change without a save of the case).
    Beat's call returns None at once when another refresh holds the figures (that one
    brings them up to date); with `unless_since` it waits for the other, and does
    nothing when the figures were refreshed since then."""
    now = now or timezone.now()
    state = _state_locked(skip_locked=unless_since is None)
    if state is None:
        return None
    if state.built_at is None:
        return rollups_rebuild(now=now)
    if unless_since and state.refreshed_at and state.refreshed_at >= unless_since:
        return state
    marks = {model: _pending(model) for model in (Case, Call)}
    _rollups_write(
        {
            Case: sorted(_days_touched([pk for pk, _updated in marks[Case]])),
            Call: sorted(_call_days([pk for pk, _updated in marks[Call]])),
        }
    )
    for model, read in marks.items():
        _clear_marks(model, read)
    state.refreshed_at = now
    state.save(update_fields=["refreshed_at"])
    return state


def _state_locked(*, skip_locked: bool = False) -> RollupState | None:
    RollupState.objects.get_or_create(pk=1)
    return RollupState.objects.select_for_update(skip_locked=skip_locked).filter(pk=1).first()


def rollups_current(*, stale_after: timedelta) -> datetime:
    """When the figures were brought up to date, doing so first when they never were or
    beat has not for `stale_after` (a portal running without it)."""
    now = timezone.now()
    refreshed_at = RollupState.objects.filter(pk=1).values_list("refreshed_at", flat=True).first()
    if refreshed_at is None or refreshed_at < now - stale_after:
        refreshed_at = rollups_refresh(now=now, unless_since=now - stale_after).refreshed_at
    return refreshed_at
