"""The periodic sweep, as beat schedules it, runs through the real broker and worker."""

from datetime import timedelta

from django.conf import settings

from cases.models import Deadline, Escalation
from cases.tasks import deadlines_sweep


def test_beat_schedules_the_sweep():
    entry = settings.CELERY_BEAT_SCHEDULE["deadline-sweep"]
    assert entry["task"] == deadlines_sweep.name
    assert entry["schedule"] == settings.DEADLINE_SWEEP_MINUTES * 60


def test_sweep_task_through_the_worker(celery_worker, make_case):
    case = make_case()
    Deadline.objects.filter(case=case).update(due_on=case.created_at.date() - timedelta(days=2))
    result = deadlines_sweep.delay().get(timeout=60)
    # Triage is not due soon at filing (its window is its last working day); overdue now:
    # the one escalation, sent by the task.
    assert result["state_changes"] == 1 and result["notified"] == 1
    assert Escalation.objects.get(level="overdue").deadline.case == case
