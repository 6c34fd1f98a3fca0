"""Whom an escalation reaches above a department's heads: the task-force roster's
leaders in charge (分管领导) and the director of its office, on a given day.

The roster is the leadership app's, which sits above cases and the hotline, yet the
case and callback sweeps below it must reach the roster's people. So the questions
live here, in the base, and the leadership app answers them when it is ready
(`leadership.apps`), as `cases/timeline.py`'s renderers are registered by the apps
that own the events: no lower layer imports the roster, and "who is in charge of a
department" is computed in one place. Every answer is set-wise (one query for any
number of departments), so a sweep asks once, whatever its size.

Without a roster (none registered) nobody is in charge: escalations reach department
heads, then the administrators.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Protocol

from django.utils import timezone
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from zhanjiang_union.accounts.models import Department, User


class LeadersInCharge(Protocol):
    def __call__(
        self,
        *,
        today: date,
        department_ids: Collection[int] | None,
        department_codes: Collection[str] | None,
    ) -> dict[int, list["User"]]: ...


class OfficeDirectors(Protocol):
    def __call__(self, *, today: date) -> list["User"]: ...


_leaders_in_charge: LeadersInCharge | None = None
_office_directors: OfficeDirectors | None = None


def roster_provide(*, leaders_in_charge: LeadersInCharge, office_directors: OfficeDirectors):
    """Called by the app that keeps the roster, in its `ready()`."""
    global _leaders_in_charge, _office_directors
    _leaders_in_charge, _office_directors = leaders_in_charge, office_directors


def _unique(users) -> list["User"]:
    return list({user.pk: user for user in users}.values())


def leaders_in_charge(
    *,
    today: date | None = None,
    department_ids: Collection[int] | None = None,
    department_codes: Collection[str] | None = None,
) -> dict[int, list["User"]]:
    """department id -> the active accounts of the roster members in charge of it on
    `today` (every department, or those given by id or code), in roster order; a
    department nobody is in charge of is absent. One query."""
    if _leaders_in_charge is None:
        return {}
    return _leaders_in_charge(
        today=today or timezone.localdate(),
        department_ids=department_ids,
        department_codes=department_codes,
    )


def office_directors(*, today: date | None = None) -> list["User"]:
    """The active accounts of whoever directs the task-force office on `today`."""
    if _office_directors is None:
        return []
    return _office_directors(today=today or timezone.localdate())


def escalation_fallback_recipients(*, today: date | None = None) -> list["User"]:
    """Whom an escalation goes to when its level has nobody (no department head, no
    leader in charge, only inactive accounts): the task-force office (its director on
    the roster) and the administrators. An escalation that reaches no one is dropped."""
    from zhanjiang_union.accounts.models import User
    from zhanjiang_union.accounts.roles import Role

    admins = User.objects.filter(groups__name=Role.ADMIN, is_active=True).distinct()
    return _unique(office_directors(today=today) + list(admins))


@dataclass(frozen=True)
class EscalationGap:
    department: "Department | None"  # None: the task-force office itself
    missing: str  # "head", "leader", "office"

    @property
    def message(self) -> str:
        if self.missing == "head":
            return _(
                "%(department)s has no active department head: its overdue cases are "
                "escalated to the task-force office and the administrators instead."
            ) % {"department": self.department}
        if self.missing == "leader":
            return _(
                "%(department)s has no active leader in charge on the task force: its long "
                "overdue cases are escalated to the task-force office and the "
                "administrators instead."
            ) % {"department": self.department}
        return _(
            "The task-force office has no director with an active account: escalations "
            "that have no one else to go to reach only the administrators."
        )


def escalation_gaps(*, today: date | None = None) -> list[EscalationGap]:
    """The escalation levels that have no one to go to, by department: shown on the
    roster and the departments' pages, so someone fills them before cases fall in."""
    from zhanjiang_union.accounts.models import Department, User
    from zhanjiang_union.accounts.roles import Role

    today = today or timezone.localdate()
    with_head = set(
        User.objects.filter(
            groups__name=Role.DEPARTMENT_HEAD, is_active=True, department__isnull=False
        ).values_list("department_id", flat=True)
    )
    with_leader = set(leaders_in_charge(today=today))
    gaps = []
    for department in Department.objects.all():
        if department.pk not in with_head:
            gaps.append(EscalationGap(department, "head"))
        if department.pk not in with_leader:
            gaps.append(EscalationGap(department, "leader"))
    if not office_directors(today=today):
        gaps.append(EscalationGap(None, "office"))
    return gaps
