"""A clock changed by hand: extended (by whose approval the law names), paused and
resumed, or recomputed after the holiday calendar changed."""

import logging
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanjiang_union.accounts.models import User
from zhanjiang_union.localnames import local_name
from zhanjiang_union.notifications.services import (
    Message,
    notify_many,
)
from zhanjiang_union.workdays.calendar import (
    working_days_between,
)

from ..events import case_event_record
from ..models import Deadline, DeadlineRule
from .computing import (
    DeadlineError,
    case_summary_refresh,
    due_recompute,
    escalations_owed_record,
    state_for,
)

logger = logging.getLogger(__name__)

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
    due_recompute(deadline)
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
    due_recompute(deadline)
    deadline.state = state_for(deadline.due_on, today, deadline.soon_on)
    deadline.save(
        update_fields=["paused_days", "paused_on", "due_on", "soon_on", "unloaded_year", "state"]
    )
    escalations_owed_record(deadline)
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
        due_recompute(deadline)
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
        escalations_owed_record(deadline)
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
