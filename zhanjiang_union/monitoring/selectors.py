"""Reads: is each job keeping its schedule?"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from .models import Heartbeat, Job

# Each job's entry in CELERY_BEAT_SCHEDULE: its interval is read from there, so the
# promise checked is the schedule actually configured.
BEAT_ENTRIES = {
    Job.DEADLINE_SWEEP: "deadline-sweep",
    Job.DASHBOARD_REFRESH: "dashboard-rollups-refresh",
    Job.NOTIFICATION_DELIVERY: "notifications-deliver-pending",
}
# A job is late when its last success is older than this many of its intervals: one
# slow or failed run (retried) is not an alarm, three missed runs are.
LATE_AFTER_INTERVALS = 3


def job_interval(job: Job) -> timedelta:
    schedule = settings.CELERY_BEAT_SCHEDULE[BEAT_ENTRIES[job]]["schedule"]
    if isinstance(schedule, timedelta):
        return schedule
    if hasattr(schedule, "run_every"):  # celery.schedules.schedule
        return schedule.run_every
    return timedelta(seconds=float(schedule))


@dataclass(frozen=True)
class JobState:
    job: Job
    interval: timedelta
    last_success: datetime | None
    last_duration: float | None
    late: bool

    @property
    def label(self) -> str:
        return str(self.job.label)

    def as_json(self) -> dict:
        return {
            "ok": not self.late,
            "last_success": self.last_success.isoformat() if self.last_success else None,
            "last_duration_seconds": self.last_duration,
            "interval_seconds": self.interval.total_seconds(),
        }


def jobs_state(*, now: datetime | None = None) -> list[JobState]:
    """Every watched job, in Job order, with whether it is late. A job that never
    succeeded is late: a beat that never started is as silent as one that stopped."""
    now = now or timezone.now()
    beats = {row.job: row for row in Heartbeat.objects.all()}
    states = []
    for job in Job:
        interval = job_interval(job)
        row = beats.get(job.value)
        states.append(
            JobState(
                job=job,
                interval=interval,
                last_success=row.last_success if row else None,
                last_duration=row.last_duration if row else None,
                late=row is None or now - row.last_success > LATE_AFTER_INTERVALS * interval,
            )
        )
    return states


def jobs_late(*, now: datetime | None = None) -> list[JobState]:
    return [state for state in jobs_state(now=now) if state.late]
