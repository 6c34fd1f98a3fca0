"""Every read of the hotline app: the desk's lists, the caller history and the figures
for the leadership dashboard. Lists select what they show (a fixed number of queries
however long they are); figures aggregate in the database."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.cache import cache
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, DisputeCategory
from cases.workflow import Outcome, Status
from zhanjiang_union.localnames import local_name_expression
from zhanjiang_union.logs import LogEntry

from .models import GROUP_VISIT_THRESHOLD, Call, ExternalPetition, FollowUp, Visit

HISTORY_LIMIT = 20
TODAY_LIMIT = 50


def _day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """Local midnight of `start` to local midnight after `end`: the period, inclusive."""
    zone = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(start, time.min), zone),
        timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), zone),
    )


def _calls_for_lists() -> QuerySet[Call]:
    return Call.objects.select_related(
        "operator", "category", "referred_to", "case", "callback_assignee"
    )


# --- The desk -------------------------------------------------------------------------------


def calls_today(*, today: date | None = None) -> QuerySet[Call]:
    since, until = _day_bounds(today or timezone.localdate(), today or timezone.localdate())
    return _calls_for_lists().filter(received_at__gte=since, received_at__lt=until)


def callbacks_open(*, operator=None) -> QuerySet[Call]:
    """Open callbacks, the one due first on top; one operator's queue when given."""
    calls = _calls_for_lists().filter(outcome=Call.Outcome.CALLBACK, callback_done_at__isnull=True)
    if operator is not None:
        calls = calls.filter(
            Q(callback_assignee=operator) | Q(callback_assignee__isnull=True, operator=operator)
        )
    return calls.order_by("callback_due_on", "callback_at", "received_at", "id")


def caller_history(*, phone: str) -> list[Call]:
    """The latest calls from this number."""
    return list(_calls_for_lists().filter(phone=phone)[:HISTORY_LIMIT])


def cases_for_phone(*, phone: str) -> list[dict]:
    """The cases a complainant with this phone is on: number, status and department
    only. Operators must know the cases exist; the people and facts stay on the
    case page, for those working it."""
    cases = (
        Case.objects.filter(complainants__phone=phone)
        .distinct()
        .order_by("-created_at")
        .values(
            "pk", "number", "status", department_label=local_name_expression("department__name")
        )[:HISTORY_LIMIT]
    )
    return [
        {
            "pk": row["pk"],
            "number": row["number"],
            "status": Status(row["status"]).label,
            "department": row["department_label"],
        }
        for row in cases
    ]


@dataclass
class CallFilters:
    day: date | None = None
    phone: str = ""
    open_callbacks: bool = False


def call_list(*, filters: CallFilters) -> QuerySet[Call]:
    calls = _calls_for_lists()
    if filters.day:
        since, until = _day_bounds(filters.day, filters.day)
        calls = calls.filter(received_at__gte=since, received_at__lt=until)
    if filters.phone:
        calls = calls.filter(phone=filters.phone)
    return calls


def call_attempts(*, call: Call) -> list[LogEntry]:
    """The callback attempts, for the one log display (zhanjiang_union.logs)."""
    return [
        LogEntry(
            at=attempt.at, who=str(attempt.by), text=attempt.get_result_display(), note=attempt.note
        )
        for attempt in call.attempts.select_related("by")
    ]


# --- Follow-ups, visits, external petitions ----------------------------------------------------


def follow_ups_due(*, days: int = 30, now: datetime | None = None) -> QuerySet[Case]:
    """Closed cases, closed in the last `days` days, not yet followed up (回访), the
    longest waiting first. A case merged into another is followed up with that one."""
    since = (now or timezone.now()) - timedelta(days=days)
    return (
        Case.objects.filter(status=Status.CLOSED, closed_at__gte=since)
        .exclude(outcome=Outcome.MERGED)
        .exclude(Exists(FollowUp.objects.filter(case=OuterRef("pk"))))
        .select_related("department")
        .prefetch_related("complainants")
        .order_by("closed_at", "id")
    )


FOLLOW_UPS_GENERATION = "hotline:followups:generation"


def follow_ups_count_key(*, days: int) -> str:
    """The cache key of the follow-up list's count: a follow-up recorded starts a new
    generation (`follow_ups_count_outdate`), so the operator who recorded it sees the total
    go down at once; cases closed since are counted within the minute."""
    generation = cache.get_or_set(FOLLOW_UPS_GENERATION, 0, None)
    return f"hotline:followups:{generation}:{days}"


