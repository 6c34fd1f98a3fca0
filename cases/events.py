"""The one writer of a case's timeline lines (`CaseEvent`).

Every app records what happened to a case through `case_event_record`: the line is put
into words when shown, in the reader's language (`cases.timeline`), from its action and
data; the stored summary keeps it as the actor read it, for the admin and exports."""

from __future__ import annotations

from . import timeline
from .models import Case, CaseEvent
from .workflow import STAGE_OF_STATUS


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
