"""Daily sweeps of the self-inspection reports. Each task calls one service; the
services stamp each report as they notify, so a rerun or a second worker sends
nothing twice."""

from datetime import date

from celery import shared_task

from zhanjiang_union.monitoring.models import Job
from zhanjiang_union.monitoring.services import heartbeat

from . import services


def _day(today: str | None) -> date | None:
    return date.fromisoformat(today) if today else None


# `today` (an ISO date) lets an operator rerun a missed day's sweep; beat passes none.
@shared_task
def report_reminders_send(today: str | None = None) -> int:
    return services.report_reminders_send(today=_day(today))


@shared_task
def report_overdue_flag(today: str | None = None) -> int:
    return services.report_overdue_flag(today=_day(today))


# The dashboard's figures (leadership/dashboard/rollups.py): the days changed since the
# last refresh every minute, every day at night. Each returns when the figures stand.
@shared_task
@heartbeat(Job.DASHBOARD_REFRESH)
def dashboard_rollups_refresh() -> str | None:
    from .dashboard.rollups import rollups_refresh

    state = rollups_refresh()
    return state.refreshed_at.isoformat() if state else None


@shared_task
def dashboard_rollups_rebuild() -> str:
    from .dashboard.rollups import rollups_rebuild

    return rollups_rebuild().built_at.isoformat()
