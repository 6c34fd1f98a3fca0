"""Handing a case down (交办) to a grassroots organisation of the grid, or reporting it
up (上报) to one above, with a reason. The case goes to the receiving organisation at
once (its staff may act on it, its handler is theirs to choose); the receiver signs for
it (签收) within the handoff limit, on the same deadline engine and escalation as every
other handoff; the case keeps its one timeline."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanjiang_union.accounts.models import User
from zhanjiang_union.organisations.models import Organisation
from zhanjiang_union.organisations.selectors import organisation_below, organisation_line

from . import deadlines
from .events import case_event_record, case_events_record_set
from .models import Case, Handoff
from .services import CaseError, _lock_unchanged, _save_version
from .workflow import Body, Status

DOWN, UP = "down", "up"


def handing_targets(*, case: Case, direction: str):
    """The organisations a case may be handed down to (any active one below its own) or
    reported up to (those above it), nearest first."""
    current = case.organisation
    if current is None:
        return Organisation.objects.none()
    if direction == DOWN:
        today = timezone.localdate()
        return (
            organisation_below(organisation=current)
            .exclude(active_until__lt=today)
            .order_by("path")
        )
    above = [o.pk for o in organisation_line(organisation=current)[1:]]
    return Organisation.objects.filter(pk__in=above).order_by("-depth")


def handing_directions(*, case: Case) -> list[tuple[str, str]]:
    """The case page's buttons: (direction, label) for the ways this open case can go."""
    current = case.organisation
    if current is None or not case.is_open:
        return []
    directions = []
    if current.numchild:
        directions.append((DOWN, _("Hand down")))
    if current.depth > 1:
        directions.append((UP, _("Report up")))
    return directions


@transaction.atomic
def case_hand_on(
    *,
    case: Case,
    direction: str,
    to: Organisation,
    reason: str,
    actor: User,
    expected_version: int,
) -> Handoff:
    case = _lock_unchanged(case, expected_version)
    if case.status == Status.CLOSED:
        raise CaseError(_("A closed case is not handed on."))
    if not reason.strip():
        raise CaseError(_("Give the reason."))
    if not handing_targets(case=case, direction=direction).filter(pk=to.pk).exists():
        refusal = (
            _("%(organisation)s is not below the organisation handling the case.")
            if direction == DOWN
            else _("%(organisation)s is not above the organisation handling the case.")
        )
        raise CaseError(refusal % {"organisation": to})
    source = case.organisation
    case.organisation = to
    case.handler = None
    _save_version(case, actor, ["organisation", "handler"])
    handoff = Handoff.objects.create(
        case=case,
        body=Body.GRID,
        receiver_name=to.name,
        sent_on=timezone.localdate(),
        note=reason,
        sent_by=actor,
        from_organisation=source,
        to_organisation=to,
    )
    deadlines.on_handoff_sent(handoff=handoff)
    case_event_record(
        case=case,
        action="cases.case.handed_down" if direction == DOWN else "cases.case.reported_up",
        actor=actor,
        note=reason,
        data={"handoff_id": handoff.pk, **_names(source, to)},
    )
    _tell_receiver(case, to)
    return handoff


def _names(source: Organisation, to: Organisation) -> dict:
    """The organisations as a timeline line keeps them, in both languages (the line is
    worded in its reader's: cases.timeline)."""
    return {"from": source.name, "from_en": source.name_en, "to": to.name, "to_en": to.name_en}


def _tell_receiver(case: Case, organisation: Organisation) -> None:
    from django.urls import reverse

    from zhanjiang_union.accounts.roles import Role
    from zhanjiang_union.notifications.services import notify

    heads = User.objects.filter(
        organisation=organisation, groups__name=Role.DEPARTMENT_HEAD, is_active=True
    )
    notify(
        recipients=list(heads),
        subject=_("Case %(number)s was passed to %(organisation)s: sign for it")
        % {"number": case.number, "organisation": organisation},
        body=_("%(employer)s · %(status)s")
        % {"employer": case.employer_name, "status": case.get_status_display()},
        url=reverse("cases:detail", args=[case.pk]),
    )


@transaction.atomic
def organisation_merge(
    *, organisation: Organisation, into: Organisation, reason: str, actor: User
) -> int:
    """Close an organisation into another (a merger, or a closure into the one above):
    its open cases, staff, mediators' register, routing rules and the organisations
    below it go to `into`; it stays on record, active until today. Each moved case gets
    a timeline line. Returns how many cases moved.

    Its staff are moved, not deactivated: when a township union is merged into the
    county's, its people go on working there, and a county union's administrator would
    not expect to find them locked out; from now on they act for `into` only, as no
    one acts for a closed organisation. An account no longer needed is deactivated in
    the admin, as any other."""
    from django.db.models import F

    from zhanjiang_union.organisations.models import Mediator

    from .models import RoutingRule, Secondment

    if into.pk == organisation.pk or into.path.startswith(organisation.path):
        raise CaseError(_("An organisation cannot be merged into itself or one below it."))
    if not reason.strip():
        raise CaseError(_("Give the reason."))
    today = timezone.localdate()
    moving = (
        Case.objects.select_for_update()
        .filter(organisation=organisation)
        .exclude(status=Status.CLOSED)
    )
    ids = list(moving.values_list("pk", flat=True))
    Case.objects.filter(pk__in=ids).update(
        organisation=into, version=F("version") + 1, updated_by=actor, updated_at=timezone.now()
    )
    data = _names(organisation, into)
    case_events_record_set(
        case_ids=ids,
        action="cases.case.organisation_merged",
        actor=actor,
        note=reason,
        data=data,
        public=False,
    )
    User.objects.filter(organisation=organisation).update(organisation=into)
    # The register follows its people; saved one by one, so each change is in its history.
    for mediator in Mediator.objects.filter(organisation=organisation):
        mediator.organisation = into
        mediator.save(update_fields=["organisation"])
    # Whoever acknowledges a loan of those mediators now is the receiving organisation.
    Secondment.objects.filter(organisation=organisation, acknowledged_at__isnull=True).update(
        organisation=into
    )
    for rule in RoutingRule.objects.filter(organisation=organisation):
        rule.organisation = into
        rule.save(update_fields=["organisation"])
    for child in list(organisation.get_children()):
        child.move(Organisation.objects.get(pk=into.pk), "last-child")
    organisation = Organisation.objects.get(pk=organisation.pk)
    organisation.active_until = today
    organisation.save(update_fields=["active_until"])
    return len(ids)
