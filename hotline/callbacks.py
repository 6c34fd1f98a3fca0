"""The 12351 desk's callbacks keep time like case deadlines (cases.deadlines): the due
date is computed once, from the "callback" rule on the working-day calendar, and
stored; the sweep sets each open callback's state set-wise and escalates each level
once, through rows that are unique per (call, level), to the operator, the service
centre's head, then the leaders in charge of it.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime

from django.db.models import Q
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
from cases.models import Deadline, DeadlineRule
from zhanjiang_union.accounts.models import User
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.escalation_reach import (
    escalation_fallback_recipients,
    leaders_in_charge,
    office_directors,
)
from zhanjiang_union.masking import mask_phone
from zhanjiang_union.notifications.services import Message, notify_many

from .models import Call, CallbackEscalation

# The department that runs the 12351 desk: its head hears of overdue callbacks, the
# leaders in charge of it of long-overdue ones.
SERVICE_CENTRE = "service-centre"
CALLBACK_RULE = "callback"


def local_time(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "Y-m-d H:i")


def callback_due(started_on: date) -> tuple[date, int | None]:
    rule = DeadlineRule.objects.get(key=CALLBACK_RULE)
    return deadlines.due_date(rule, started_on)


def callback_bands(today: date) -> Bands:
    """The callbacks' states on `today`: due soon for the last days of the "callback"
    rule's own window (its `due_soon`, in its unit), as a case deadline of any rule."""
    rule = DeadlineRule.objects.get(key=CALLBACK_RULE)
    return Bands.on(today, soon_until=deadlines.soon_until(rule, today))


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
    bands = callback_bands(timezone.localdate())
    moved = 0
    for call in open_callbacks.iterator(chunk_size=500):
        due_on, unloaded = callback_due(timezone.localdate(call.received_at))
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
        callback_escalations_owed(call.pk, state)
        moved += 1
    return moved


# --- The sweep -------------------------------------------------------------------


def callback_escalations_owed(call_id: int, state: str) -> None:
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
        bands=callback_bands(today or timezone.localdate()),
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


def service_centre_recipients(today: date) -> tuple[list[User], list[User]]:
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
    values = {"phone": mask_phone(call.phone), "when": local_time(call.received_at)}
    if level == Deadline.State.DUE_SOON:
        return _("Callback due soon: call from %(phone)s at %(when)s") % values
    if level == Deadline.State.OVERDUE:
        return _("Callback overdue: call from %(phone)s at %(when)s") % values
    return _("Callback long overdue: call from %(phone)s at %(when)s") % values


def _callback_escalations_notify(claimed) -> None:
    """Tell whom each claimed escalation concerns and record it on the row."""
    batch = list(claimed.select_related("call", "call__operator"))
    today = timezone.localdate()
    heads, above = service_centre_recipients(today)
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
