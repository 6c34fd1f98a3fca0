"""Time limits of cases: opening them as a case moves, extending and pausing
them, and the periodic sweep that sets their state and escalates.

Dates are computed once, when a deadline opens or changes, and stored: lists
sort and filter on `due_on` through an index instead of recomputing per row.
"""

import logging
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Case as DbCase
from django.db.models import CharField, Exists, F, JSONField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce, Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanjiang_union.accounts.models import User
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.errors import DomainError
from zhanjiang_union.escalation_reach import (
    escalation_fallback_recipients,
    leaders_in_charge,
    office_directors,
)
from zhanjiang_union.localnames import local_name, local_name_expression
from zhanjiang_union.notifications.services import (
    Message,
    message_expression,
    messages_for,
    notify_many,
    notify_rows,
)
from zhanjiang_union.workdays.calendar import (
    add_calendar_days,
    add_working_days,
    subtract_working_days,
    unloaded_years,
    working_days_between,
)

from .escalation import (
    Bands,
    burst_analyze,
    escalations_claim,
    escalations_insert,
    escalations_owed,
    states_set,
)
from .events import case_event_record
from .models import Case, Deadline, DeadlineRule, EarlyWarning, Escalation, Handoff
from .workflow import Body, Status

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


def _recompute(deadline: Deadline) -> None:
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


def deadline_open(
    *,
    case: Case,
    rule_key: str,
    started_on: date,
    handoff: Handoff | None = None,
    only: bool = False,
) -> Deadline:
    """`only`: the case has no other deadline running (a new case's first clock)."""
    rule = DeadlineRule.objects.get(key=rule_key)
    deadline = Deadline(case=case, rule=rule, started_on=started_on, handoff=handoff)
    _recompute(deadline)
    deadline.state = state_for(deadline.due_on, timezone.localdate(), deadline.soon_on)
    deadline.save()
    _escalations_owed(deadline)
    if only:
        # Its only running deadline is its summary: no subqueries to find the earliest.
        case.next_due_on, case.next_soon_on = deadline.due_on, deadline.soon_on
        case.deadline_state = deadline.state
        Case.objects.filter(pk=case.pk).update(
            next_due_on=case.next_due_on,
            next_soon_on=case.next_soon_on,
            deadline_state=case.deadline_state,
        )
    else:
        case_summary_refresh(case_ids=[case.pk])
    return deadline


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
    new_case: bool = False,
) -> None:
    """Called by the case services inside their transaction. `new_case`: the case was
    just filed and has no deadline running yet (two statements fewer per complaint)."""
    today = today or timezone.localdate()
    if not new_case:
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
        deadline_open(
            case=case, rule_key=key, started_on=started_on, only=new_case and len(keys) == 1
        )


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


# --- Extending and pausing ----------------------------------------------------------


def _event(deadline: Deadline, *, action: str, actor, note: str = "", data=None):
    # Rule and unit by key: the timeline words the line in the reader's language.
    data = {"deadline_id": deadline.pk, "rule": deadline.rule.key, **(data or {})}
    case_event_record(
        case=deadline.case,
        actor=actor,
        action=action,
        rule_label=local_name(deadline.rule, "label"),
        note=note,
        data=data,
    )


@transaction.atomic
def deadline_extend(
    *, deadline: Deadline, days: int, approver: str, reason: str, actor
) -> Deadline:
    deadline = (
        Deadline.objects.select_for_update().select_related("rule", "case").get(pk=deadline.pk)
    )
    rule = deadline.rule
    if deadline.met_at is not None:
        raise DeadlineError(_("This time limit has already ended."))
    if not rule.extension_allowed:
        raise DeadlineError(_("The law allows no extension of this time limit."))
    if days <= 0:
        raise DeadlineError(_("Extend by at least one day."))
    if rule.extension_limit is not None and deadline.extended_by + days > rule.extension_limit:
        raise DeadlineError(
            _("This time limit can be extended by at most %(limit)s %(unit)s in all.")
            % {"limit": rule.extension_limit, "unit": rule.get_unit_display()}
        )
    if not approver.strip() or not reason.strip():
        raise DeadlineError(_("An extension needs the approver and the reason."))
    old_due = deadline.due_on
    deadline.extended_by += days
    _recompute(deadline)
    deadline.save(update_fields=["extended_by", "due_on", "soon_on", "unloaded_year"])
    _event(
        deadline,
        action="cases.deadline.extended",
        actor=actor,
        note=reason,
        data={
            "from": old_due.isoformat(),
            "to": deadline.due_on.isoformat(),
            "approver": approver,
            "days": days,
            "unit": rule.unit,
        },
    )
    case_summary_refresh(case_ids=[deadline.case_id])
    return deadline


