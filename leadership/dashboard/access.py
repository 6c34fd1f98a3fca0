"""Whose dashboard covers which departments.

Whoever may read every case (leadership, administrators) reads every department's
figures and may narrow them to one; anyone else with the dashboard permission (a
department head) is held to their own department, whatever the URL asks for.
"""

from django.core.exceptions import PermissionDenied

from zhanjiang_union.accounts.models import Department

VIEW_DASHBOARD = "leadership.view_dashboard"
READ_EVERY_CASE = "cases.view_all_cases"


def dashboard_forced_department(user) -> Department | None:
    """The department the user's dashboard is confined to; None for every department.

    A user held to a department who has none has nothing to see: 403, not an empty
    dashboard that looks like a quiet month."""
    if user.has_perm(READ_EVERY_CASE):
        return None
    if user.department_id is None:
        raise PermissionDenied
    return user.department
