"""The limitation period of a case from its stored facts (the pure computation is in
`limitation`), and its watch on the deadline engine while the case is in mediation: a
deadline on the period's last day whose due-soon window (the rule's, 30 days unless an
admin changes it) warns the handler weeks before."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import deadlines
from cases.models import Case
from cases.workflow import Status
from zhanjiang_union.workdays.calendar import is_workday

from .limitation import Limitation, Suspension, limitation_compute
from .models import LimitationEvent, LimitationFacts

WATCHED = (Status.MEDIATION, Status.COURT_MEDIATION)
INTERRUPTING = (LimitationEvent.Kind.CLAIM, LimitationEvent.Kind.AGREED)


def limitation_for_case(*, case: Case) -> Limitation | None:
    """None when the complaint does not say when the worker knew of the infringement."""
    facts = LimitationFacts.objects.filter(case=case).first()
    if facts is None:
        return None
    events = list(case.limitation_events.all())
    # A request to a body for relief interrupts: the filing with the union, each handoff.
    interruptions = [timezone.localtime(case.created_at).date()]
    interruptions += list(case.handoffs.values_list("sent_on", flat=True))
    interruptions += [event.on for event in events if event.kind in INTERRUPTING]
    suspensions = [
        Suspension(event.on, event.until)
        for event in events
        if event.kind == LimitationEvent.Kind.SUSPENSION
    ]
    return limitation_compute(
        knew_on=facts.knew_on,
        is_workday=is_workday,
        wage_arrears=case.category.code == "pay",
        job_ended=facts.job_ended,
        job_ended_on=facts.job_ended_on,
        interruptions=interruptions,
        suspensions=suspensions,
    )


@transaction.atomic
def limitation_deadline_open(*, case: Case) -> None:
    """(Re)open the watch of a case in mediation on its period's current last day."""
    deadlines.deadlines_end(case=case, keys=["arbitration_limitation"])
    if case.status not in WATCHED:
        return
    limitation = limitation_for_case(case=case)
    # One that ran out before it was interrupted has nothing left to warn of: the case
    # page shows it as expired and the commission decides whether the claim is late.
    if limitation is None or limitation.ends_on is None or limitation.expired_before:
        return
    deadlines.deadline_open(
        case=case, rule_key="arbitration_limitation", started_on=limitation.ends_on
    )


@transaction.atomic
def limitation_facts_record(
    *, case: Case, knew_on, job_ended: bool, job_ended_on, actor
) -> LimitationFacts:
    from cases.events import case_event_record

    facts, _created = LimitationFacts.objects.update_or_create(
        case=case,
        defaults={"knew_on": knew_on, "job_ended": job_ended, "job_ended_on": job_ended_on},
    )
    case_event_record(
        case=case,
        action="performance.limitation.recorded",
        actor=actor,
        data={"knew_on": knew_on.isoformat()},
        public=False,
    )
    limitation_deadline_open(case=case)
    return facts


@transaction.atomic
def limitation_event_add(*, case: Case, kind: str, on, until, note: str, actor) -> LimitationEvent:
    from cases.events import case_event_record

    from .services import PerformanceError

    if not LimitationFacts.objects.filter(case=case).exists():
        raise PerformanceError(
            _("Record first when the worker knew or should have known of the infringement.")
        )
    event = LimitationEvent.objects.create(case=case, kind=kind, on=on, until=until, note=note)
    case_event_record(
        case=case,
        action="performance.limitation.recorded",
        actor=actor,
        data={"kind": kind, "on": on.isoformat()},
        note=note,
        public=False,
    )
    limitation_deadline_open(case=case)
    return event


def on_case_filed(sender, *, case, limitation, **kwargs):
    """The complaint's word on when the worker knew of it (and when the job ended)."""
    knew_on = limitation.get("knew_on")
    if knew_on is None:
        return
    job_ended_on = limitation.get("job_ended_on")
    LimitationFacts.objects.create(
        case=case, knew_on=knew_on, job_ended=job_ended_on is not None, job_ended_on=job_ended_on
    )
