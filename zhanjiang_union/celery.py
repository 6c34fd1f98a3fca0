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


def enqueue(task, /, **kwargs) -> bool:
    """Queue `task` with these keyword arguments (ids, never secrets); False when the
    broker cannot take it now. Every task queued this way is also done by a periodic
    pass over the database rows it works on, so a message lost here only delays the
    work, and the request that queues it never fails for it nor waits on the broker
    more than BROKER_PUBLISH_WAIT seconds (a hung Redis holds the publish in its own
    thread, which ends with the broker's socket timeout)."""
    import threading
    import time

    from django.conf import settings

    from .resilience.faults import fault_record

    if task.app.conf.task_always_eager:
        task.apply_async(kwargs=kwargs)  # in place (tests): errors are the task's own
        return True
    if _broker_down_until[0] > time.monotonic():
        # It failed a moment ago: do not make this request wait for it again.
        fault_record("broker.publish_skipped", task.name)
        return False
    outcome: list[BaseException | None] = []

    def publish() -> None:
        try:
            # No result is waited for; with Redis, asking for one would subscribe to it.
            task.apply_async(kwargs=kwargs, ignore_result=True)
        except Exception as exc:  # the broker's error types vary with the transport
            outcome.append(exc)
        else:
            outcome.append(None)

    sender = threading.Thread(target=publish, name=f"publish {task.name}", daemon=True)
    sender.start()
    sender.join(getattr(settings, "BROKER_PUBLISH_WAIT", 1.0))
    failure = outcome[0] if outcome else TimeoutError("no answer from the broker")
    if failure is not None:
        _broker_down_until[0] = time.monotonic() + BROKER_RETRY_AFTER
        fault_record("broker.publish_failed", f"{task.name} {type(failure).__name__}")
        return False
    return True


# After a failed publish, requests skip the broker for this many seconds.
BROKER_RETRY_AFTER = 10.0
_broker_down_until = [0.0]


def enqueue_on_commit(task, /, **kwargs) -> None:
    """`enqueue` once the current transaction commits (at once outside one)."""
    from functools import partial

    from django.db import transaction

    transaction.on_commit(partial(enqueue, task, **kwargs))
