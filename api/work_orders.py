"""12345 work orders (工单): receiving one from the platform, the union's side of it
(sign for, ask for more time, send back, reply), the citizen's rating, and the sweep
of the platform's limits.

An order becomes a 12351 call (hotline.services.call_log) linked to a case: the
caller's open case when there is one, else a new case filed as the web form files
(cases.services.case_create). The platform's two limits (sign for, reply) are rows
with a due day and a state, swept by the same engine as case deadlines and hotline
callbacks (cases.escalation). Every step is a line on the case's timeline and an
event in the outbox of webhooks to the platform (api.webhooks).
"""

from datetime import date, datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import services as case_services
from cases.escalation import Bands, escalations_claim, escalations_owed, states_set
from cases.events import case_event_record
from cases.models import Case, Channel, Complainant, Deadline
from cases.workflow import Status
from hotline import callbacks as hotline_callbacks
from hotline import services as hotline_services
from hotline.models import Call, FollowUp
from zhanjiang_union.accounts.models import User
from zhanjiang_union.errors import DomainError
from zhanjiang_union.notifications.services import Message, notify_many

from . import webhooks
from .models import (
    ApiClient,
    WorkOrder,
    WorkOrderDeadline,
    WorkOrderEscalation,
    WorkOrderRequest,
)


class WorkOrderError(DomainError):
    """A rule refused a step of a work order."""


def _event(work_order: WorkOrder, *, action: str, actor, note: str = "", data=None):
    # Staff-only: the worker's tracking page shows the case's own progress.
    data = {"order_number": work_order.order_number, **(data or {})}
    case_event_record(
        case_id=work_order.case_id, actor=actor, action=action, note=note, data=data, public=False
    )


def _deadline_open(work_order: WorkOrder, kind: str, due_at: datetime) -> WorkOrderDeadline:
    due_on = timezone.localdate(due_at)
    deadline = WorkOrderDeadline.objects.create(
        work_order=work_order,
        kind=kind,
        due_at=due_at,
        due_on=due_on,
        state=Bands.on(timezone.localdate()).state_of(due_on),
    )
    escalations_owed(
        model=WorkOrderEscalation,
        rows=WorkOrderDeadline.objects.filter(pk=deadline.pk),
        state=deadline.state,
    )
    return deadline


def _deadline_end(work_order: WorkOrder, kind: str) -> None:
    work_order.deadlines.filter(kind=kind, met_at__isnull=True).update(met_at=timezone.now())


def _open_case_of(phone: str) -> Case | None:
    person = (
        Complainant.objects.filter(phone=phone)
        .exclude(case__status=Status.CLOSED)
        .select_related("case")
        .order_by("-case__created_at")
        .first()
    )
    return person.case if person else None


@transaction.atomic
def work_order_receive(
    *,
    platform: ApiClient,
    order_number: str,
    received_at: datetime,
    caller: dict,
    content: str,
    category,
    district,
    employer_name: str,
    industry: str,
    sign_by: datetime,
    reply_by: datetime,
    urgency: str,
    demand: str = "",
    platform_category: str = "",
) -> tuple[WorkOrder, bool]:
    """Take an order in: (the order, whether it is new). The same order posted again
    (the platform retrying) returns the first one and changes nothing."""
    existing = WorkOrder.objects.filter(platform=platform, order_number=order_number).first()
    if existing is not None:
        return existing, False
    actor = platform.user
    call = hotline_services.call_log(
        operator=actor,
        received_at=received_at,
        phone=caller["phone"],
        caller_name=caller["name"],
        summary=content,
        outcome=Call.Outcome.CASE,
        urgency=urgency,
        category=category,
    )
    case = _open_case_of(caller["phone"])
    linked = case is not None
    if case is None:
        case, _code = case_services.case_create(
            complainants=[
                case_services.ComplainantInput(
                    name=caller["name"],
                    id_number=caller.get("id_number", ""),
                    phone=caller["phone"],
                )
            ],
            employer_name=employer_name,
            district=district,
            industry=industry,
            category=category,
            facts=content,
            demand=demand or content,
            channel=Channel.HOTLINE,
            actor=actor,
        )
    hotline_services.call_link_case(call=call, case=case, actor=actor)
    work_order = WorkOrder.objects.create(
        platform=platform,
        order_number=order_number,
        received_at=received_at,
        category_text=platform_category,
        urgency=urgency,
        sign_by=sign_by,
        reply_by=reply_by,
        call=call,
        case=case,
    )
    _deadline_open(work_order, WorkOrderDeadline.Kind.SIGN, sign_by)
    _deadline_open(work_order, WorkOrderDeadline.Kind.REPLY, reply_by)
    _event(
        work_order,
        action="api.work_order.received",
        actor=actor,
        data={"sign_by": sign_by.isoformat(), "reply_by": reply_by.isoformat(), "linked": linked},
    )
    webhooks.work_order_event(
        work_order, "work_order.received", case_number=case.number, linked_to_open_case=linked
    )
    work_order.linked_to_open_case = linked
    return work_order, True


