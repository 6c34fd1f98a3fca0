"""Every write of the hotline app: views and tasks call these; the rules live here.

Callbacks keep time like case deadlines (cases.deadlines): the due date is computed
once, from the "callback" rule on the working-day calendar, and stored; the sweep sets
each open callback's state set-wise and escalates each level once, through rows that
are unique per (call, level).
"""

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.http import Http404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cases import deadlines
from cases.escalation import (
    Bands,
    burst_analyze,
    escalations_claim,
    escalations_insert,
    escalations_owed,
    states_set,
)
from cases.events import case_event_record
from cases.intake_sources import AlreadyRegistered
from cases.models import Case, Channel, Deadline, DeadlineRule
from cases.workflow import Status
from zhanjiang_union.accounts.models import Department, User
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.errors import DomainError
from zhanjiang_union.escalation_reach import (
    escalation_fallback_recipients,
    leaders_in_charge,
    office_directors,
)
from zhanjiang_union.masking import mask_phone
from zhanjiang_union.notifications.services import Message, notify, notify_many

from . import access, selectors
from .models import (
    GROUP_VISIT_THRESHOLD,
    MAX_REPRESENTATIVES,
    Call,
    CallbackAttempt,
    CallbackEscalation,
    ExternalPetition,
    FollowUp,
    Representative,
    Urgency,
    Visit,
)

logger = logging.getLogger(__name__)

# The department that runs the 12351 desk: its head hears of overdue callbacks, the
# leaders in charge of it of long-overdue ones.
SERVICE_CENTRE = "service-centre"
CALLBACK_RULE = "callback"


class HotlineError(DomainError):
    """A rule of the 12351 desk refused the change."""


def _local_time(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "Y-m-d H:i")


# --- Calls ------------------------------------------------------------------------------


def _callback_due(started_on: date) -> tuple[date, int | None]:
    rule = DeadlineRule.objects.get(key=CALLBACK_RULE)
    return deadlines.due_date(rule, started_on)


def _callback_bands(today: date) -> Bands:
    """The callbacks' states on `today`: due soon for the last days of the "callback"
    rule's own window (its `due_soon`, in its unit), as a case deadline of any rule."""
    rule = DeadlineRule.objects.get(key=CALLBACK_RULE)
    return Bands.on(today, soon_until=deadlines.soon_until(rule, today))


@transaction.atomic
def call_log(
    *,
    operator: User,
    received_at: datetime,
    phone: str,
    summary: str,
    outcome: str,
    urgency: str = Urgency.NORMAL,
    caller_name: str = "",
    duration_seconds: int | None = None,
    category=None,
    referred_to: Department | None = None,
    callback_at: datetime | None = None,
    callback_assignee: User | None = None,
    today: date | None = None,
) -> Call:
    """Log a call. One that needs a callback gets its due date from the "callback"
    rule, counted from the day of the call (a call logged late keeps its own day); a
    time agreed with the caller later than that becomes the due date. The callback
    goes to `callback_assignee` (told by a message) or stays with the operator."""
    if outcome == Call.Outcome.REFERRED and referred_to is None:
        raise HotlineError(_("Choose the department the caller was referred to."))
    if outcome != Call.Outcome.CALLBACK:
        callback_at, callback_assignee = None, None
    if callback_assignee is not None and not callback_assignee.has_perm(access.USE_DESK):
        raise HotlineError(_("Choose someone who works the 12351 desk to call back."))
    call = Call(
        received_at=received_at,
        duration_seconds=duration_seconds,
        phone=phone,
        caller_name=caller_name.strip(),
        category=category,
        summary=summary.strip(),
        urgency=urgency,
        outcome=outcome,
        referred_to=referred_to if outcome == Call.Outcome.REFERRED else None,
        operator=operator,
        department_id=operator.department_id,
    )
    if outcome == Call.Outcome.CALLBACK:
        call.callback_due_on, call.callback_unloaded_year = _callback_due(
            timezone.localdate(received_at)
        )
        if callback_at is not None:
            call.callback_at = callback_at
            call.callback_due_on = max(call.callback_due_on, timezone.localdate(callback_at))
        if callback_assignee is not None and callback_assignee.pk != operator.pk:
            call.callback_assignee = callback_assignee
        call.callback_state = _callback_bands(today or timezone.localdate()).state_of(
            call.callback_due_on
        )
    call.save()
    if outcome == Call.Outcome.CALLBACK:
        _callback_escalations_owed(call.pk, call.callback_state)
        if call.callback_assignee is not None:
            _tell_callback_assignee(call)
    return call


