"""The dashboard's figures (dashboard/rollups.py): the days changed since the last
refresh every minute, every day at night. Each returns when the figures stand.

Both keep the names they were first scheduled and queued under, when the dashboard was
part of the leadership app: beat's schedule (settings.CELERY_BEAT_SCHEDULE) and any
message already waiting in the broker name them so, and a worker drops a message whose
name it does not know."""

from celery import shared_task

from zhanjiang_union.monitoring.models import Job
from zhanjiang_union.monitoring.services import heartbeat

from .rollups import rollups_rebuild, rollups_refresh


@shared_task(name="leadership.tasks.dashboard_rollups_refresh")
@heartbeat(Job.DASHBOARD_REFRESH)
def dashboard_rollups_refresh() -> str | None:
    state = rollups_refresh()
    return state.refreshed_at.isoformat() if state else None


@shared_task(name="leadership.tasks.dashboard_rollups_rebuild")
def dashboard_rollups_rebuild() -> str:
    return rollups_rebuild().built_at.isoformat()
