"""Whose dashboard covers which organisations and departments.

The figures can be cut by the organisation tree: an organisation's subtree. Staff of
an organisation below the city (a county or township federation) who hold the
dashboard permission are held to their organisation's subtree, whatever the URL asks
for; they may narrow it to an organisation below theirs. At the city, whoever may read
every case (leadership, administrators) reads every department's and organisation's
figures and may narrow them to one; anyone else with the dashboard permission (a
department head) is held to their own department.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from cases.access import staff_organisation
from zhanjiang_union.accounts.models import Department
from zhanjiang_union.organisations.models import Organisation

# Defined on leadership.Activity, where the grants of every database have it.
VIEW_DASHBOARD = "leadership.view_dashboard"
READ_EVERY_CASE = "cases.view_all_cases"


@dataclass(frozen=True)
class DashboardScope:
    """What the viewer's dashboard is held to: a department (None: every department)
    and an organisation's subtree (None: the whole tree)."""

    department: Department | None = None
    organisation: Organisation | None = None


def dashboard_scope(user) -> DashboardScope:
    """The user's dashboard scope. Departments are the city federation's: below the
    city the organisation is the scope. A city user held to a department who has none
    has nothing to see: 403, not an empty dashboard that looks like a quiet month."""
    organisation = staff_organisation(user)
    if organisation is not None and organisation.depth > 1:
        return DashboardScope(organisation=organisation)
    if user.has_perm(READ_EVERY_CASE):
        return DashboardScope()
    if user.department_id is None:
        raise PermissionDenied
    return DashboardScope(department=user.department)
