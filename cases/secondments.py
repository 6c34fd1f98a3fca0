"""A mediator lent to a case of the city (借调). Heads assign the staff of their own
organisation; at the city they may also assign a mediator on the register of an
organisation below. The mediator works the case at once (the assignment is not held
up), and the head of the mediator's organisation acknowledges the loan: until then the
case and that organisation's page show it as pending, and both moments are lines on
the case's timeline."""

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanjiang_union.accounts.models import User
from zhanjiang_union.organisations.models import Mediator, Organisation

from .events import case_event_record
from .models import Case, Secondment

# Neither acknowledged nor declined yet (Secondment.is_pending, set-wise).
PENDING = Q(acknowledged_at__isnull=True, declined_at__isnull=True)


def mediators_on_loan_offer() -> QuerySet[User]:
    """The portal accounts of the mediators active today on the register of an
    organisation below the city, which is itself open."""
    today = timezone.localdate()
    active = (
        Mediator.objects.filter(user__isnull=False, organisation__depth__gt=1)
        .filter(Q(active_from__isnull=True) | Q(active_from__lte=today))
        .filter(Q(active_until__isnull=True) | Q(active_until__gte=today))
        .exclude(organisation__active_until__lt=today)
        # The register and the account agree on the organisation lending the mediator.
        .filter(user__organisation=F("organisation"))
    )
    return User.objects.filter(pk__in=active.values("user_id"))


def secondment_open(*, case: Case, handler: User, actor: User) -> Secondment | None:
    """After `handler` is assigned: a secondment when they are of another organisation
    than the case's (called inside the assignment's transaction)."""
    lender = handler.organisation
    if lender is None or lender.depth == 1 or lender.pk == case.organisation_id:
        return None
    secondment = Secondment.objects.create(
        case=case, handler=handler, organisation=lender, assigned_by=actor
    )
    case_event_record(
        case=case,
        action="cases.case.seconded",
        actor=actor,
        data={
            "secondment_id": secondment.pk,
            "handler": str(handler),
            "organisation": lender.name,
            "organisation_en": lender.name_en,
        },
        public=False,
    )
    _tell_lender(case, lender)
    return secondment


def _tell_lender(case: Case, organisation: Organisation) -> None:
    from django.urls import reverse

    from zhanjiang_union.accounts.roles import Role
    from zhanjiang_union.notifications.services import notify

    heads = User.objects.filter(
        organisation=organisation, groups__name=Role.DEPARTMENT_HEAD, is_active=True
    )
    notify(
        recipients=list(heads),
        subject=_("A mediator of %(organisation)s was assigned case %(number)s: acknowledge it")
        % {"organisation": organisation, "number": case.number},
        body=_("%(employer)s · %(status)s")
        % {"employer": case.employer_name, "status": case.get_status_display()},
        url=reverse("cases:organisation", args=[organisation.pk]),
    )


def secondments_pending(*, organisation: Organisation) -> QuerySet[Secondment]:
    """The loans the organisation's head has yet to acknowledge, of mediators still
    handling the case (a case since given to someone else needs no acknowledgement)."""
    return (
        Secondment.objects.filter(PENDING, organisation=organisation, case__handler=F("handler"))
        .select_related("case", "handler")
        .order_by("assigned_at", "id")
    )


def case_secondment_pending(*, case: Case) -> Secondment | None:
    if case.handler_id is None:
        return None
    return (
        Secondment.objects.filter(PENDING, case=case, handler_id=case.handler_id)
        .select_related("organisation")
        .last()
    )


def can_acknowledge(user, secondment: Secondment) -> bool:
    """The lending organisation's head (or an administrator)."""
    if user.has_perm("cases.act_on_all_cases"):
        return True
    return (
        user.has_perm("cases.reassign_case") and user.organisation_id == secondment.organisation_id
    )


@transaction.atomic
def secondment_acknowledge(*, secondment: Secondment, actor: User) -> Secondment:

    secondment = Secondment.objects.select_for_update().get(pk=secondment.pk)
    _still_pending(secondment)
    secondment.acknowledged_at = timezone.now()
    secondment.acknowledged_by = actor
    secondment.save(update_fields=["acknowledged_at", "acknowledged_by"])
    case_event_record(
        case=secondment.case,
        action="cases.case.secondment_acknowledged",
        actor=actor,
        data={
            "secondment_id": secondment.pk,
            "handler": str(secondment.handler),
            "organisation": secondment.organisation.name,
            "organisation_en": secondment.organisation.name_en,
        },
        public=False,
    )
    return secondment


def _still_pending(secondment: Secondment) -> None:
    from .services import CaseError

    if secondment.acknowledged_at is not None:
        raise CaseError(_("This assignment was acknowledged already."))
    if secondment.declined_at is not None:
        raise CaseError(_("This assignment was declined already."))


@transaction.atomic
def secondment_decline(*, secondment: Secondment, actor: User, reason: str) -> Secondment:
    """The lending organisation's head declines the loan: the mediator no longer handles
    the case (unless someone else was assigned meanwhile), a line on the timeline says
    why, and whoever assigned it is told, to assign another."""
    from django.urls import reverse

    from zhanjiang_union.notifications.services import notify

    from .services import CaseError, _save_version

    secondment = Secondment.objects.select_for_update().get(pk=secondment.pk)
    _still_pending(secondment)
    if not reason.strip():
        raise CaseError(_("Give the reason."))
    secondment.declined_at = timezone.now()
    secondment.decline_reason = reason
    secondment.save(update_fields=["declined_at", "decline_reason"])
    case = Case.objects.select_for_update().get(pk=secondment.case_id)
    if case.handler_id == secondment.handler_id:
        case.handler = None
        _save_version(case, actor, ["handler"])
    names = {
        "secondment_id": secondment.pk,
        "handler": str(secondment.handler),
        "organisation": secondment.organisation.name,
        "organisation_en": secondment.organisation.name_en,
    }
    case_event_record(
        case=case,
        action="cases.case.secondment_declined",
        actor=actor,
        note=reason,
        data=names,
        public=False,
    )
    if secondment.assigned_by.is_active:
        notify(
            recipients=[secondment.assigned_by],
            subject=_("%(organisation)s declined to lend %(handler)s for case %(number)s")
            % {"organisation": secondment.organisation, "handler": secondment.handler,
               "number": case.number},
            body=reason,
            url=reverse("cases:detail", args=[case.pk]),
        )  # fmt: skip
    return secondment
