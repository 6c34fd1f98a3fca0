"""Counters of attempts, on django-ratelimit's fixed windows in the cache.

Each limit is kept per client (zhanjiang_union/clientip.py) or per something the client
typed (a case number), never per account alone: so that nobody can use a limit to shut
someone else out. `wait_seconds` reads a counter without counting and says, once the
limit is reached, how many seconds remain; `attempt_count` counts one.
"""

import math
from dataclasses import dataclass

from django.utils.translation import ngettext
from django_ratelimit import ALL
from django_ratelimit.core import get_usage


@dataclass(frozen=True)
class Limit:
    group: str
    rate: str  # django-ratelimit's notation: "10/10m", "30/h"


def _usage(request, limit: Limit, value: str | None, *, increment: bool):
    # "ip" is the client of zhanjiang_union/clientip.py (settings.RATELIMIT_IP_META_KEY).
    key = (lambda group, req: value) if value is not None else "ip"
    return get_usage(
        request, group=limit.group, key=key, rate=limit.rate, method=ALL, increment=increment
    )


def wait_seconds(request, limit: Limit, value: str | None = None) -> int:
    """0 while attempts remain; otherwise the seconds until the window ends."""
    usage = _usage(request, limit, value, increment=False)
    if usage is None or usage["count"] < usage["limit"]:
        return 0
    return max(int(usage["time_left"]), 1)


def attempt_count(request, limit: Limit, value: str | None = None) -> int:
    """Count one attempt (for the client, or for `value`); the count so far."""
    usage = _usage(request, limit, value, increment=True)
    return 0 if usage is None else int(usage["count"])


def retry_in(seconds: int) -> str:
    """“please try again in 7 minutes”, rounded up to whole minutes."""
    minutes = max(math.ceil(seconds / 60), 1)
    return ngettext(
        "Please try again in %(minutes)s minute.",
        "Please try again in %(minutes)s minutes.",
        minutes,
    ) % {"minutes": minutes}


__all__ = ["Limit", "attempt_count", "retry_in", "wait_seconds"]