def follow_ups_count_outdate() -> None:
    try:
        cache.incr(FOLLOW_UPS_GENERATION)
    except ValueError:  # not cached (a fresh cache): any new value will do
        cache.set(FOLLOW_UPS_GENERATION, 1, None)


def visit_list() -> QuerySet[Visit]:
    return (
        Visit.objects.select_related("received_by", "case")
        .prefetch_related("representatives")
        .order_by("-visited_at", "-id")
    )


def external_petition_list() -> QuerySet[ExternalPetition]:
    return ExternalPetition.objects.select_related("case", "recorded_by").order_by(
        "-petitioned_on", "-id"
    )


_NUMBER_PARTS_RE = re.compile(r"([0-9]{4})\D+0*([0-9]{1,9})")


def case_by_number(*, text: str) -> Case | None:
    """The case with this number, typed in full (湛工维〔2026〕00123号) or short
    (2026-123, 2026/00123)."""
    text = text.strip()
    if not text:
        return None
    case = Case.objects.select_related("department").filter(number=text).first()
    if case is None and (match := _NUMBER_PARTS_RE.search(text)):
        case = (
            Case.objects.select_related("department")
            .filter(year=int(match[1]), sequence=int(match[2]))
            .first()
        )
    return case


def case_hotline_records(*, case: Case) -> dict:
    """What the hotline knows of a case, for its page: the calls and visits it came
    from and the satisfaction follow-up once closed."""
    return {
        "calls": list(case.hotline_calls.select_related("operator").order_by("received_at")),
        "visits": list(case.petition_visits.select_related("received_by").order_by("visited_at")),
        "follow_up": FollowUp.objects.select_related("by").filter(case=case).first(),
    }


# --- Figures for the leadership dashboard ------------------------------------------------------


def _buckets(start: date, end: date, step: str) -> list[date]:
    """Every day, week (its Monday) or month (its 1st) that overlaps the period."""
    if step == "day":
        first, days = start, 1
    elif step == "week":
        first, days = start - timedelta(days=start.weekday()), 7
    else:
        first = start.replace(day=1)
        buckets = []
        while first <= end:
            buckets.append(first)
            first = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
        return buckets
    buckets = []
    while first <= end:
        buckets.append(first)
        first += timedelta(days=days)
    return buckets


@dataclass(frozen=True)
class CallCount:
    """Calls received on a day with one outcome and category (None: consultation only),
    linked to a case or not, called back on time or not: the rows the call figures
    are summed from."""

    day: date
    outcome: str
    category_id: int | None
    linked: bool
    on_time: bool
    n: int


# A callback is on time when it was made on or before its due day in Beijing time.
CALLBACK_ON_TIME = Q(
    outcome=Call.Outcome.CALLBACK, callback_done_at__date__lte=F("callback_due_on")
)