def _tell_callback_assignee(call: Call) -> None:
    when = (
        _local_time(call.callback_at)
        if call.callback_at
        else formats.date_format(call.callback_due_on, "Y-m-d")
    )
    notify(
        recipients=[call.callback_assignee],
        subject=_("A 12351 caller is to be called back by you: %(when)s") % {"when": when},
        body=call.summary[:500],
        url=reverse("hotline:call_detail", args=[call.pk]),
    )


@transaction.atomic
def callback_record(*, call: Call, actor: User, reached: bool, note: str = "") -> Call:
    """One callback attempt. Reaching the caller ends the callback; not reaching them
    keeps it open (and in the queue, with its count of attempts)."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    if not call.callback_open:
        raise HotlineError(_("This call has no open callback."))
    CallbackAttempt.objects.create(
        call=call,
        result=CallbackAttempt.Result.REACHED if reached else CallbackAttempt.Result.NOT_REACHED,
        note=note.strip(),
        by=actor,
    )
    call.callback_attempts = F("callback_attempts") + 1
    fields = ["callback_attempts"]
    if reached:
        call.callback_done_at = timezone.now()
        fields.append("callback_done_at")
    call.save(update_fields=fields)
    call.refresh_from_db(fields=["callback_attempts"])
    return call


def callbacks_recompute(*, years: Iterable[int] | None = None) -> int:
    """Recompute the due dates of open callbacks after the holiday calendar changed
    (only those whose period touches one of `years`, when given). Few rows: a
    callback is due within a working day or two."""
    open_callbacks = Call.objects.filter(
        outcome=Call.Outcome.CALLBACK, callback_done_at__isnull=True
    )
    if years:
        touches = Q()
        for year in years:
            touches |= Q(callback_due_on__year=year) | Q(callback_unloaded_year=year)
            touches |= Q(received_at__year=year)
        open_callbacks = open_callbacks.filter(touches)
    bands = _callback_bands(timezone.localdate())
    moved = 0
    for call in open_callbacks.iterator(chunk_size=500):
        due_on, unloaded = _callback_due(timezone.localdate(call.received_at))
        if (due_on, unloaded) == (call.callback_due_on, call.callback_unloaded_year):
            continue
        state = bands.state_of(due_on)
        Call.objects.filter(pk=call.pk).update(
            callback_due_on=due_on,
            callback_unloaded_year=unloaded,
            callback_state=state,
            figures_pending=True,  # whether its callback was on time may change
            updated_at=timezone.now(),
        )
        _callback_escalations_owed(call.pk, state)
        moved += 1
    return moved


# --- The callback sweep -------------------------------------------------------------------


def _callback_escalations_owed(call_id: int, state: str) -> None:
    """A callback state set here, not by the sweep (taken already due soon, or
    recomputed): record the escalations it owes, which the next sweep sends."""
    escalations_owed(
        model=CallbackEscalation,
        rows=Call.objects.filter(
            pk=call_id, outcome=Call.Outcome.CALLBACK, callback_done_at__isnull=True
        ),
        state=state,
    )


def callbacks_sweep(
    *, today: date | None = None, reconcile: bool = False, notify_chunk: int = 500
) -> dict[str, int]:
    """Set every open callback's state and escalate what crossed a level, once.

    Through the escalation engine, as `cases.deadlines.sweep`: twelve UPDATEs and three
    INSERT … SELECTs whatever the number of calls; a rerun or a second worker sweeping at
    the same time neither doubles nor loses an escalation. Callbacks are few (each is due
    within a working day or two), so their messages are written here, chunk by chunk.
    """
    open_callbacks = Call.objects.filter(
        outcome=Call.Outcome.CALLBACK, callback_done_at__isnull=True
    )
    changed, created = states_set(
        open_callbacks,
        due_field="callback_due_on",
        state_field="callback_state",
        bands=_callback_bands(today or timezone.localdate()),
        escalations=CallbackEscalation,
    )
    if reconcile:
        created += escalations_insert(
            model=CallbackEscalation, rows=open_callbacks, state_field="callback_state"
        )
    burst_analyze(created, CallbackEscalation)
    notified = escalations_claim(
        model=CallbackEscalation, chunk=notify_chunk, notify=_callback_escalations_notify
    )
    return {"state_changes": changed, "escalations": created, "notified": notified}


def _service_centre_recipients(today: date) -> tuple[list[User], list[User]]:
    """The service centre's head(s); its leaders in charge (分管领导) and the
    task-force office director."""
    heads = list(
        User.objects.filter(
            department__code=SERVICE_CENTRE,
            groups__name=Role.DEPARTMENT_HEAD,
            is_active=True,
        ).distinct()
    )
    # The leaders in charge of the centre first, then the office director, each once.
    leaders = leaders_in_charge(today=today, department_codes=[SERVICE_CENTRE])
    above = [user for users in leaders.values() for user in users]
    above = list({user.pk: user for user in above + office_directors(today=today)}.values())
    return heads, above


def _callback_recipients(
    level: str, call: Call, heads: list, above: list, fallback: list
) -> list[User]:
    """Nobody at the level (no head, no leader in charge, accounts inactive): the
    task-force office and the administrators (`fallback`), never no one."""
    if level == Deadline.State.DUE_SOON:
        # The operator who took the call calls back; if they have left, their head.
        users = [call.operator] if call.operator.is_active else heads
    elif level == Deadline.State.OVERDUE:
        users = heads or above  # nobody heading the centre: the level above hears of it
    else:
        users = above
    return users or fallback


def _callback_subject(level: str, call: Call) -> str:
    values = {"phone": mask_phone(call.phone), "when": _local_time(call.received_at)}
    if level == Deadline.State.DUE_SOON:
        return _("Callback due soon: call from %(phone)s at %(when)s") % values
    if level == Deadline.State.OVERDUE:
        return _("Callback overdue: call from %(phone)s at %(when)s") % values
    return _("Callback long overdue: call from %(phone)s at %(when)s") % values


def _callback_escalations_notify(claimed) -> None:
    """Tell whom each claimed escalation concerns and record it on the row."""
    batch = list(claimed.select_related("call", "call__operator"))
    today = timezone.localdate()
    heads, above = _service_centre_recipients(today)
    fallback = escalation_fallback_recipients(today=today)
    messages = []
    # Escalations with the same recipients share one UPDATE recording them.
    told = defaultdict(list)
    for escalation in batch:
        call = escalation.call
        # Called back between the insert and now: nobody needs telling.
        recipients = (
            []
            if call.callback_done_at
            else _callback_recipients(escalation.level, call, heads, above, fallback)
        )
        unique = {user.pk: user for user in recipients}
        subject = _callback_subject(escalation.level, call)
        body = _("Taken by %(operator)s; call back by %(due)s; %(attempts)s attempt(s) so far.") % {
            "operator": call.operator,
            "due": call.callback_due_on.isoformat(),
            "attempts": call.callback_attempts,
        }
        url = reverse("hotline:call_detail", args=[call.pk])
        messages += [Message(user, subject, body, url) for user in unique.values()]
        told[tuple(sorted(unique))].append(escalation.pk)
    notify_many(messages)
    for user_ids, escalation_ids in told.items():
        CallbackEscalation.objects.filter(pk__in=escalation_ids).update(notified=list(user_ids))


# --- Cases from calls and visits ------------------------------------------------------------


def _id_or_404(value) -> int:
    # An id from the address bar that is no number names nothing: the view answers 404.
    try:
        return int(getattr(value, "pk", value))
    except (TypeError, ValueError):
        raise Http404 from None


def _case_event(case: Case, *, actor, action: str, note: str = "", data=None):
    # Staff-only lines on the case's timeline: the worker's tracking page omits them.
    case_event_record(case=case, actor=actor, action=action, note=note, data=data, public=False)


def call_intake_initial(*, call_id, user: User) -> dict:
    """The staff intake form's initial data for a case registered from a call.

    404 for a call the user may not read or that already has its case (the button is
    offered only for calls without one); 403 for readers who do not work the desk.
    """
    call = access.call_for_user(user, _id_or_404(call_id), act=True)
    if call.case_id is not None:
        raise AlreadyRegistered(call.case)
    initial = {
        "channel": Channel.HOTLINE,
        "name": call.caller_name,
        "phone": call.phone,
        "category": call.category_id,
        "facts": call.summary,
    }
    return {key: value for key, value in initial.items() if value not in ("", None)}


@transaction.atomic
def call_link_case(*, call: Call | int | str, case: Case, actor: User) -> Call:
    """Link a call to the case registered from it, both ways: the call names the case,
    the case's timeline names the call (and its page lists it)."""
    call = Call.objects.select_for_update().get(pk=_id_or_404(call))
    if call.case_id == case.pk:
        return call
    if call.case_id is not None:
        raise HotlineError(_("This call is already linked to another case."))
    call.case = case
    fields = ["case"]
    # Advice alone no longer describes it: the call became a case.
    if call.outcome == Call.Outcome.ADVICE:
        call.outcome = Call.Outcome.CASE
        fields.append("outcome")
    call.save(update_fields=fields)
    _case_event(
        case,
        actor=actor,
        action="hotline.call.linked",
        data={"call_id": call.pk, "received_at": call.received_at.isoformat()},
    )
    return call


