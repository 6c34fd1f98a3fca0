"""The clocks: when a time limit falls due on the working-day calendar, and which
clocks a case opens and ends as it moves or a handoff is signed for."""

import copy
import logging
from datetime import date, timedelta

from django.db.models import Case as DbCase
from django.db.models import Exists, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from zhanjiang_union.errors import DomainError
from zhanjiang_union.kept import kept
from zhanjiang_union.workdays.calendar import (
    add_calendar_days,
    add_working_days,
    subtract_working_days,
    unloaded_years,
)

from ..escalation import (
    LEVELS_OWED,
    Bands,
    escalations_owed,
)
from ..models import Case, Deadline, DeadlineRule, Escalation, Handoff
from ..workflow import Body, Status

logger = logging.getLogger(__name__)

# The deadlines a case gets on entering a status (its earlier ones end then).
DEADLINES_ON_ENTERING = {
    Status.INTAKE: ["triage"],
    # Art. 14's 15 days and the committee's own handling limit run side by side.
    Status.MEDIATION: ["mediation", "mediation_handling"],
    Status.COURT_MEDIATION: ["court_mediation"],
    Status.ARBITRATION: ["arbitration_acceptance"],
    Status.INSPECTION: ["inspection_acceptance"],
    Status.PETITION: ["petition_acceptance"],
}
# When the receiving body acknowledges a handoff it has accepted the case:
# its acceptance clock stops and its handling clock starts.
DEADLINES_ON_ACKNOWLEDGEMENT = {
    Body.ARBITRATION: ("arbitration_acceptance", "arbitration_award"),
    Body.INSPECTION: ("inspection_acceptance", "inspection_investigation"),
    Body.PETITION: ("petition_acceptance", "petition_handling"),
}


class DeadlineError(DomainError):
    """A rule about a time limit refused the change."""


# --- Computing -------------------------------------------------------------------


def due_date(rule: DeadlineRule, started_on: date, extra: int = 0) -> tuple[date, int | None]:
    """The due date of a rule's period from its start, and the first year the
    count ran through whose holiday schedule is not loaded (or None)."""
    count = rule.limit + extra
    if rule.unit == DeadlineRule.Unit.WORKING:
        due = add_working_days(started_on, count)
    else:
        due = add_calendar_days(started_on, count)
    missing = unloaded_years(started_on, due)
    return due, (missing[0] if missing else None)


def soon_from(rule: DeadlineRule, due_on: date) -> date:
    """The first day a deadline of `rule` due on `due_on` shows as due soon: the last
    `rule.due_soon` days of its period, counted in the rule's unit (the due day itself
    for 1)."""
    window = max(rule.due_soon, 1) - 1
    if rule.unit == DeadlineRule.Unit.WORKING:
        return subtract_working_days(due_on, window)
    return due_on - timedelta(days=window)


def soon_until(rule: DeadlineRule, today: date) -> date:
    """The latest due day that is due soon today under `rule`: `soon_from` turned round,
    for rows that share one rule and do not store their window (the hotline's callbacks)."""
    window = max(rule.due_soon, 1) - 1
    if rule.unit == DeadlineRule.Unit.WORKING:
        return add_working_days(today, window)
    return today + timedelta(days=window)


def due_recompute(deadline: Deadline) -> None:
    deadline.due_on, deadline.unloaded_year = due_date(
        deadline.rule, deadline.started_on, deadline.extended_by + deadline.paused_days
    )
    deadline.soon_on = soon_from(deadline.rule, deadline.due_on)


def case_summary_refresh(*, case_ids) -> int:
    """Store on each case its most pressing running deadline: the earliest due
    one that is not paused, or "paused" when only paused ones run."""
    running = Deadline.objects.filter(case=OuterRef("pk"), met_at__isnull=True)
    earliest = running.filter(paused_on__isnull=True).order_by("due_on", "id")
    return Case.objects.filter(pk__in=case_ids).update(
        next_due_on=Subquery(earliest.values("due_on")[:1]),
        next_soon_on=Subquery(earliest.values("soon_on")[:1]),
        deadline_state=Coalesce(
            Subquery(earliest.values("state")[:1]),
            DbCase(When(Exists(running), then=Value("paused")), default=Value("")),
        ),
    )


def _deadline_rules() -> dict[str, DeadlineRule]:
    return {rule.key: rule for rule in DeadlineRule.objects.all()}


def deadline_rule(key: str) -> DeadlineRule:
    """The rule by its key, from the rules kept per process (zhanjiang_union/kept.py):
    a copy, since the kept one is shared by this process's requests."""
    rule = kept("cases.deadline_rules", _deadline_rules).get(key)
    if rule is None:
        raise DeadlineRule.DoesNotExist(key)
    return copy.copy(rule)


def _deadline_planned(
    *, case: Case | None, rule_key: str, started_on: date, handoff: Handoff | None = None
) -> Deadline:
    deadline = Deadline(
        case=case, rule=deadline_rule(rule_key), started_on=started_on, handoff=handoff
    )
    due_recompute(deadline)
    deadline.state = state_for(deadline.due_on, timezone.localdate(), deadline.soon_on)
    return deadline


def _deadline_save(deadline: Deadline) -> None:
    deadline.save()
    escalations_owed_record(deadline)