@transaction.atomic
def deadline_pause(
    *, deadline: Deadline, reason: str, actor, today: date | None = None
) -> Deadline:
    deadline = (
        Deadline.objects.select_for_update().select_related("rule", "case").get(pk=deadline.pk)
    )
    if deadline.met_at is not None or deadline.paused_on is not None:
        raise DeadlineError(_("Only a running time limit can be paused."))
    if not reason.strip():
        raise DeadlineError(_("Give the reason for pausing the clock."))
    deadline.paused_on = today or timezone.localdate()
    deadline.save(update_fields=["paused_on"])
    _event(
        deadline,
        action="cases.deadline.paused",
        actor=actor,
        note=reason,
    )
    case_summary_refresh(case_ids=[deadline.case_id])
    return deadline


@transaction.atomic
def deadline_resume(*, deadline: Deadline, actor, today: date | None = None) -> Deadline:
    deadline = (
        Deadline.objects.select_for_update().select_related("rule", "case").get(pk=deadline.pk)
    )
    if deadline.paused_on is None:
        raise DeadlineError(_("This clock is not paused."))
    today = today or timezone.localdate()
    if deadline.rule.unit == DeadlineRule.Unit.WORKING:
        paused = max(working_days_between(deadline.paused_on, today), 0)
    else:
        paused = max((today - deadline.paused_on).days, 0)
    deadline.paused_days += paused
    deadline.paused_on = None
    _recompute(deadline)
    deadline.state = state_for(deadline.due_on, today, deadline.soon_on)
    deadline.save(
        update_fields=["paused_days", "paused_on", "due_on", "soon_on", "unloaded_year", "state"]
    )
    _escalations_owed(deadline)
    _event(
        deadline,
        action="cases.deadline.resumed",
        actor=actor,
        data={"days": paused, "unit": deadline.rule.unit, "due": deadline.due_on.isoformat()},
    )
    case_summary_refresh(case_ids=[deadline.case_id])
    return deadline


def deadlines_recompute(
    *, deadline_ids=None, years: set[int] | None = None, reason: str = ""
) -> int:
    """Recompute open deadlines (after a calendar or rule change) in chunks.

    With `years`, only those whose period runs through one of them. Each
    deadline whose date moves gets a timeline line saying why.
    """
    running = Deadline.objects.filter(met_at__isnull=True).select_related("rule", "case")
    if deadline_ids is not None:
        running = running.filter(pk__in=deadline_ids)
    if years:
        touches = Q()
        for year in years:
            touches |= Q(started_on__lte=date(year, 12, 31), due_on__gte=date(year, 1, 1))
            # A period counted on weekends only may end in a year it did not reach yet.
            touches |= Q(unloaded_year=year)
        running = running.filter(touches)
    moved = 0
    today = timezone.localdate()
    moved_by_handler: dict[int, list[str]] = {}
    for deadline in running.iterator(chunk_size=2000):
        before, soon_before = deadline.due_on, deadline.soon_on
        _recompute(deadline)
        if (
            deadline.due_on == before
            and deadline.soon_on == soon_before
            and deadline.unloaded_year is None
        ):
            continue
        deadline.state = (
            state_for(deadline.due_on, today, deadline.soon_on)
            if deadline.paused_on is None
            else deadline.state
        )
        Deadline.objects.filter(pk=deadline.pk).update(
            due_on=deadline.due_on,
            soon_on=deadline.soon_on,
            unloaded_year=deadline.unloaded_year,
            state=deadline.state,
        )
        _escalations_owed(deadline)
        case_summary_refresh(case_ids=[deadline.case_id])
        if deadline.due_on != before:
            moved += 1
            data = {
                "deadline_id": deadline.pk,
                "rule": deadline.rule.key,
                "due": deadline.due_on.isoformat(),
                "before": before.isoformat(),
            }
            case_event_record(
                case=deadline.case,
                action="cases.deadline.recomputed",
                rule_label=local_name(deadline.rule, "label"),
                note=reason,
                data=data,
                public=False,
            )
            if deadline.case.handler_id:
                moved_by_handler.setdefault(deadline.case.handler_id, []).append(
                    f"{deadline.case.number} {local_name(deadline.rule, 'label')}: "
                    f"{before.isoformat()} → {deadline.due_on.isoformat()}"
                )
    _tell_handlers_of_moves(moved_by_handler, reason)
    return moved


