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
from django.utils.translation import gettext_lazy

from zhanjiang_union.localnames import local_name
from zhanjiang_union.logs import LogEntry
from zhanjiang_union.punctuation import mark

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


def local_moment(value: str) -> str:
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
        label = local_name(DeadlineRule.objects.get(key=event.data["rule"]), "label")
    return label


def _unit(event) -> str:
    return DeadlineRule.Unit(event.data["unit"]).label


# --- Cases ------------------------------------------------------------------------------


@renders("cases.case.filed")
def _filed(event):
    organisation = event.data.get("organisation")
    if organisation:
        return _("Complaint registered with %(organisation)s") % {"organisation": organisation}
    return _("Complaint registered")


@renders(*(f"cases.case.{move.action}" for move in MOVES))
def _moved(event):
    move = MOVES_BY_ACTION[event.action.removeprefix("cases.case.")]
    outcome = event.data.get("outcome")
    if not outcome or len(move.outcome_choices) == 1:  # 不予受理 names its one outcome itself
        return move.label
    return _("%(move)s: %(outcome)s") % {"move": move.label, "outcome": Outcome(outcome).label}


@renders("cases.case.handed_down")
def _handed_down(event):
    return _("Handed down to %(organisation)s") % {"organisation": local_name(event.data, "to")}


@renders("cases.case.organisation_merged")
def _organisation_merged(event):
    return _("%(old)s merged into %(new)s: the case goes with it") % {
        "old": local_name(event.data, "from"),
        "new": local_name(event.data, "to"),
    }


@renders("cases.case.reported_up")
def _reported_up(event):
    return _("Reported up to %(organisation)s") % {"organisation": local_name(event.data, "to")}


@renders("cases.handoff.acknowledged")
def _acknowledged(event):
    if event.data["body"] == Body.GRID:
        return _("%(organisation)s signed for the case") % {"organisation": event.data["receiver"]}
    if event.data["body"] == Body.ARBITRATION:
        # The commission accepts the worker's own application; its notice is what is recorded.
        return _("The arbitration commission’s notice of acceptance recorded")
    return _("%(body)s acknowledged receipt") % {"body": Body(event.data["body"]).label}


@renders("cases.case.assigned")
def _assigned(event):
    return _("Assigned to %(handler)s") % {"handler": event.data["handler"]}


@renders("cases.case.seconded")
def _seconded(event):
    return _(
        "%(handler)s of %(organisation)s assigned: awaiting %(organisation)s’s acknowledgement"
    ) % {
        "handler": event.data["handler"],
        "organisation": local_name(event.data, "organisation"),
    }


@renders("cases.case.secondment_acknowledged")
def _secondment_acknowledged(event):
    return _("%(organisation)s acknowledged that %(handler)s works the case") % {
        "handler": event.data["handler"],
        "organisation": local_name(event.data, "organisation"),
    }


@renders("cases.case.secondment_declined")
def _secondment_declined(event):
    return _("%(organisation)s declined to lend %(handler)s: the case awaits another handler") % {
        "handler": event.data["handler"],
        "organisation": local_name(event.data, "organisation"),
    }


@renders("cases.note.added")
def _note(event):
    return _("Internal note")


@renders("cases.session.scheduled")
def _session_scheduled(event):
    return _("Mediation session scheduled for %(when)s") % {"when": local_moment(event.data["at"])}


@renders("cases.session.result")
def _session_result(event):
    result = MediationSession.Result(event.data["result"]).label
    return _("Mediation session result: %(result)s") % {"result": result}


@renders("cases.case.recovered")
def _recovered(event):
    return _("Amount recovered for the workers: %(amount)s yuan") % {"amount": event.data["amount"]}


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


@renders("cases.collective.merged")
def _collective_merged(event):
    return _(
        "%(count)s complaints merged into this collective case (%(workers)s workers in all)"
    ) % {"count": event.data["count"], "workers": event.data["workers"]}


@renders("cases.collective.split")
def _collective_split(event):
    return _("Split back out of collective case %(number)s") % {"number": event.data["number"]}


@renders("cases.collective.split_out")
def _collective_split_out(event):
    return _("Complaint %(number)s split back out (%(workers)s workers)") % {
        "number": event.data["number"],
        "workers": event.data["workers"],
    }


