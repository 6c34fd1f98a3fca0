"""Every write of the hotline app: views and tasks call these; the rules live here.
The callbacks' clock and their sweep are `hotline.callbacks`."""

import logging
from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cases.events import case_event_record
from cases.intake_sources import AlreadyRegistered
from cases.models import Case, Channel
from cases.workflow import Status
from zhanjiang_union.accounts.models import Department, User
from zhanjiang_union.errors import DomainError
from zhanjiang_union.notifications.services import notify

from . import access, selectors
from .callbacks import callback_bands, callback_due, callback_escalations_owed, local_time
from .models import (
    GROUP_VISIT_THRESHOLD,
    MAX_REPRESENTATIVES,
    Call,
    CallbackAttempt,
    ExternalPetition,
    FollowUp,
    Representative,
    Urgency,
    Visit,
)

logger = logging.getLogger(__name__)


class HotlineError(DomainError):
    """A rule of the 12351 desk refused the change."""


# --- Calls ------------------------------------------------------------------------------


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
        call.callback_due_on, call.callback_unloaded_year = callback_due(
            timezone.localdate(received_at)
        )
        if callback_at is not None:
            call.callback_at = callback_at
            call.callback_due_on = max(call.callback_due_on, timezone.localdate(callback_at))
        if callback_assignee is not None and callback_assignee.pk != operator.pk:
            call.callback_assignee = callback_assignee
        call.callback_state = callback_bands(today or timezone.localdate()).state_of(
            call.callback_due_on
        )
    call.save()
    if outcome == Call.Outcome.CALLBACK:
        callback_escalations_owed(call.pk, call.callback_state)
        if call.callback_assignee is not None:
            _tell_callback_assignee(call)
    return call


def _tell_callback_assignee(call: Call) -> None:
    when = (
        local_time(call.callback_at)
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
