"""The one writer of a case's timeline lines (`CaseEvent`).

Every app records what happened to a case through `case_event_record` (or, for many
cases at once, `case_events_record_set`): the line is put
into words when shown, in the reader's language (`cases.timeline`), from its action and
data; the stored summary keeps it as the actor read it, for the admin and exports."""

from __future__ import annotations

from functools import partial

from django.db import connection
from django.db.models import (
    BooleanField,
    CharField,
    DateTimeField,
    F,
    IntegerField,
    JSONField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.utils import timezone

from . import timeline
from .models import Case, CaseEvent
from .workflow import STAGE_OF_STATUS, Stage, statuses_in_stage


def case_event_record(
    *,
    case: Case | None = None,
    case_id: int | None = None,
    action: str,
    actor=None,
    note: str = "",
    data: dict | None = None,
    public: bool = True,
    from_status: str = "",
    to_status: str = "",
    rule_label: str | None = None,
) -> CaseEvent:
    """One line on a case's timeline. `public=False` keeps it off the worker's tracking
    page. A move between stages (`from_status` → `to_status`) also records when the
    stage it leaves was entered, for the time-in-stage figures."""
    data = data or {}
    owner = {"case": case} if case is not None else {"case_id": case_id}
    return CaseEvent.objects.create(
        **owner,
        actor=actor,
        action=action,
        summary=timeline.summary_for(action=action, data=data, rule_label=rule_label),
        from_status=from_status,
        to_status=to_status,
        stage_entered_at=_stage_entered_at(case, from_status, to_status) if case else None,
        note=note,
        data=data,
        public=public,
    )


def stage_of(status: str) -> str:
    return STAGE_OF_STATUS.get(status, "")


def _stage_entered_at(case: Case, from_status: str, to_status: str):
    """For a move between stages, the time of the case's previous one (its filing, for
    intake); None for any other event. A case has a handful of moves."""
    # A filing (no status before) has no stage it leaves: no query on every complaint.
    if not to_status or not from_status or stage_of(from_status) == stage_of(to_status):
        return None
    moves = case.events.exclude(to_status="").order_by("-at", "-id")
    for at, earlier_from, earlier_to in moves.values_list("at", "from_status", "to_status"):
        if stage_of(earlier_from) != stage_of(earlier_to):
            return at
    return None


def case_events_record_set(
    *,
    case_ids: list[int],
    action: str,
    actor=None,
    note: str = "",
    data: dict | None = None,
    public: bool = True,
    to_status: str = "",
    at=None,
) -> None:
    """The same line on the timeline of every case of `case_ids`, in one INSERT … SELECT:
    `case_event_record`'s set-wise twin, for the operations that move hundreds or
    thousands of cases at once (a collective merge, an organisation merged away).

    With `to_status`, every case moves from its own status (read as the statement runs:
    call it before changing them) to that one, and each line records when its case
    entered the stage it leaves, as `case_event_record` does one case at a time."""
    if not case_ids:
        return  # no statement for no cases (an empty IN is no query at all)
    data = data or {}
    crossing = Q()
    for stage in Stage.values:
        inside = statuses_in_stage(stage)
        crossing |= Q(to_status__in=inside) & ~Q(from_status__in=inside)
    last_crossing = (
        CaseEvent.objects.filter(crossing, case=OuterRef("pk"))
        .exclude(to_status="")
        .order_by("-at", "-id")
        .values("at")[:1]
    )
    text = partial(Value, output_field=CharField())
    rows = (
        Case.objects.filter(pk__in=case_ids)
        # In the INSERT's column order: values() lists annotations in the order added.
        .annotate(
            e_case=F("pk"),
            e_at=Value(at or timezone.now(), output_field=DateTimeField()),
            e_actor=Value(actor.pk if actor else None, output_field=IntegerField()),
            e_action=text(action),
            e_summary=text(timeline.summary_for(action=action, data=data)),
            e_from=F("status") if to_status else text(""),
            e_to=text(to_status),
            e_note=text(note),
            e_data=Value(data, output_field=JSONField()),
            e_public=Value(public, output_field=BooleanField()),
            e_entered=(
                Subquery(last_crossing)
                if to_status
                else Value(None, output_field=DateTimeField())
            ),
        )
        .values("e_case", "e_at", "e_actor", "e_action", "e_summary", "e_from", "e_to", "e_note",
                "e_data", "e_public", "e_entered")
        .order_by()
    )  # fmt: skip
    sql, params = rows.query.sql_with_params()
    table = CaseEvent._meta.db_table
    with connection.cursor() as cursor:
        # Column names are our own; every value is a parameter.
        cursor.execute(
            f"INSERT INTO {table} (case_id, at, actor_id, action, summary, from_status, "  # noqa: S608
            f"to_status, note, data, public, stage_entered_at) {sql}",
            params,
        )
