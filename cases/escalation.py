"""The escalation engine: the set-wise sweep that case deadlines and hotline callbacks
share.

A time limit is a row with a due date and a state (normal, due soon, overdue, long
overdue). The sweep moves each row to the state its due date puts it in today and
records one escalation row per level it reached; the source then tells people. Every
step works on sets, so the number of statements does not grow with the rows:

- `states_set`: one UPDATE per (from, to) pair of states, each a range scan over the
  few rows that cross a band edge, through an index on (state, due date);
  Each move first records the escalation levels the new state owes, one INSERT …
  SELECT … ON CONFLICT DO NOTHING per level over the same crossing rows, in the move's
  transaction. The unique (row, level) constraint is the once-only guard: a rerun, two
  workers sweeping at once or a worker killed half-way neither doubles nor loses an
  escalation, and a sweep that did not run is made good by the next (the rows still
  cross). `escalations_insert` records what a row's present state owes, for the rows
  whose state is set elsewhere and for the nightly reconciliation over every row;
- `escalations_claim`: the pending escalations, a chunk per transaction, claimed with
  SKIP LOCKED where the database has it, so two workers share the sending instead of
  both doing it; a chunk whose notifying fails rolls back and the next sweep sends it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from zhanjiang_union.workdays.calendar import add_working_days, subtract_working_days

NORMAL, DUE_SOON, OVERDUE, OVERDUE_LONG = "normal", "due_soon", "overdue", "overdue_long"
# The escalation levels a row in each state is owed. A row that skipped a level because
# sweeps were missed still gets the overdue levels below its own (its department head
# must hear of it), but not "due soon", which is moot once it is late.
LEVELS_OWED = {
    DUE_SOON: [DUE_SOON],
    OVERDUE: [OVERDUE],
    OVERDUE_LONG: [OVERDUE, OVERDUE_LONG],
}


@dataclass(frozen=True)
class Bands:
    """The due-date bands of the states on one day: long overdue before `long_before`,
    overdue before today, due soon from the first day of the row's own due-soon window
    (a case deadline's rule says how long it is) or, for rows that all follow one rule
    without storing their window (the hotline's callbacks), up to `soon_until`, the last
    due day that rule's window reaches today (`cases.deadlines.soon_until`). Rows with no
    rule at all (12345 work orders, whose limits come on the order) take
    DEADLINE_DUE_SOON_DAYS working days."""

    today: date
    soon_until: date
    long_before: date

    @classmethod
    def on(cls, today: date, *, soon_until: date | None = None) -> "Bands":
        return cls(
            today=today,
            soon_until=soon_until or add_working_days(today, settings.DEADLINE_DUE_SOON_DAYS),
            long_before=subtract_working_days(today, settings.DEADLINE_OVERDUE_LONG_DAYS),
        )

    def state_of(self, due_on: date, soon_on: date | None = None) -> str:
        """The state of a row due on `due_on`; with `soon_on` (the first day of its rule's
        due-soon window) due soon from that day, else `soon_until`'s fixed span."""
        if due_on < self.long_before:
            return OVERDUE_LONG
        if due_on < self.today:
            return OVERDUE
        if soon_on is not None:
            return DUE_SOON if soon_on <= self.today else NORMAL
        if due_on <= self.soon_until:
            return DUE_SOON
        return NORMAL

    def filters(self, due_field: str, soon_field: str | None = None) -> dict[str, Q]:
        """{state: the condition on `due_field` (and `soon_field`, the first day of each
        row's due-soon window, where the rows store one) that puts a row in it}."""
        late = {
            OVERDUE_LONG: Q(**{f"{due_field}__lt": self.long_before}),
            OVERDUE: Q(**{f"{due_field}__gte": self.long_before, f"{due_field}__lt": self.today}),
        }
        if soon_field is None:
            return {
                **late,
                DUE_SOON: Q(
                    **{f"{due_field}__gte": self.today, f"{due_field}__lte": self.soon_until}
                ),
                NORMAL: Q(**{f"{due_field}__gt": self.soon_until}),
            }
        return {
            **late,
            DUE_SOON: Q(**{f"{due_field}__gte": self.today, f"{soon_field}__lte": self.today}),
            NORMAL: Q(**{f"{due_field}__gte": self.today, f"{soon_field}__gt": self.today}),
        }


def states_set(
    rows: QuerySet,
    *,
    due_field: str,
    state_field: str,
    bands: Bands,
    escalations: type[models.Model] | None = None,
    soon_field: str | None = None,
) -> tuple[int, int]:
    """Move every row to the state its due date puts it in: (rows moved, escalations).

    One UPDATE per (from, to) pair rather than one over every row: each touches only the
    rows that cross, found through the (state, due date) index. With `escalations`, the
    levels the new state owes are recorded first, in the same transaction as the move
    (`escalations_insert` on the same few rows): a worker killed between the two leaves
    neither, and the next sweep does both."""
    moved = escalated = 0
    filters = bands.filters(due_field, soon_field)
    for target, band in filters.items():
        for source in filters:
            if source == target:
                continue
            crossing = rows.filter(band, **{state_field: source})
            with transaction.atomic():
                if escalations is not None and LEVELS_OWED.get(target):
                    escalated += _escalations_insert(
                        escalations, crossing, levels=LEVELS_OWED[target]
                    )
                moved += crossing.update(**{state_field: target})
    return moved, escalated


def escalations_insert(*, model: type[models.Model], rows: QuerySet, state_field: str) -> int:
    """Record the levels each of `rows` is owed by its present state (LEVELS_OWED), once.

    For a row whose state is set outside the sweep (a deadline opened already due soon,
    a clock resumed past its due day), and as the nightly reconciliation over every
    running row, which would make good any escalation missed all the same."""
    created = 0
    for level in (DUE_SOON, OVERDUE, OVERDUE_LONG):
        states = [state for state, owed in LEVELS_OWED.items() if level in owed]
        created += _escalations_insert(
            model, rows.filter(**{f"{state_field}__in": states}), levels=[level]
        )
    return created


def escalations_owed(*, model: type[models.Model], rows: QuerySet, state: str) -> int:
    """`escalations_insert` for rows whose state is known, all `state`: a row set to
    "normal" (most deadlines as they open) costs no statement at all."""
    levels = LEVELS_OWED.get(state)
    return _escalations_insert(model, rows, levels=levels) if levels else 0


def _escalations_insert(model: type[models.Model], rows: QuerySet, *, levels: list[str]) -> int:
    """One INSERT … SELECT … ON CONFLICT DO NOTHING per level: `model` has a foreign key
    to the rows' model, a `level`, `created_at` and `notified`, unique on (key, level)."""
    key = next(
        field
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is rows.model
    )
    owing = rows.annotate(owing_id=F("pk")).values("owing_id").order_by()
    sql, params = owing.query.sql_with_params()
    now = timezone.now()
    created = 0
    with connection.cursor() as cursor:
        for level in levels:
            # Table and column names come from _meta; every value is a parameter. The
            # WHERE keeps SQLite from reading ON CONFLICT as a join's ON.
            cursor.execute(
                f"INSERT INTO {model._meta.db_table} "  # noqa: S608
                f"({key.column}, level, created_at, notified) "
                f"SELECT owing.owing_id, %s, %s, %s FROM ({sql}) AS owing WHERE 1 = 1 "
                f"ON CONFLICT ({key.column}, level) DO NOTHING",
                [level, now, "[]", *params],
            )
            created += max(cursor.rowcount, 0)
    return created


def burst_analyze(created: int, *models: type[models.Model]) -> bool:
    """After a burst (a sweep that recorded many escalations, as after beat was down),
    ANALYZE the tables the notifying statements join, within the sweep, on PostgreSQL.

    The planner reads row counts from the statistics of the last ANALYZE; autovacuum
    runs it only minutes after a burst. A table analysed while small (the escalations
    of a quiet day) then reads as a few rows, and the joins that write the burst's
    notifications are planned as nested loops over rows the planner thinks are one:
    764 s instead of seconds for 11,000 escalations in one incident. ANALYZE samples a
    fixed number of rows, so it costs well under a second at any size."""
    if created < settings.SWEEP_ANALYZE_AFTER or connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return True


def escalations_claim(
    *, model: type[models.Model], chunk: int, notify: Callable[[QuerySet], None]
) -> int:
    """Hand the pending escalations of `model` to `notify`, a chunk per transaction;
    the number handed. `notify` gets the claimed rows as a queryset, already stamped
    `notified_at`, and records whom it told."""
    total = 0
    while True:
        with transaction.atomic():
            pending = model.objects.filter(notified_at__isnull=True).order_by("pk")
            if connection.features.has_select_for_update_skip_locked:
                pending = pending.select_for_update(skip_locked=True)
            ids = list(pending.values_list("pk", flat=True)[:chunk])
            if not ids:
                return total
            now = timezone.now()
            model.objects.filter(pk__in=ids).update(notified_at=now)
            # The claim's stamp and id range select this chunk set-wise from here on:
            # rows another worker holds are not visible to this transaction.
            notify(model.objects.filter(pk__gte=ids[0], pk__lte=ids[-1], notified_at=now))
            total += len(ids)