def visit_intake_initial(*, visit_id, user: User) -> dict:
    """The staff intake form's initial data for a case registered from a visit."""
    visit = access.visit_for_user(user, _id_or_404(visit_id), act=True)
    if visit.case_id is not None:
        raise AlreadyRegistered(visit.case)
    first = next(iter(visit.representatives.all()), None)
    initial = {
        "channel": Channel.WALK_IN,
        "name": visit.visitor_name or (first.name if first else ""),
        "phone": visit.visitor_phone or (first.phone if first else ""),
        "employer_name": visit.employer_name,
        "workers_involved": visit.visitor_count,
        "facts": visit.demands,
    }
    return {key: value for key, value in initial.items() if value not in ("", None)}


@transaction.atomic
def visit_link_case(*, visit: Visit | int | str, case: Case, actor: User) -> Visit:
    visit = Visit.objects.select_for_update().get(pk=_id_or_404(visit))
    if visit.case_id == case.pk:
        return visit
    if visit.case_id is not None:
        raise HotlineError(_("This visit is already linked to another case."))
    visit.case = case
    visit.save(update_fields=["case"])
    _case_event(
        case,
        actor=actor,
        action="hotline.visit.linked",
        data={
            "visit_id": visit.pk,
            "visited_at": visit.visited_at.isoformat(),
            "visitors": visit.visitor_count,
        },
    )
    return visit


