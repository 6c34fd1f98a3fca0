"""Who may use which hotline page and open which record: the one helper every view uses.

Pages (the desk, the lists, the forms) need their permission: logged-in users without
it get 403. Records (a call, a visit, a closed case to follow up) answer 404 to whoever
may not read them, so their ids cannot be probed; one who may read but not act gets 403.
Mediators see the calls of their cases on the case page only (`case_hotline_records`).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from cases.models import Case
from cases.workflow import Outcome, Status

from .models import Call, Visit

USE_DESK = "hotline.use_desk"
VIEW_CALLS = "hotline.view_call"
FOLLOW_UP = "hotline.add_followup"
VIEW_VISITS = "hotline.view_visit"
RECORD_VISITS = "hotline.add_visit"
VIEW_EXTERNAL = "hotline.view_externalpetition"
RECORD_EXTERNAL = "hotline.add_externalpetition"


def can_read_calls(user) -> bool:
    return user.is_authenticated and (user.has_perm(VIEW_CALLS) or user.has_perm(USE_DESK))


def can_see_caller_phone(user) -> bool:
    """The whole number, on the call's own page: only for the operators who call back."""
    return user.has_perm(USE_DESK)


def call_for_user(user, pk: int, *, act: bool = False) -> Call:
    if not can_read_calls(user):
        raise Http404
    call = (
        Call.objects.select_related(
            "operator", "category", "referred_to", "department", "case", "case__department"
        )
        .filter(pk=pk)
        .first()
    )
    if call is None:
        raise Http404
    if act and not user.has_perm(USE_DESK):
        raise PermissionDenied
    return call


def visit_for_user(user, pk: int, *, act: bool = False) -> Visit:
    if not (user.has_perm(VIEW_VISITS) or user.has_perm(RECORD_VISITS)):
        raise Http404
    visit = (
        Visit.objects.select_related("received_by", "case", "case__department")
        .prefetch_related("representatives")
        .filter(pk=pk)
        .first()
    )
    if visit is None:
        raise Http404
    if act and not user.has_perm(RECORD_VISITS):
        raise PermissionDenied
    return visit


def closed_case_for_follow_up(user, pk: int) -> Case:
    """A closed case, for whoever does the satisfaction follow-ups; 404 for anyone
    else and for a case that is not closed."""
    if not user.has_perm(FOLLOW_UP):
        raise Http404
    case = (
        Case.objects.select_related("department", "category")
        .filter(pk=pk, status=Status.CLOSED)
        .exclude(outcome=Outcome.MERGED)
        .first()
    )
    if case is None:
        raise Http404
    return case