def deadline_open(
    *,
    case: Case,
    rule_key: str,
    started_on: date,
    handoff: Handoff | None = None,
) -> Deadline:
    deadline = _deadline_planned(
        case=case, rule_key=rule_key, started_on=started_on, handoff=handoff
    )
    _deadline_save(deadline)
    case_summary_refresh(case_ids=[case.pk])
    return deadline


def first_deadlines_planned(*, status: str) -> list[Deadline]:
    """A new case's clocks for its first status, computed but not saved: the case is
    inserted carrying their summary (`summary_of`) and they are saved after it
    (`first_deadlines_open`), so that a filing never updates its case's row for them.
    Each starts today: a new case received its application now (application_received_on)."""
    today = timezone.localdate()
    return [
        _deadline_planned(case=None, rule_key=key, started_on=today)
        for key in DEADLINES_ON_ENTERING.get(status, [])
    ]


def summary_of(deadlines: list[Deadline]) -> dict:
    """A new case's deadline summary (case_summary_refresh's, for clocks not yet saved and
    none paused): the earliest due, the first of them on a tie as saved in this order."""
    if not deadlines:
        return {}
    earliest = min(deadlines, key=lambda deadline: deadline.due_on)
    return {
        "next_due_on": earliest.due_on,
        "next_soon_on": earliest.soon_on,
        "deadline_state": earliest.state,
    }


def first_deadlines_open(*, case: Case, deadlines: list[Deadline]) -> None:
    """Save the clocks `first_deadlines_planned` computed for the just-inserted case."""
    for deadline in deadlines:
        deadline.case = case
        _deadline_save(deadline)


def deadlines_end(
    *, case: Case, keys: list[str] | None = None, handoff: Handoff | None = None
) -> int:
    running = case.deadlines.filter(met_at__isnull=True)
    if keys is not None:
        running = running.filter(rule__key__in=keys)
    if handoff is not None:
        running = running.filter(handoff=handoff)
    ended = running.update(met_at=timezone.now())
    case_summary_refresh(case_ids=[case.pk])
    return ended


# Rules whose clock starts when the mediation body received the application
# (劳动争议调解仲裁法 Art. 14), not when the case enters their status.
STARTS_AT_RECEIPT = {"mediation"}


def application_received_on(*, case: Case, from_status: str | None, today: date) -> date:
    """The day the union received the worker's application for mediation: the
    registration that began the intake the case comes from (its triage clock
    starts then); a case coming from elsewhere applies on entering mediation."""
    if from_status == Status.INTAKE:
        registered = (
            case.deadlines.filter(rule__key="triage")
            .order_by("-started_on", "-pk")
            .values_list("started_on", flat=True)
            .first()
        )
        if registered is not None:
            return registered
    return today


def on_status_entered(
    *,
    case: Case,
    status: str,
    today: date | None = None,
    from_status: str | None = None,
) -> None:
    """Called by the case services inside their transaction, when a case moves (a new
    case's first clocks: first_deadlines_planned)."""
    today = today or timezone.localdate()
    # Handoff acknowledgements run on until the receiving body signs.
    running = case.deadlines.filter(met_at__isnull=True, handoff__isnull=True)
    running.update(met_at=timezone.now())
    case_summary_refresh(case_ids=[case.pk])
    if status == Status.CLOSED:
        deadlines_end(case=case)
        return
    keys = DEADLINES_ON_ENTERING.get(status, [])
    for key in keys:
        started_on = (
            application_received_on(case=case, from_status=from_status, today=today)
            if key in STARTS_AT_RECEIPT
            else today
        )
        deadline_open(case=case, rule_key=key, started_on=started_on)


def on_handoff_sent(*, handoff: Handoff) -> None:
    deadline_open(
        case=handoff.case, rule_key="handoff_ack", started_on=handoff.sent_on, handoff=handoff
    )


def on_handoff_acknowledged(*, handoff: Handoff, today: date | None = None) -> None:
    today = today or timezone.localdate()
    deadlines_end(case=handoff.case, handoff=handoff)
    follow = DEADLINES_ON_ACKNOWLEDGEMENT.get(handoff.body)
    if follow and handoff.case.status in (Status.ARBITRATION, Status.INSPECTION, Status.PETITION):
        ended, starts = follow
        deadlines_end(case=handoff.case, keys=[ended])
        deadline_open(case=handoff.case, rule_key=starts, started_on=today)


def state_for(due_on: date, today: date, soon_on: date | None = None) -> str:
    """The state of one deadline today (the sweep does the same, set-wise); `soon_on`
    the first day of its due-soon window (`soon_from`)."""
    return Bands.on(today).state_of(due_on, soon_on)


def escalations_owed_record(deadline: Deadline) -> None:
    """A state set here, not by the sweep (opened already due soon, resumed or
    recomputed past its due day): record the escalations it owes, which the next sweep
    sends."""
    if not LEVELS_OWED.get(deadline.state):
        return  # most deadlines open "normal": nothing owed, no query to build
    running = Deadline.objects.filter(pk=deadline.pk, met_at__isnull=True, paused_on__isnull=True)
    escalations_owed(model=Escalation, rows=running, state=deadline.state)
