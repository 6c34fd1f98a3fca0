"""The Celery app: settings come from Django's under the CELERY_ prefix."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhanjiang_union.settings")

app = Celery("zhanjiang_union")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.after_setup_logger.connect
@signals.after_setup_task_logger.connect
def _mask_worker_logs(logger, **kwargs):
    # The worker sets up its own handlers (var/celery.log): the same masking as the portal's.
    from zhanjiang_union.masking import install_on

    install_on(logger)


@signals.beat_init.connect
def _watched_jobs_run_at_start(sender=None, **kwargs):
    """Beat first runs an interval job one interval after it starts. The jobs /healthz
    watches run at once instead, so a started or restarted beat shows within seconds."""
    from django.conf import settings

    from zhanjiang_union.monitoring.selectors import BEAT_ENTRIES

    for entry_name in BEAT_ENTRIES.values():
        entry = settings.CELERY_BEAT_SCHEDULE[entry_name]
        app.send_task(entry["task"], kwargs=entry.get("kwargs", {}))
