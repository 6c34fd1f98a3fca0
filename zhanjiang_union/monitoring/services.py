"""Writes: a job says it finished."""

import functools
import time

from django.utils import timezone

from .models import Heartbeat, Job


def heartbeat_record(*, job: Job, duration: float) -> Heartbeat:
    heartbeat, _created = Heartbeat.objects.update_or_create(
        job=job, defaults={"last_success": timezone.now(), "last_duration": duration}
    )
    return heartbeat


def heartbeat(job: Job):
    """Decorate a task: each run that returns (raises nothing) records its heartbeat.
    A run that fails records nothing, so its silence shows on /healthz."""

    def decorator(function):
        @functools.wraps(function)
        def wrapped(*args, **kwargs):
            started = time.monotonic()
            result = function(*args, **kwargs)
            heartbeat_record(job=job, duration=time.monotonic() - started)
            return result

        return wrapped

    return decorator