@renders("cases.collective.representative")
def _collective_representative(event):
    return _("%(name)s recorded as a workers' representative") % {"name": event.data["name"]}


@renders("cases.collective.unrepresented")
def _collective_unrepresented(event):
    return _("%(name)s no longer a workers' representative") % {"name": event.data["name"]}


@renders("cases.collective.notice")
def _collective_notice(event):
    return _("Notice “%(subject)s” sent to %(workers)s workers") % {
        "subject": event.data["subject"],
        "workers": event.data["workers"],
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


# --- The worker's reading -------------------------------------------------------------
# The worker reads what happened, in the past tense: never the command a staff member
# chose, never an internal rule's name, never a reason twice.


WORKER_RENDERERS: dict[str, Callable] = {}


def renders_for_worker(*actions: str):
    def register(function):
        for action in actions:
            WORKER_RENDERERS[action] = function
        return function

    return register


@renders_for_worker(*(f"cases.case.{move.action}" for move in MOVES))
def _worker_moved(event):
    action = event.action.removeprefix("cases.case.")
    move = MOVES_BY_ACTION[action]
    if len(move.outcome_choices) > 1:  # closing, with its outcome
        return move.worker_label % {"outcome": Outcome(event.data["outcome"]).label}
    return str(move.worker_label)


@renders_for_worker("cases.deadline.paused")
def _worker_paused(event):
    return _("Clock paused (for example during an appraisal)")


@renders_for_worker("cases.deadline.resumed")
def _worker_resumed(event):
    return _("Clock resumed; the next step is due by %(due)s") % {"due": event.data["due"]}


@renders_for_worker("cases.deadline.extended")
def _worker_extended(event):
    return _("The time limit was extended to %(due)s") % {"due": event.data["to"]}


@renders_for_worker("cases.deadline.recomputed")
def _worker_recomputed(event):
    return _("The due date changed to %(due)s") % {"due": event.data["due"]}


def worker_text(event) -> str:
    """The event's line as the worker reads it on the tracking page."""
    try:
        renderer = WORKER_RENDERERS.get(event.action)
        return str(renderer(event)) if renderer else line(event)
    except (KeyError, ValueError, TypeError, DeadlineRule.DoesNotExist):
        return event.summary


# What the worker's next step is, by rule: in plain words, never the rule's internal name.
WORKER_NEXT_STEPS = {
    "triage": gettext_lazy("The union decides whether to accept your case for mediation"),
    "mediation": gettext_lazy(
        "Mediation period: if no agreement is reached by then, you may apply for arbitration"
    ),
    "mediation_handling": gettext_lazy("The mediation committee concludes the mediation"),
    "court_mediation": gettext_lazy("Court-assigned pre-filing mediation period"),
    "arbitration_acceptance": gettext_lazy(
        "The arbitration commission decides whether to accept your application"
    ),
    "arbitration_award": gettext_lazy("The arbitration award is due"),
    "inspection_acceptance": gettext_lazy(
        "The labor inspection authority decides whether to accept the matter"
    ),
    "inspection_investigation": gettext_lazy(
        "The labor inspection authority completes its investigation"
    ),
    "petition_acceptance": gettext_lazy("You are told in writing how your petition is handled"),
    "petition_handling": gettext_lazy("Your petition is handled"),
    "handoff_ack": gettext_lazy("The receiving body confirms it has your case"),
}


def worker_next_step(deadline) -> str:
    return str(WORKER_NEXT_STEPS.get(deadline.rule.key, local_name(deadline.rule, "label")))


def staff_log(events) -> list[LogEntry]:
    """A case's timeline as the staff read it, for the one log display
    (`zhanjiang_union.logs`): the worker's own lines have no actor."""
    return [
        LogEntry(
            at=event.at,
            who=str(event.actor) if event.actor else _("the worker"),
            text=event.text,
            aside=(
                f"{mark('lparen')}{event.from_status_label} → {event.to_status_label}{mark('rparen')}"
                if event.from_status and event.to_status
                else ""
            ),
            note=event.note,
            internal=not event.public,
        )
        for event in events
    ]
