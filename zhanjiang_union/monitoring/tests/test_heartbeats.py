"""The three periodic jobs record their own success; /healthz turns 503 when one of
them has been silent for three of its beat intervals."""

from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from zhanjiang_union.monitoring.models import Heartbeat, Job
from zhanjiang_union.monitoring.selectors import job_interval


def test_each_job_records_its_success_when_it_runs(db, seeded):
    from cases.tasks import deadlines_sweep
    from dashboard.tasks import dashboard_rollups_refresh
    from zhanjiang_union.notifications.tasks import deliver_pending

    before = timezone.now()
    deadlines_sweep.delay()
    dashboard_rollups_refresh.delay()
    deliver_pending.delay()

    beats = {row.job: row for row in Heartbeat.objects.all()}
    assert set(beats) == set(Job.values)
    for row in beats.values():
        assert before <= row.last_success <= timezone.now()
        assert row.last_duration >= 0


def test_a_failing_run_records_nothing(db, seeded, jobs_at):
    from cases.tasks import deadlines_sweep

    jobs_at(deadline_sweep=2)
    recorded = Heartbeat.objects.get(job=Job.DEADLINE_SWEEP).last_success
    with mock.patch("cases.deadlines.sweep", side_effect=RuntimeError("database gone")):
        with pytest.raises(RuntimeError):
            deadlines_sweep()
    assert Heartbeat.objects.get(job=Job.DEADLINE_SWEEP).last_success == recorded


def test_intervals_are_the_beat_schedules():
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert (
        job_interval(Job.DEADLINE_SWEEP).total_seconds() == schedule["deadline-sweep"]["schedule"]
    )
    assert job_interval(Job.DASHBOARD_REFRESH) == timedelta(minutes=1)
    assert job_interval(Job.NOTIFICATION_DELIVERY) == timedelta(minutes=1)
    assert schedule["deadline-sweep"]["task"] == "cases.tasks.deadlines_sweep"
    assert (
        schedule["dashboard-rollups-refresh"]["task"]
        == "leadership.tasks.dashboard_rollups_refresh"
    )
    assert (
        schedule["notifications-deliver-pending"]["task"]
        == "zhanjiang_union.notifications.tasks.deliver_pending"
    )


def test_healthz_200_when_every_job_is_within_three_intervals(client, db, jobs_at):
    jobs_at(deadline_sweep=2.9, dashboard_refresh=2.9, notification_delivery=2.9)
    response = client.get("/healthz")
    assert response.status_code == 200
    jobs = response.json()["jobs"]
    assert set(jobs) == set(Job.values)
    assert all(job["ok"] for job in jobs.values())
    assert jobs["deadline_sweep"]["interval_seconds"] == settings.DEADLINE_SWEEP_MINUTES * 60
    assert jobs["deadline_sweep"]["last_duration_seconds"] == 0.25


@pytest.mark.parametrize("job", Job.values)
def test_healthz_503_when_one_job_is_older_than_three_intervals(client, db, jobs_at, job):
    jobs_at(**{job: 3.05})
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert [name for name, state in body["jobs"].items() if not state["ok"]] == [job]
    # The database and broker are fine: the answer says it is the job.
    assert body["database"]["ok"] and body["broker"]["ok"]


def test_healthz_503_when_a_job_never_succeeded(client, db, jobs_at):
    jobs_at(dashboard_refresh=None)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["jobs"]["dashboard_refresh"] == {
        "ok": False,
        "last_success": None,
        "last_duration_seconds": None,
        "interval_seconds": 60.0,
    }


def test_a_longer_configured_interval_moves_the_alarm(client, db, jobs_at):
    jobs_at(deadline_sweep=3.05)  # 3.05 × 5 minutes ago
    schedule = {**settings.CELERY_BEAT_SCHEDULE}
    schedule["deadline-sweep"] = {**schedule["deadline-sweep"], "schedule": 10 * 60.0}
    with override_settings(CELERY_BEAT_SCHEDULE=schedule):
        assert client.get("/healthz").status_code == 200


def test_beat_runs_the_watched_jobs_as_it_starts():
    from zhanjiang_union import celery

    with mock.patch.object(celery.app, "send_task") as send_task:
        celery._watched_jobs_run_at_start(sender=None)
    assert sorted(call.args[0] for call in send_task.call_args_list) == [
        "cases.tasks.deadlines_sweep",
        "leadership.tasks.dashboard_rollups_refresh",
        "zhanjiang_union.notifications.tasks.deliver_pending",
    ]


def test_intervals_come_from_the_environment(tmp_path):
    import json
    import os
    import subprocess
    import sys

    probe = (
        "import json, django; django.setup(); from django.conf import settings; "
        "s = settings.CELERY_BEAT_SCHEDULE; print(json.dumps([s[k]['schedule'] for k in "
        "('deadline-sweep', 'dashboard-rollups-refresh', 'notifications-deliver-pending')]))"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")} | {
        "DJANGO_SETTINGS_MODULE": "zhanjiang_union.settings",
        "VAR_DIR": str(tmp_path),
        "DEADLINE_SWEEP_MINUTES": "0.05",
        "DASHBOARD_REFRESH_MINUTES": "0.1",
        "NOTIFICATION_PASS_MINUTES": "0.2",
    }
    result = subprocess.run(
        [sys.executable, "-c", probe],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == pytest.approx([3.0, 6.0, 12.0])