def _tell_handlers_of_moves(moved_by_handler: dict[int, list[str]], reason: str) -> None:
    """One message per handler, listing the cases whose due dates moved."""
    from zhanjiang_union.accounts.models import User
    from zhanjiang_union.notifications.services import Message, notify_many

    if not moved_by_handler:
        return
    handlers = User.objects.in_bulk(moved_by_handler)
    notify_many(
        [
            Message(
                handlers[user_id],
                _("Due dates moved on %(count)s of your cases") % {"count": len(lines)},
                "\n".join([reason, *lines[:50]]).strip(),
                reverse("cases:workbench") + "?scope=mine",
            )
            for user_id, lines in moved_by_handler.items()
            if user_id in handlers
        ]
    )


def _escalations_owed(deadline: Deadline) -> None:
    """A state set here, not by the sweep (opened already due soon, resumed or
    recomputed past its due day): record the escalations it owes, which the next sweep
    sends."""
    running = Deadline.objects.filter(pk=deadline.pk, met_at__isnull=True, paused_on__isnull=True)
    escalations_owed(model=Escalation, rows=running, state=deadline.state)


# --- The sweep --------------------------------------------------------------------------


def state_for(due_on: date, today: date, soon_on: date | None = None) -> str:
    """The state of one deadline today (the sweep does the same, set-wise); `soon_on`
    the first day of its due-soon window (`soon_from`)."""
    return Bands.on(today).state_of(due_on, soon_on)


def sweep(
    *, today: date | None = None, reconcile: bool = False, notify_chunk: int = 20_000
) -> dict[str, int]:
    """Set every running deadline's state, escalate what crossed a level, once, and
    notify.

    Set-wise through the escalation engine (cases/escalation.py): twelve moves of the
    deadlines (each an UPDATE with the INSERT … SELECTs of the escalations it owes),
    twelve UPDATEs of the cases' stored summary, and per chunk of escalations a fixed
    number of statements that write the notifications in the database: the count does
    not grow with the cases. `reconcile` (the nightly run) also checks every running
    deadline for an escalation its state owes and lacks.
    """
    bands = Bands.on(today or timezone.localdate())
    running = Deadline.objects.filter(met_at__isnull=True, paused_on__isnull=True)
    changed, created = states_set(
        running,
        due_field="due_on",
        state_field="state",
        bands=bands,
        escalations=Escalation,
        soon_field="soon_on",
    )
    # The cases' stored summary follows the same bands on its own next_due_on (the due
    # date of the deadline whose state it mirrors).
    open_cases = Case.objects.exclude(status=Status.CLOSED).exclude(
        deadline_state__in=["", "paused"]
    )
    states_set(
        open_cases,
        due_field="next_due_on",
        state_field="deadline_state",
        bands=bands,
        soon_field="next_soon_on",
    )
    if reconcile:
        created += escalations_insert(model=Escalation, rows=running, state_field="state")
    burst_analyze(created, Escalation)
    recipients = _Recipients.load()
    notified = escalations_claim(
        model=Escalation, chunk=notify_chunk, notify=recipients.escalations_notify
    )
    return {"state_changes": changed, "escalations": created, "notified": notified}