# --- Petition reception -------------------------------------------------------------------


@dataclass
class RepresentativeInput:
    name: str
    phone: str


def visit_representatives_check(*, visitor_count: int, count: int) -> None:
    """信访工作条例 Art. 20: a group (five or more) sends one to five representatives;
    a smaller visit may name some or none."""
    if count > MAX_REPRESENTATIVES:
        raise HotlineError(
            _("A visit names at most %(max)s representatives (信访工作条例 Art. 20).")
            % {"max": MAX_REPRESENTATIVES}
        )
    if visitor_count >= GROUP_VISIT_THRESHOLD and count < 1:
        raise HotlineError(
            _("A group visit of %(threshold)s or more people names 1 to %(max)s representatives.")
            % {"threshold": GROUP_VISIT_THRESHOLD, "max": MAX_REPRESENTATIVES}
        )


@transaction.atomic
def visit_record(
    *,
    actor: User,
    visited_at: datetime,
    visitor_count: int,
    demands: str,
    representatives: list[RepresentativeInput] | None = None,
    visitor_name: str = "",
    visitor_phone: str = "",
    employer_name: str = "",
    action_taken: str = "",
    case: Case | None = None,
    follow_up_due_on: date | None = None,
) -> Visit:
    representatives = representatives or []
    if visitor_count < 1:
        raise HotlineError(_("A visit has at least one visitor."))
    visit_representatives_check(visitor_count=visitor_count, count=len(representatives))
    visit = Visit.objects.create(
        visited_at=visited_at,
        visitor_count=visitor_count,
        visitor_name=" ".join(visitor_name.split()),
        visitor_phone=visitor_phone,
        employer_name=employer_name.strip(),
        demands=demands.strip(),
        action_taken=action_taken.strip(),
        follow_up_due_on=follow_up_due_on,
        received_by=actor,
        department_id=actor.department_id,
    )
    Representative.objects.bulk_create(
        Representative(visit=visit, name=person.name, phone=person.phone)
        for person in representatives
    )
    if case is not None:
        visit_link_case(visit=visit, case=case, actor=actor)
        visit.refresh_from_db(fields=["case"])
    return visit