def call_counts(calls: QuerySet[Call]) -> list[CallCount]:
    """The calls grouped as CallCount rows, in one query."""
    rows = (
        calls.annotate(
            day=TruncDate("received_at", tzinfo=timezone.get_current_timezone()),
            linked=ExpressionWrapper(Q(case__isnull=False), output_field=BooleanField()),
            in_time=ExpressionWrapper(CALLBACK_ON_TIME, output_field=BooleanField()),
        )
        .values("day", "outcome", "category_id", "linked", "in_time")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [
        CallCount(
            day=row["day"],
            outcome=row["outcome"],
            category_id=row["category_id"],
            linked=bool(row["linked"]),
            on_time=bool(row["in_time"]),
            n=row["n"],
        )
        for row in rows
    ]


def _series(counts: list[CallCount], start: date, end: date, step: str):
    buckets = _buckets(start, end, step)
    totals = dict.fromkeys(buckets, 0)
    for row in counts:
        if step == "day":
            bucket = row.day
        elif step == "week":
            bucket = row.day - timedelta(days=row.day.weekday())
        else:
            bucket = row.day.replace(day=1)
        totals[bucket] = totals.get(bucket, 0) + row.n
    return [(bucket, totals[bucket]) for bucket in buckets]


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def hotline_figures(
    *,
    start: date,
    end: date,
    department=None,
    cases_filed: int | None = None,
    counts: list[CallCount] | None = None,
) -> dict:
    """The hotline's and the petition desk's figures for [start, end] (local dates,
    both inclusive), for the leadership dashboard.

    `department` (a Department or its id) narrows each count to its own department
    field: calls and visits by the department that took them, cases by their
    responsible department, external petitions by the department of their case (those
    without a case count only union-wide). Series list every day, week (by its Monday)
    and month (by its 1st) of the period, zeros included. Rates are shares from 0 to 1,
    None when there is nothing to divide by; `external_petitions_per_100_cases` is per
    hundred cases filed in the period. `cases_filed` and `counts` (the period's calls as
    CallCount rows) are given by a caller that keeps them ready (the dashboard); else
    they are read here.
    """
    since, until = _day_bounds(start, end)
    department_id = getattr(department, "pk", department)
    calls = Call.objects.filter(received_at__gte=since, received_at__lt=until)
    visits = Visit.objects.filter(visited_at__gte=since, visited_at__lt=until)
    cases = Case.objects.filter(created_at__gte=since, created_at__lt=until)
    petitions = ExternalPetition.objects.filter(petitioned_on__gte=start, petitioned_on__lte=end)
    if department_id is not None:
        calls = calls.filter(department_id=department_id)
        visits = visits.filter(department_id=department_id)
        cases = cases.filter(department_id=department_id)
        petitions = petitions.filter(department_id=department_id)

    Outcome = Call.Outcome
    if counts is None:
        counts = call_counts(calls)
    total = sum(row.n for row in counts)
    # Resolved on the call: advice given, and no case, referral or callback came of it.
    resolved = sum(row.n for row in counts if row.outcome == Outcome.ADVICE and not row.linked)
    callbacks = sum(row.n for row in counts if row.outcome == Outcome.CALLBACK)
    on_time = sum(row.n for row in counts if row.on_time)
    by_outcome: dict[str, int] = {}
    by_category: dict[int | None, int] = {}
    for row in counts:
        by_outcome[row.outcome] = by_outcome.get(row.outcome, 0) + row.n
        by_category[row.category_id] = by_category.get(row.category_id, 0) + row.n
    categories = [
        category
        for category in DisputeCategory.objects.order_by("order", "id")
        if category.active or category.pk in by_category
    ]
    visit_totals = visits.aggregate(
        total=Count("id"), groups=Count("id", filter=Q(visitor_count__gte=GROUP_VISIT_THRESHOLD))
    )
    external = petitions.count()
    # Satisfaction: the follow-up calls (回访) and the workers' own ratings, one figure.
    follow_ups = FollowUp.objects.filter(at__gte=since, at__lt=until)
    if department_id is not None:
        follow_ups = follow_ups.filter(case__department_id=department_id)
    by_result = {
        row["result"]: row["n"]
        for row in follow_ups.values("result").annotate(n=Count("id")).order_by()
    }
    follow_ups_total = sum(by_result.values())
    satisfied = by_result.get(FollowUp.Result.SATISFIED, 0) + by_result.get(
        FollowUp.Result.FAIRLY_SATISFIED, 0
    )
    if cases_filed is None:
        cases_filed = cases.count()
    inside_base = cases_filed + visit_totals["total"]

    return {
        "calls_total": total,
        "calls_by_day": _series(counts, start, end, "day"),
        "calls_by_week": _series(counts, start, end, "week"),
        "calls_by_month": _series(counts, start, end, "month"),
        "calls_by_category": [
            *((str(category), by_category.get(category.pk, 0)) for category in categories),
            (_("Consultation only"), by_category.get(None, 0)),
        ],
        "calls_by_outcome": [
            (str(label), by_outcome.get(value, 0)) for value, label in Outcome.choices
        ],
        "resolved_on_call_rate": _rate(resolved, total),
        "callbacks_total": callbacks,
        "callbacks_on_time": on_time,
        "callbacks_on_time_rate": _rate(on_time, callbacks),
        "visits_total": visit_totals["total"],
        "group_visits": visit_totals["groups"],
        "external_petitions": external,
        "cases_filed": cases_filed,
        "external_petitions_per_100_cases": (external * 100 / cases_filed if cases_filed else None),
        # "诉求不出门": the share of demands brought to the union that stayed inside it.
        "resolved_inside_rate": (max(0.0, 1 - external / inside_base) if inside_base else None),
        "follow_ups_total": follow_ups_total,
        "satisfaction_rate": _rate(satisfied, follow_ups_total),
        "follow_ups_by_result": [
            (str(label), by_result.get(value, 0)) for value, label in FollowUp.Result.choices
        ],
    }
