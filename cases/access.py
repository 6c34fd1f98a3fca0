"""Who may read and act on which case: the one helper every case view uses.

A worker sees only the cases they filed (anything else is 404, so case ids
cannot be probed); staff see their department's cases; leadership reads all
and changes nothing; whoever may not act gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from .models import Case


def can_read(user, case: Case) -> bool:
    if not user.is_authenticated:
        return False
    if user.has_perm("cases.view_all_cases"):
        return True
    if user.has_perm("cases.work_case") and case.department_id == user.department_id:
        return True
    return user.pk in (case.filed_by_id, case.registered_by_id)


def can_act(user, case: Case) -> bool:
    if user.has_perm("cases.act_on_all_cases"):
        return True
    return user.has_perm("cases.work_case") and case.department_id == user.department_id


def can_reassign(user, case: Case) -> bool:
    if user.has_perm("cases.act_on_all_cases"):
        return True
    return user.has_perm("cases.reassign_case") and case.department_id == user.department_id


def can_see_personal_data(user, case: Case) -> bool:
    """Full ID numbers and phones: only for the people working the case."""
    return user.has_perm("cases.view_personal_data") and can_act(user, case)


def cases_visible_to(user) -> QuerySet[Case]:
    """The cases a user's lists show: all (leadership, admins), the department's
    (caseworkers), or the ones they filed or registered themselves. A single
    condition each, so that a million cases are filtered through an index."""
    if not user.is_authenticated:
        return Case.objects.none()
    if user.has_perm("cases.view_all_cases"):
        return Case.objects.all()
    if user.has_perm("cases.work_case") and user.department_id:
        return Case.objects.filter(department_id=user.department_id)
    return Case.objects.filter(Q(filed_by=user) | Q(registered_by=user))


def case_for_user(user, pk: int, *, act: bool = False) -> Case:
    """The case if this user may read it (and act on it, with act=True).

    Outsiders get 404, so they cannot tell whether a case id exists; staff
    who can read but not act get 403.
    """
    case = (
        Case.objects.select_related(
            "district", "category", "department", "handler", "merged_into", "linked_to"
        )
        .filter(pk=pk)
        .first()
    )
    if case is None or not can_read(user, case):
        raise Http404
    if act and not can_act(user, case):
        raise PermissionDenied
    return case