class _Recipients:
    """Who hears of an escalation. At the city federation, by department: its heads
    (overdue, and due soon when the case has no handler), the task-force leaders in
    charge of it (分管领导) and the office director (long overdue). Along the grid, a
    case at a township (or any organisation below the city) goes up its line: due soon
    and unhandled, its own heads; overdue, its own heads and those of the organisation
    above it (the county federation); long overdue, the heads of the whole line below
    the city and then the city's leaders in charge and office director, as for the
    city's own cases. Read once per sweep: a few rows."""

    def __init__(
        self,
        heads: dict,
        leaders: dict,
        office: list,
        fallback: list | None = None,
        organisation_heads: dict | None = None,
        lines: dict | None = None,
    ):
        self.heads, self.leaders, self.office = heads, leaders, office
        # Nobody at a level (no head, no leader in charge, inactive accounts): the
        # task-force office and the administrators, so no escalation goes to no one.
        self.fallback = fallback or []
        self.organisation_heads = organisation_heads or defaultdict(list)
        # organisation id -> the ids of its line below the city, nearest first.
        self.lines = lines or {}

    @classmethod
    def load(cls) -> "_Recipients":
        heads, organisation_heads = defaultdict(list), defaultdict(list)
        for user in (
            User.objects.filter(groups__name=Role.DEPARTMENT_HEAD, is_active=True)
            .select_related("organisation")
            .distinct()
        ):
            if user.organisation_id and user.organisation.depth > 1:
                organisation_heads[user.organisation_id].append(user)
            elif user.department_id:
                heads[user.department_id].append(user)
        today = timezone.localdate()
        return cls(
            heads,
            defaultdict(list, leaders_in_charge(today=today)),
            office_directors(today=today),
            escalation_fallback_recipients(today=today),
            organisation_heads,
            _organisation_lines(),
        )

    def of(self, level: str, department_id: int, organisation_id: int | None = None) -> list:
        """The users told of an escalation at `level` of a case in a department and an
        organisation, each once (the handler of a case hearing first that it is due
        soon is `escalations_notify`'s)."""
        line = self.lines.get(organisation_id, [])
        along = [self.organisation_heads[pk] for pk in line]
        if level == Deadline.State.OVERDUE_LONG:
            # The city always hears of it: its people, or the fallback when it has none.
            city = self.leaders[department_id] + self.office or self.fallback
            users = [user for heads in along for user in heads] + city
        elif line:
            users = [user for heads in along[:2] for user in heads]
            # Nobody at the township or the county: the city's department heads.
            users = users or self.heads[department_id]
        else:
            users = self.heads[department_id]
        return list({user.pk: user for user in users or self.fallback}.values())

    def escalations_notify(self, claimed) -> None:
        """Write the notifications of a chunk of escalations in the database, in the
        language of the sweep (the portal's), and record on each whom it told."""
        subjects = {
            Deadline.State.DUE_SOON: _("Due soon: %(rule)s of case %(number)s"),
            Deadline.State.OVERDUE: _("Overdue: %(rule)s of case %(number)s"),
            Deadline.State.OVERDUE_LONG: _("Long overdue: %(rule)s of case %(number)s"),
        }
        columns = {
            "rule": local_name_expression("deadline__rule__label"),
            "number": F("deadline__case__number"),
            "due": Cast("deadline__due_on", CharField()),
        }
        body = message_expression(_("%(rule)s of case %(number)s is due on %(due)s."), **columns)
        # The case page's address, the case id in the middle.
        prefix, suffix = reverse("cases:detail", args=[_URL_MARK]).split(str(_URL_MARK))
        url = Concat(
            Value(prefix), Cast("deadline__case_id", CharField()), Value(suffix),
            output_field=CharField(),
        )  # fmt: skip
        # A time limit that ended since it crossed (met, the case closed, the handoff
        # acknowledged) tells nobody: its claim stands, with no one told.
        claimed = claimed.filter(deadline__met_at__isnull=True)
        groups = claimed.values_list(
            "level", "deadline__case__department_id", "deadline__case__organisation_id"
        ).distinct()
        handled = Q(deadline__case__handler__isnull=False, deadline__case__handler__is_active=True)
        parts = []
        for level, department_id, organisation_id in groups:
            message = {
                "subject": message_expression(subjects[level], **columns),
                "body": body,
                "url": url,
                "case": F("deadline__case_id"),
                "deadline": F("deadline_id"),
            }
            rows = claimed.filter(
                level=level,
                deadline__case__department_id=department_id,
                deadline__case__organisation_id=organisation_id,
            )
            if level == Deadline.State.DUE_SOON:
                # The handler of the case first; the department's heads when it has none.
                parts.append(messages_for(rows, to="deadline__case__handler", **message))
                handler = Deadline.objects.filter(pk=OuterRef("deadline_id")).values(
                    "case__handler_id"
                )
                rows.filter(handled).update(
                    notified=Cast(
                        Concat(
                            Value("["),
                            Cast(Subquery(handler), CharField()),
                            Value("]"),
                            output_field=CharField(),
                        ),
                        JSONField(),
                    )
                )
                rows = rows.exclude(handled)
            users = self.of(level, department_id, organisation_id)
            parts += [messages_for(rows, to=user, **message) for user in users]
            rows.update(notified=sorted(user.pk for user in users))
        notify_rows(parts)


