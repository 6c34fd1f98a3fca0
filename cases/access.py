"""Who may read and act on which case: the one helper every case view uses.

A worker sees only the cases they filed (anything else is 404, so case ids
cannot be probed). Staff belong to a union organisation of the grid: they read
the cases of their organisation and of every organisation below it, and act only
on their own organisation's; at the city federation, whose staff also have a
department, the city's own cases are their department's, as before the grid. The
city's leadership reads all and changes nothing; whoever may not act gets 403.

A subtree is a path prefix of the organisation tree (zhanjiang_union.organisations),
so every list, count, search and export filters through one subquery, whatever
the depth or the number of organisations.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from zhanjiang_union.organisations.models import Organisation
from zhanjiang_union.organisations.selectors import (
    organisation_below,
    organisation_of,
    organisation_subtree,
)

from .models import Case


def staff_organisation(user) -> Organisation | None:
    """The user's organisation (the city federation when none is set), once per request."""
    if not hasattr(user, "_organisation_cache"):
        user._organisation_cache = organisation_of(user=user)
    return user._organisation_cache


def _at_city(organisation: Organisation | None) -> bool:
    return organisation is None or organisation.depth == 1


def reads_everything(user) -> bool:
    """The city's leadership and the administrators; a leader of a county federation
    reads that county's subtree."""
    return user.has_perm("cases.view_all_cases") and _at_city(staff_organisation(user))


def _reads_subtree(user) -> bool:
    return user.has_perm("cases.work_case") or user.has_perm("cases.view_all_cases")


def _is_own(user, case: Case) -> bool:
    """The case is at the user's organisation (and, at the city, their department)."""
    organisation = staff_organisation(user)
    if organisation is None:
        return case.department_id == user.department_id
    if _at_city(organisation):
        at_city = case.organisation_id in (None, organisation.pk)
        return (
            at_city
            and user.department_id is not None
            and (case.department_id == user.department_id)
        )
    return case.organisation_id == organisation.pk


def _is_below(user, case: Case) -> bool:
    organisation = staff_organisation(user)
    if organisation is None or case.organisation_id is None:
        return False
    below = case.organisation
    return below.depth > organisation.depth and below.path.startswith(organisation.path)


def can_read(user, case: Case) -> bool:
    if not user.is_authenticated:
        return False
    if reads_everything(user):
        return True
    if user.has_perm("cases.work_case") and (
        _is_own(user, case) or _is_below(user, case) or _handles(user, case)
    ):
        return True
    if user.has_perm("cases.view_all_cases"):  # a county federation's leadership
        at_own = case.organisation_id == getattr(staff_organisation(user), "pk", None)
        if at_own or _is_below(user, case):
            return True
    return _filed_by(user, case)


def _filed_by(user, case: Case) -> bool:
    """The worker who filed the case, or the desk operator who registered it from a call."""
    return user.pk in (case.filed_by_id, case.registered_by_id)


def cases_filed_by(user) -> QuerySet[Case]:
    """The cases of `_filed_by`, set-wise: a worker's "my cases"."""
    return Case.objects.filter(Q(filed_by=user) | Q(registered_by=user))


def _handles(user, case: Case) -> bool:
    """The handler of a city case works it, also when lent from an organisation below
    (cases.secondments). Only at the city: elsewhere a handler is of the case's own
    organisation, and one who left it (a closed organisation's staff) acts there no more."""
    return (
        case.handler_id is not None
        and case.handler_id == user.pk
        and _at_city(case.organisation if case.organisation_id else None)
    )


def lent_cases(user) -> QuerySet[Case]:
    """The city cases a user handles: those a mediator lent from below works (_handles)."""
    at_city = Q(organisation__isnull=True) | Q(organisation__depth=1)
    return Case.objects.filter(at_city, handler=user)


def can_act(user, case: Case) -> bool:
    if user.has_perm("cases.act_on_all_cases"):
        return True
    return user.has_perm("cases.work_case") and (_is_own(user, case) or _handles(user, case))


def can_reassign(user, case: Case) -> bool:
    if user.has_perm("cases.act_on_all_cases"):
        return True
    return user.has_perm("cases.reassign_case") and _is_own(user, case)


