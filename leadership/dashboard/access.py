"""Whose dashboard covers which departments.

Whoever may read every case (leadership, administrators) reads every department's
figures and may narrow them to one; anyone else with the dashboard permission (a
department head) is held to their own department, whatever the URL asks for.

The figures are the city federation's: staff of an organisation below the city (a
county or township federation) get 403 here rather than figures beyond their subtree.
"""

from django.core.exceptions import PermissionDenied

from cases.access import staff_organisation
from zhanjiang_union.accounts.models import Department

VIEW_DASHBOARD = "leadership.view_dashboard"
READ_EVERY_CASE = "cases.view_all_cases"


def dashboard_forced_department(user) -> Department | None:
    """The department the user's dashboard is confined to; None for every department.

    A user held to a department who has none has nothing to see: 403, not an empty
    dashboard that looks like a quiet month."""
    organisation = staff_organisation(user)
    if organisation is not None and organisation.depth > 1:
        raise PermissionDenied
    if user.has_perm(READ_EVERY_CASE):
        return None
    if user.department_id is None:
        raise PermissionDenied
    return user.department