def _lock(work_order: WorkOrder, *statuses: str) -> WorkOrder:
    locked = (
        WorkOrder.objects.select_for_update()
        .select_related("platform", "case")
        .get(pk=work_order.pk)
    )
    if statuses and locked.status not in statuses:
        raise WorkOrderError(
            _("Not possible while the work order is “%(status)s”.")
            % {"status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def work_order_sign(*, work_order: WorkOrder, actor: User) -> WorkOrder:
    """签收: the union takes the order on."""
    work_order = _lock(work_order, WorkOrder.Status.RECEIVED)
    work_order.status = WorkOrder.Status.SIGNED
    work_order.signed_at = timezone.now()
    work_order.save(update_fields=["status", "signed_at", "updated_at"])
    _deadline_end(work_order, WorkOrderDeadline.Kind.SIGN)
    _event(work_order, action="api.work_order.signed", actor=actor)
    webhooks.work_order_event(
        work_order, "work_order.signed", signed_at=work_order.signed_at.isoformat()
    )
    return work_order


def _request_open(
    work_order: WorkOrder, *, kind: str, actor: User, reason: str, reply_by=None
) -> WorkOrderRequest:
    if not reason.strip():
        raise WorkOrderError(_("Give the reason."))
    if work_order.requests.filter(decision=WorkOrderRequest.Decision.PENDING).exists():
        raise WorkOrderError(_("A request to the 12345 platform is still awaiting its decision."))
    return WorkOrderRequest.objects.create(
        work_order=work_order, kind=kind, reason=reason.strip(), reply_by=reply_by, asked_by=actor
    )


def _reply_limit_move(work_order: WorkOrder, reply_by: datetime, *, reopen: bool = False) -> None:
    """The reply limit runs to `reply_by`, with its state set for today; a new round
    (rework) owes its levels again."""
    work_order.reply_by = reply_by
    deadline = work_order.deadlines.get(kind=WorkOrderDeadline.Kind.REPLY)
    deadline.due_at, deadline.due_on = reply_by, timezone.localdate(reply_by)
    deadline.state = Bands.on(timezone.localdate()).state_of(deadline.due_on)
    fields = ["due_at", "due_on", "state"]
    if reopen:
        deadline.met_at = None
        fields.append("met_at")
        deadline.escalations.all().delete()
    deadline.save(update_fields=fields)
    escalations_owed(
        model=WorkOrderEscalation,
        rows=WorkOrderDeadline.objects.filter(pk=deadline.pk),
        state=deadline.state,
    )


@transaction.atomic
def work_order_extend(
    *, work_order: WorkOrder, actor: User, reason: str, new_date: date
) -> WorkOrderRequest:
    """延期申请: ask the platform for more time to reply, with the reason. The limit
    does not move until the platform approves (work_order_request_decide)."""
    work_order = _lock(work_order, WorkOrder.Status.SIGNED)
    current = timezone.localtime(work_order.reply_by)
    if new_date <= current.date():
        raise WorkOrderError(
            _("The new date must be after the present limit, %(date)s.")
            % {"date": current.date().isoformat()}
        )
    new_reply_by = timezone.make_aware(datetime.combine(new_date, current.time()))
    request = _request_open(
        work_order,
        kind=WorkOrderRequest.Kind.EXTENSION,
        actor=actor,
        reason=reason,
        reply_by=new_reply_by,
    )
    _event(
        work_order,
        action="api.work_order.extension_asked",
        actor=actor,
        note=request.reason,
        data={"date": new_date.isoformat()},
    )
    webhooks.work_order_event(
        work_order,
        "work_order.extension_requested",
        request_id=request.pk,
        reason=request.reason,
        new_reply_by=new_reply_by.isoformat(),
    )
    return request


@transaction.atomic
def work_order_send_back(*, work_order: WorkOrder, actor: User, reason: str) -> WorkOrderRequest:
    """退单申请: not the union's business, with the reason (the rule that says so). The
    order stays the union's, its limits running, until the platform takes it back."""
    work_order = _lock(work_order, WorkOrder.Status.RECEIVED, WorkOrder.Status.SIGNED)
    request = _request_open(
        work_order, kind=WorkOrderRequest.Kind.SEND_BACK, actor=actor, reason=reason
    )
    _event(work_order, action="api.work_order.send_back_asked", actor=actor, note=request.reason)
    webhooks.work_order_event(
        work_order, "work_order.send_back_requested", request_id=request.pk, reason=request.reason
    )
    return request


@transaction.atomic
def work_order_request_decide(
    *,
    work_order: WorkOrder,
    request_id: int,
    approved: bool,
    note: str = "",
    reply_by: datetime | None = None,
) -> WorkOrderRequest:
    """The platform's decision on a request. Approved more time moves the reply limit
    (to the asked time, or to `reply_by` when the platform grants another); an approved
    send-back ends the order and its limits; a refusal changes nothing but the record.
    The same decision posted again (the platform retrying) returns the first one."""
    work_order = _lock(work_order)
    request = (
        WorkOrderRequest.objects.select_for_update()
        .filter(work_order=work_order, pk=request_id)
        .first()
    )
    if request is None:
        raise WorkOrderRequest.DoesNotExist
    decision = WorkOrderRequest.Decision.APPROVED if approved else WorkOrderRequest.Decision.REFUSED
    if request.decision != WorkOrderRequest.Decision.PENDING:
        if request.decision == decision:
            return request
        raise WorkOrderError(
            _("This request was already decided: %(decision)s.")
            % {"decision": request.get_decision_display()}
        )
    if reply_by is not None and not (approved and request.kind == WorkOrderRequest.Kind.EXTENSION):
        raise WorkOrderError(_("Only an approved extension takes a reply time."))
    if reply_by is not None and reply_by <= work_order.reply_by:
        raise WorkOrderError(_("The reply time granted must be after the present limit."))
    request.decision = decision
    request.decision_note = note.strip()
    request.decided_at = timezone.now()
    actor = work_order.platform.user
    data: dict = {}
    if request.kind == WorkOrderRequest.Kind.EXTENSION:
        action = "api.work_order.extension_refused"
        if approved:
            action = "api.work_order.extension_granted"
            granted = reply_by or request.reply_by
            request.reply_by = granted
            data["reply_by"] = granted.isoformat()
            # An order answered meanwhile keeps its met limit; the grant is recorded.
            if work_order.status == WorkOrder.Status.SIGNED:
                _reply_limit_move(work_order, granted)
            work_order.extensions += 1
            work_order.save(update_fields=["reply_by", "extensions", "updated_at"])
    else:
        action = "api.work_order.send_back_refused"
        if approved:
            action = "api.work_order.sent_back"
            work_order.status = WorkOrder.Status.RETURNED
            work_order.save(update_fields=["status", "updated_at"])
            work_order.deadlines.filter(met_at__isnull=True).update(met_at=timezone.now())
    request.save(update_fields=["decision", "decision_note", "decided_at", "reply_by"])
    _event(work_order, action=action, actor=actor, note=request.decision_note, data=data)
    subject = {
        "api.work_order.extension_granted": _("12345 work order %(order)s: more time granted"),
        "api.work_order.extension_refused": _("12345 work order %(order)s: more time refused"),
        "api.work_order.sent_back": _("12345 work order %(order)s: taken back by the platform"),
        "api.work_order.send_back_refused": _("12345 work order %(order)s: send-back refused"),
    }[action] % {"order": work_order.order_number}
    recipients = {request.asked_by_id: request.asked_by}
    if work_order.case.handler_id:
        recipients[work_order.case.handler_id] = work_order.case.handler
    notify_many(
        [
            Message(
                user,
                subject,
                request.decision_note,
                reverse("cases:detail", args=[work_order.case_id]),
            )
            for user in recipients.values()
            if user.is_active
        ]
    )
    return request


@transaction.atomic
def work_order_reply(*, work_order: WorkOrder, actor: User, result: str) -> WorkOrder:
    """办结反馈: the result, to the platform."""
    work_order = _lock(work_order, WorkOrder.Status.SIGNED)
    if not result.strip():
        raise WorkOrderError(_("Say what was done."))
    if work_order.requests.filter(
        kind=WorkOrderRequest.Kind.SEND_BACK, decision=WorkOrderRequest.Decision.PENDING
    ).exists():
        raise WorkOrderError(_("The order is being sent back: wait for the platform's decision."))
    work_order.status = WorkOrder.Status.REPLIED
    work_order.result = result.strip()
    work_order.save(update_fields=["status", "result", "updated_at"])
    _deadline_end(work_order, WorkOrderDeadline.Kind.REPLY)
    _event(work_order, action="api.work_order.replied", actor=actor, note=work_order.result)
    webhooks.work_order_event(
        work_order,
        "work_order.replied",
        result=work_order.result,
        case_status=work_order.case.status,
    )
    return work_order


@transaction.atomic
def work_order_rate(
    *, work_order: WorkOrder, rating: str, note: str = "", rework_reply_by: datetime | None = None
) -> WorkOrder:
    """回访评价 from the platform. It lands with the case's satisfaction follow-up
    (hotline.FollowUp) when the case is closed and not yet followed up; otherwise it is
    kept on the order and on the timeline. A dissatisfied citizen may send the order
    back for rework: with `rework_reply_by` the order is signed for again and its reply
    limit runs anew."""
    work_order = _lock(work_order, WorkOrder.Status.REPLIED)
    if rework_reply_by is not None and rating != WorkOrder.Rating.DISSATISFIED:
        raise WorkOrderError(_("Only a dissatisfied rating sends the order back for rework."))
    actor = work_order.platform.user
    work_order.rating = rating
    work_order.rating_note = note.strip()
    work_order.status = WorkOrder.Status.RATED
    if rework_reply_by is not None:
        work_order.status = WorkOrder.Status.SIGNED
        _reply_limit_move(work_order, rework_reply_by, reopen=True)
    work_order.save(update_fields=["status", "rating", "rating_note", "reply_by", "updated_at"])
    case = work_order.case
    data = {"rating": rating}
    if rework_reply_by is not None:
        data["rework_reply_by"] = rework_reply_by.isoformat()
        _event(work_order, action="api.work_order.rated", actor=actor, note=note, data=data)
    elif case.status == Status.CLOSED and not FollowUp.objects.filter(case=case).exists():
        hotline_services.follow_up_record(case=case, actor=actor, result=rating, note=note)
    else:
        _event(work_order, action="api.work_order.rated", actor=actor, note=note, data=data)
    return work_order


# --- The sweep of the platform's limits ----------------------------------------------------


def _recipients(deadline: WorkOrderDeadline, level: str, heads: list[User], above) -> list[User]:
    handler = deadline.work_order.case.handler
    if level == Deadline.State.DUE_SOON:
        return [handler] if handler and handler.is_active else heads
    if level == Deadline.State.OVERDUE:
        return heads or above
    return above


def _notify(claimed) -> None:
    heads, above = hotline_callbacks.service_centre_recipients(timezone.localdate())
    messages = []
    for escalation in claimed.select_related(
        "deadline__work_order__case__handler", "deadline__work_order"
    ):
        deadline = escalation.deadline
        if deadline.met_at is not None:
            continue
        order = deadline.work_order
        values = {
            "order": order.order_number,
            "limit": deadline.get_kind_display(),
            "due": timezone.localtime(deadline.due_at).strftime("%Y-%m-%d %H:%M"),
        }
        subject = {
            Deadline.State.DUE_SOON: _("12345 work order %(order)s: %(limit)s due %(due)s"),
            Deadline.State.OVERDUE: _("12345 work order %(order)s: %(limit)s overdue (%(due)s)"),
        }.get(escalation.level, _("12345 work order %(order)s: %(limit)s long overdue (%(due)s)"))
        url = reverse("cases:detail", args=[order.case_id])
        recipients = {u.pk: u for u in _recipients(deadline, escalation.level, heads, above)}
        messages += [Message(user, subject % values, "", url) for user in recipients.values()]
        WorkOrderEscalation.objects.filter(pk=escalation.pk).update(notified=sorted(recipients))
    notify_many(messages)


def work_orders_sweep(*, today: date | None = None) -> dict[str, int]:
    """Set each running limit's state and escalate what crossed a level, once."""
    running = WorkOrderDeadline.objects.filter(met_at__isnull=True)
    changed, created = states_set(
        running,
        due_field="due_on",
        state_field="state",
        bands=Bands.on(today or timezone.localdate()),
        escalations=WorkOrderEscalation,
    )
    notified = escalations_claim(model=WorkOrderEscalation, chunk=500, notify=_notify)
    return {"state_changes": changed, "escalations": created, "notified": notified}