_URL_MARK = 987654321


def _organisation_lines() -> dict[int, list[int]]:
    """Every organisation below the city to its line up to (not including) the city,
    nearest first: one query over the tree's ids and paths (a few thousand rows)."""
    from zhanjiang_union.organisations.models import Organisation

    rows = list(Organisation.objects.values_list("pk", "path", "depth"))
    by_path = {path: pk for pk, path, _depth in rows}
    step = Organisation.steplen
    lines = {}
    for pk, path, depth in rows:
        if depth > 1:
            lines[pk] = [by_path[path[: i * step]] for i in range(depth, 1, -1)]
    return lines


# --- Early warning -----------------------------------------------------------------------


def _early_warning_recipients(case: Case) -> list:
    """The city's leadership, and along the grid the heads and leaders of every
    organisation on the case's line below the city (its township, its county
    federation), whoever handles it: at once, not at a deadline."""
    from zhanjiang_union.organisations.selectors import organisation_line

    city = Q(organisation__isnull=True) | Q(organisation__depth=1)
    wanted = Q(groups__name=Role.LEADERSHIP) & city
    if case.organisation_id and case.organisation.depth > 1:
        line = [o.pk for o in organisation_line(organisation=case.organisation) if o.depth > 1]
        wanted |= Q(groups__name__in=[Role.LEADERSHIP, Role.DEPARTMENT_HEAD], organisation__in=line)
    return list(User.objects.filter(wanted, is_active=True).distinct())


def early_warnings_raise(*, case: Case) -> list[EarlyWarning]:
    """Tell the leadership at once of a collective dispute, a sudden or mass
    incident, large arrears, or a group dispute forming; once per reason."""
    reasons = []
    if case.is_collective:
        reasons.append(EarlyWarning.Reason.COLLECTIVE)
    if case.is_mass_incident:
        reasons.append(EarlyWarning.Reason.MASS_INCIDENT)
    threshold = Decimal(settings.EARLY_WARNING_ARREARS_AMOUNT)
    if case.category.code == "pay" and (
        (case.amount_claimed or 0) >= threshold
        or case.workers_involved >= settings.EARLY_WARNING_ARREARS_WORKERS
    ):
        reasons.append(EarlyWarning.Reason.LARGE_ARREARS)
    since = timezone.now() - timedelta(days=settings.GROUP_DISPUTE_WINDOW_DAYS)
    same_employer = (
        Q(employer_credit_code=case.employer_credit_code)
        if case.employer_credit_code
        else Q(employer_key=case.employer_key)
    )
    # Once per employer and window, however many complaints follow: the leadership is
    # told a group dispute is forming, not two thousand times. A filing checks this
    # after taking its case number, which holds the year's counter locked until commit,
    # so concurrent filings see each other's warning (each statement reads what was
    # committed before it).
    warned = EarlyWarning.objects.filter(
        reason=EarlyWarning.Reason.GROUP_FORMING,
        created_at__gte=since,
        case__in=Case.objects.filter(same_employer),
    )
    if (
        not warned.exists()
        and Case.objects.filter(same_employer, created_at__gte=since)[
            : settings.GROUP_DISPUTE_COMPLAINTS
        ].count()
        >= settings.GROUP_DISPUTE_COMPLAINTS
    ):
        reasons.append(EarlyWarning.Reason.GROUP_FORMING)

    raised = []
    for reason in reasons:
        warning, created = EarlyWarning.objects.get_or_create(case=case, reason=reason)
        if created:
            raised.append(warning)
    if raised:
        leadership = _early_warning_recipients(case)
        labels = "、".join(str(warning.get_reason_display()) for warning in raised)
        subject = _("Early warning: %(reasons)s, case %(number)s") % {
            "reasons": labels,
            "number": case.number,
        }
        body = _("%(employer)s, %(workers)s workers, %(district)s.") % {
            "employer": case.employer_name,
            "workers": case.workers_involved,
            "district": case.district,
        }
        url = reverse("cases:detail", args=[case.pk])
        notify_many([Message(user, subject, body, url) for user in leadership])
    return raised
