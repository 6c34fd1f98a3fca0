"""The Celery app: settings come from Django's under the CELERY_ prefix."""

import os
import queue
import threading

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
    more than BROKER_PUBLISH_WAIT seconds (a hung Redis holds the publish in the
    process's publishing thread, which is then replaced; see _Publisher)."""
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
    failure = _publisher.publish(task, kwargs, wait=getattr(settings, "BROKER_PUBLISH_WAIT", 1.0))
    if failure is not None:
        _broker_down_until[0] = time.monotonic() + BROKER_RETRY_AFTER
        fault_record("broker.publish_failed", f"{task.name} {type(failure).__name__}")
        return False
    return True


class _Message:
    __slots__ = ("task", "kwargs", "sent", "failure", "abandoned")

    def __init__(self, task, kwargs: dict):
        self.task, self.kwargs = task, kwargs
        self.sent = threading.Event()
        self.failure: BaseException | None = None
        self.abandoned = False


class _Publisher:
    """One thread per process hands the messages to the broker, and the request waits
    for it at most BROKER_PUBLISH_WAIT seconds. One thread, kept: Celery's producer
    and result backend are per thread, and building them for every message was a
    tenth of a filing's CPU (docs/benchmarks.md, "A mass dispute"). A message the
    broker did not take in time is given up (the request goes on without it) and its
    thread, which may be held by a hung Redis until its socket times out, is left to
    end: the next message starts a new one. A forked process (gunicorn's workers,
    Celery's pool) starts its own."""

    def __init__(self):
        self.forget()

    def forget(self) -> None:
        """In a forked child: the parent's thread is not there."""
        self._lock = threading.Lock()
        self._queue: queue.SimpleQueue | None = None

    def publish(self, task, kwargs: dict, *, wait: float) -> BaseException | None:
        message = _Message(task, kwargs)
        with self._lock:
            inbox = self._inbox()
            inbox.put(message)
        if not message.sent.wait(wait):
            message.abandoned = True
            self._retire(inbox)
            return TimeoutError("no answer from the broker")
        return message.failure

    def _inbox(self) -> queue.SimpleQueue:
        """The running thread's queue, or a new thread's (called holding the lock)."""
        if self._queue is None:
            self._queue = queue.SimpleQueue()
            threading.Thread(
                target=self._run, args=(self._queue,), name="broker publisher", daemon=True
            ).start()
        return self._queue

    def _retire(self, inbox: queue.SimpleQueue) -> None:
        with self._lock:
            if self._queue is inbox:
                self._queue = None
                inbox.put(None)  # once it is free: end, after what is queued before it

    @staticmethod
    def _run(inbox: queue.SimpleQueue) -> None:
        while (message := inbox.get()) is not None:
            if message.abandoned:
                continue
            try:
                # No result is waited for; with Redis, asking for one would subscribe to it.
                message.task.apply_async(kwargs=message.kwargs, ignore_result=True)
            except Exception as exc:  # the broker's error types vary with the transport
                message.failure = exc
            message.sent.set()


_publisher = _Publisher()
os.register_at_fork(after_in_child=_publisher.forget)


# After a failed publish, requests skip the broker for this many seconds.
BROKER_RETRY_AFTER = 10.0
_broker_down_until = [0.0]


def enqueue_on_commit(task, /, **kwargs) -> None:
    """`enqueue` once the current transaction commits (at once outside one)."""
    from functools import partial

    from django.db import transaction

    transaction.on_commit(partial(enqueue, task, **kwargs))
