"""Who may read, submit and review which self-inspection report, and who may record
an activity for which department: the one helper every leadership view uses.

A department's staff read and (with the permission) submit their own department's
reports; the leader in charge of a department (分管领导: an active roster member
whose portal account is the user and whose `in_charge_of` lists the department)
reads and reviews its reports; "act_on_all_reports" does everything everywhere.
Someone who may not read a report gets 404, so report ids cannot be probed; one
who may read but not act gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from zhanjiang_union.accounts.models import Department

from .models import RosterMember, SelfInspectionReport

ACT_ON_ALL = "leadership.act_on_all_reports"
SUBMIT = "leadership.submit_selfinspectionreport"


def departments_in_charge(user) -> QuerySet[Department]:
    if not user.is_authenticated:
        return Department.objects.none()
    members = RosterMember.in_charge_on(timezone.localdate()).filter(user=user)
    return Department.objects.filter(leaders_in_charge__in=members).distinct()


def is_leader_in_charge(user, department_id: int) -> bool:
    return departments_in_charge(user).filter(pk=department_id).exists()


def reports_visible_to(user) -> QuerySet[SelfInspectionReport]:
    if not user.is_authenticated:
        return SelfInspectionReport.objects.none()
    if user.has_perm(ACT_ON_ALL):
        return SelfInspectionReport.objects.all()
    visible = Q(department__in=departments_in_charge(user))
    if user.department_id:
        visible |= Q(department_id=user.department_id)
    return SelfInspectionReport.objects.filter(visible)


def can_submit_report(user, report: SelfInspectionReport) -> bool:
    if user.has_perm(ACT_ON_ALL):
        return True
    return user.has_perm(SUBMIT) and report.department_id == user.department_id


def can_review_report(user, report: SelfInspectionReport) -> bool:
    if user.has_perm(ACT_ON_ALL):
        return True
    return is_leader_in_charge(user, report.department_id)


def can_open_report_for(user, department: Department) -> bool:
    if user.has_perm(ACT_ON_ALL):
        return True
    return user.has_perm(SUBMIT) and department.pk == user.department_id


def report_for_user(
    user, pk: int, *, submit: bool = False, review: bool = False
) -> SelfInspectionReport:
    report = (
        reports_visible_to(user)
        .select_related("department", "submitted_by", "reviewed_by")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404
    if submit and not can_submit_report(user, report):
        raise PermissionDenied
    if review and not can_review_report(user, report):
        raise PermissionDenied
    return report


def may_record_for_any_department(user) -> bool:
    """Staff record activities for their own department; administrators (staff-site
    accounts that may record activities) for any, e.g. when entering paper records."""
    return user.is_staff and user.has_perm("leadership.add_activity")