def can_edit_register(user, organisation: Organisation) -> bool:
    """The mediators' register of an organisation is kept by its own heads and by the
    administrators (who keep every organisation's)."""
    if user.has_perm("cases.act_on_all_cases"):
        return True
    own = staff_organisation(user)
    return user.has_perm("cases.reassign_case") and own is not None and own.pk == organisation.pk


def register_scope(user, organisation: Organisation) -> QuerySet[Organisation]:
    """The organisations whose register a sheet imported at `organisation` may fill:
    its whole subtree for the administrators, the organisation itself for its head."""
    if user.has_perm("cases.act_on_all_cases"):
        return organisation_subtree(organisation=organisation)
    return Organisation.objects.filter(pk=organisation.pk)


def can_see_personal_data(user, case: Case) -> bool:
    """Full ID numbers and phones: only for the people working the case."""
    return user.has_perm("cases.view_personal_data") and can_act(user, case)


def _own_condition(user, organisation: Organisation | None) -> Q:
    if organisation is None:
        return Q(department_id=user.department_id)
    if _at_city(organisation):
        if not user.department_id:
            return Q(pk__in=[])
        at_city = Q(organisation=organisation) | Q(organisation__isnull=True)
        return at_city & Q(department_id=user.department_id)
    return Q(organisation=organisation)


def cases_visible_to(user) -> QuerySet[Case]:
    """The cases a user's lists show: all (the city's leadership, admins), their
    organisation's and its subtree's (staff), or the ones they filed or registered
    themselves. The subtree is one subquery on the organisation tree's path index."""
    if not user.is_authenticated:
        return Case.objects.none()
    if reads_everything(user):
        return Case.objects.all()
    if _reads_subtree(user):
        organisation = staff_organisation(user)
        if organisation is not None and not _at_city(organisation):
            # Below the city, its own cases and those below are one path prefix: a single
            # IN, which the (organisation, status) index answers alone, where an OR would
            # scan every case. (Read-only county leadership reads the same subtree.)
            subtree = organisation_subtree(organisation=organisation).values("pk")
            return Case.objects.filter(organisation__in=subtree)
        # At the city (or with no organisation) only staff who work cases get here: the
        # city's read-only leadership reads everything, above.
        own = _own_condition(user, organisation)
        if organisation is None:
            return Case.objects.filter(own)
        below = organisation_below(organisation=organisation).values("pk")
        return Case.objects.filter(own | Q(organisation__in=below))
    return cases_filed_by(user)


def visibility_key(user) -> str:
    """What a user's lists depend on, for caching counts per scope."""
    if reads_everything(user):
        return "all"
    if _reads_subtree(user):
        organisation = staff_organisation(user)
        perm = "work" if user.has_perm("cases.work_case") else "read"
        return f"org-{getattr(organisation, 'pk', None)}-dept-{user.department_id}-{perm}"
    return f"user-{user.pk}"


def handlers_for(case: Case):
    """Who may be assigned the case: the active staff of its organisation (at the city,
    of its department, and the mediators of the organisations below, lent to the case
    with their organisation's acknowledgement: cases.secondments)."""
    from zhanjiang_union.accounts.models import User

    from .secondments import mediators_on_loan_offer

    staff = User.objects.filter(is_active=True)
    if case.organisation_id is None or case.organisation.depth == 1:
        city = Q(organisation__isnull=True) | Q(organisation__depth=1)
        lent = Q(pk__in=mediators_on_loan_offer().values("pk"))
        return staff.filter((city & Q(department_id=case.department_id)) | lent)
    return staff.filter(organisation_id=case.organisation_id)


def case_reload(case: Case) -> Case:
    """The case as stored now, with what the checks here read."""
    return Case.objects.select_related("organisation").get(pk=case.pk)


def case_for_user(user, pk: int, *, act: bool = False) -> Case:
    """The case if this user may read it (and act on it, with act=True).

    Outsiders get 404, so they cannot tell whether a case id exists; staff
    who can read but not act get 403.
    """
    case = (
        Case.objects.select_related(
            "district",
            "category",
            "department",
            "organisation",
            "handler",
            "merged_into",
            "linked_to",
        )
        .filter(pk=pk)
        .first()
    )
    if case is None or not can_read(user, case):
        raise Http404
    if act and not can_act(user, case):
        raise PermissionDenied
    return case
