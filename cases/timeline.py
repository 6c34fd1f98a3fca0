"""How each line of a case's timeline reads, in the language of whoever reads it.

An event stores its dotted action and the facts behind it (`data`), keys rather
than labels: the line is put into words when it is shown, so a worker tracking
in Chinese reads Chinese even when the mediator worked in English. The summary
stored with the event is what the actor saw then; it is shown only for an
action this registry does not know or an older event written without the
facts its line needs.
"""

from collections.abc import Callable

from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from .models import CaseEvent, DeadlineRule, MediationSession
from .workflow import MOVES, MOVES_BY_ACTION, Body, Outcome

# action -> a function of the event returning its line; it may raise KeyError,
# ValueError or TypeError when the event lacks what its line needs.
RENDERERS: dict[str, Callable] = {}


def renders(*actions: str):
    def register(function):
        for action in actions:
            RENDERERS[action] = function
        return function

    return register


def line(event) -> str:
    """The event's line in the active language; raises if the action is unknown
    or the event lacks what its line needs."""
    return str(RENDERERS[event.action](event))


def event_text(event) -> str:
    try:
        return line(event)
    except (KeyError, ValueError, TypeError, DeadlineRule.DoesNotExist):
        return event.summary


def summary_for(*, action: str, data: dict, rule_label: str | None = None) -> str:
    """The line as the actor reads it while acting, stored with the event."""
    event = CaseEvent(action=action, data=data)
    if rule_label is not None:
        event.rule_label = rule_label
    return line(event)


def _when(value: str) -> str:
    moment = parse_datetime(value)
    if moment is None:
        raise ValueError(value)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return formats.date_format(timezone.localtime(moment), "Y-m-d H:i")


def _rule(event) -> str:
    # The timeline selector annotates the label so a page of lines costs one query.
    label = getattr(event, "rule_label", None)
    if label is None:
        label = DeadlineRule.objects.values_list("label", flat=True).get(key=event.data["rule"])
    return label


def _unit(event) -> str:
    return DeadlineRule.Unit(event.data["unit"]).label


# --- Cases ------------------------------------------------------------------------------


@renders("cases.case.filed")
def _filed(event):
    return _("Complaint registered")


@renders(*(f"cases.case.{move.action}" for move in MOVES))
def _moved(event):
    move = MOVES_BY_ACTION[event.action.removeprefix("cases.case.")]
    outcome = event.data.get("outcome")
    return f"{move.label}: {Outcome(outcome).label}" if outcome else move.label


@renders("cases.handoff.acknowledged")
def _acknowledged(event):
    return _("%(body)s acknowledged receipt") % {"body": Body(event.data["body"]).label}


@renders("cases.case.assigned")
def _assigned(event):
    return _("Assigned to %(handler)s") % {"handler": event.data["handler"]}


@renders("cases.note.added")
def _note(event):
    return _("Internal note")


@renders("cases.session.scheduled")
def _session_scheduled(event):
    return _("Mediation session scheduled for %(when)s") % {"when": _when(event.data["at"])}


@renders("cases.session.result")
def _session_result(event):
    result = MediationSession.Result(event.data["result"]).label
    return _("Mediation session result: %(result)s") % {"result": result}


@renders("cases.case.recovered")
def _recovered(event):
    return _("Amount recovered for the workers: ¥%(amount)s") % {"amount": event.data["amount"]}


@renders("cases.case.linked")
def _linked(event):
    return _("Linked to case %(number)s") % {"number": event.data["number"]}


@renders("cases.case.merged_away")
def _merged_away(event):
    return _("Merged into case %(number)s") % {"number": event.data["number"]}


@renders("cases.case.merged")
def _merged(event):
    return _("Cases %(numbers)s merged into this case") % {
        "numbers": "、".join(event.data["merged"])
    }


@renders("cases.reopen.requested")
def _reopen_requested(event):
    return _("The worker asked for the case to be reopened")


@renders("cases.reopen.declined")
def _reopen_declined(event):
    # The worker reads the head's reason in the line itself (notes are for staff).
    return _("Request to reopen declined: %(reason)s") % {"reason": event.data["reason"]}


@renders("cases.case.mass_incident")
def _mass_incident(event):
    return _("Marked as a sudden or mass incident")


@renders("cases.evidence.added")
def _evidence(event):
    return _("%(count)s evidence file(s) added") % {"count": len(event.data["evidence"])}


# --- Deadlines --------------------------------------------------------------------------


@renders("cases.deadline.extended")
def _extended(event):
    return _(
        "%(rule)s extended by %(days)s %(unit)s, now due %(due)s (approved by %(approver)s)"
    ) % {
        "rule": _rule(event),
        "days": event.data["days"],
        "unit": _unit(event),
        "due": event.data["to"],
        "approver": event.data["approver"],
    }


@renders("cases.deadline.paused")
def _paused(event):
    return _("Clock of %(rule)s paused") % {"rule": _rule(event)}


@renders("cases.deadline.resumed")
def _resumed(event):
    return _("Clock of %(rule)s resumed after %(days)s %(unit)s, now due %(due)s") % {
        "rule": _rule(event),
        "days": event.data["days"],
        "unit": _unit(event),
        "due": event.data["due"],
    }


@renders("cases.deadline.recomputed")
def _recomputed(event):
    return _("%(rule)s recomputed: due %(due)s instead of %(before)s") % {
        "rule": _rule(event),
        "due": event.data["due"],
        "before": event.data["before"],
    }


# --- Hotline and petition reception -----------------------------------------------------
# hotline.models imports cases.models, so its labels are looked up when a line is shown.


@renders("hotline.call.linked")
def _call_linked(event):
    return _("Registered from the 12351 call of %(when)s") % {
        "when": _when(event.data["received_at"])
    }


@renders("hotline.visit.linked")
def _visit_linked(event):
    return _("Petition visit of %(when)s (%(count)s visitors)") % {
        "when": _when(event.data["visited_at"]),
        "count": event.data["visitors"],
    }


@renders("hotline.external_petition.recorded")
def _external_petition(event):
    from hotline.models import ExternalPetition

    return _("Taken to the %(level)s on %(date)s") % {
        "level": ExternalPetition.Level(event.data["level"]).label,
        "date": event.data["date"],
    }


@renders("hotline.follow_up.recorded")
def _follow_up(event):
    from hotline.models import FollowUp

    return _("Satisfaction follow-up: %(result)s") % {
        "result": FollowUp.Result(event.data["result"]).label
    }