@transaction.atomic
def external_petition_record(
    *,
    actor: User,
    petitioned_on: date,
    level: str,
    employer_name: str,
    people_count: int = 1,
    case: Case | None = None,
    note: str = "",
) -> ExternalPetition:
    if petitioned_on > timezone.localdate():
        raise HotlineError(_("A petition is recorded once it has happened."))
    petition = ExternalPetition.objects.create(
        petitioned_on=petitioned_on,
        level=level,
        case=case,
        employer_name=employer_name.strip(),
        people_count=people_count,
        note=note.strip(),
        department_id=case.department_id if case else None,
        recorded_by=actor,
    )
    if case is not None:
        _case_event(
            case,
            actor=actor,
            action="hotline.external_petition.recorded",
            note=note,
            data={
                "external_petition_id": petition.pk,
                "level": level,
                "date": petitioned_on.isoformat(),
            },
        )
    return petition


# --- Satisfaction follow-up (回访) ----------------------------------------------------------


@transaction.atomic
def follow_up_record(
    *,
    case: Case,
    actor: User | None,
    result: str,
    note: str = "",
    source: str = FollowUp.Source.CALL,
) -> FollowUp:
    """The satisfaction of a closed case: from the follow-up call (回访), or rated by the
    worker on the tracking page (`source=worker`, no actor). One per case, counted in the
    same figures either way."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status != Status.CLOSED:
        raise HotlineError(_("Only a closed case is followed up."))
    try:
        with transaction.atomic():
            follow_up = FollowUp.objects.create(
                case=case, result=result, note=note.strip(), by=actor, source=source
            )
    except IntegrityError:
        if source == FollowUp.Source.WORKER:
            raise HotlineError(_("This case has already been rated. Thank you.")) from None
        raise HotlineError(_("This case has already been followed up.")) from None
    _case_event(
        case,
        actor=actor,
        action="hotline.follow_up.recorded",
        note=follow_up.note,
        data={"result": result},
    )
    selectors.follow_ups_count_outdate()  # harmless if this rolls back: one more count
    return follow_up
