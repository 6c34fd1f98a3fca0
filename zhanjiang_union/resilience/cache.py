"""Redis as a helper, not a gate: Django's Redis cache with short socket timeouts that,
when Redis cannot be reached, keeps working on a table in the database.

Rate limits (django-ratelimit counts in the cache), the workbench's and lists' cached
counts and the dashboard's cached figures all go through Django's cache. With Redis
down each call would raise, and every page using it would answer 500. Here a failed
call is answered by Django's DatabaseCache on `resilience_cache` instead, logged and
counted (`cache.fallback` in resilience.faults.FAULTS); for RETRY_AFTER seconds the
process then goes straight to the database, so only one request in that time waits
out a timeout. Rate limits keep holding during an outage (counted afresh in the
database); cached values are simply computed again.
"""

import threading
import time

import redis.exceptions
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from redis.backoff import NoBackoff
from redis.retry import Retry

from .faults import fault_record

UNREACHABLE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)

# Until when (time.monotonic()) each Redis location counts as down, per process:
# Django keeps one cache object per thread, the outage is the same for all of them.
_down_until: dict[str, float] = {}
_down_lock = threading.Lock()


class RedisCacheWithFallback(RedisCache):
    """OPTIONS: Redis's own (socket_timeout, socket_connect_timeout; 0.5 s each unless
    given), FALLBACK_TABLE (default `resilience_cache`, made by the migrations) and
    RETRY_AFTER (seconds before Redis is tried again after a failure, default 10)."""

    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        table = options.pop("FALLBACK_TABLE", "resilience_cache")
        self.retry_after = float(options.pop("RETRY_AFTER", 10))
        options.setdefault("socket_timeout", 0.5)
        options.setdefault("socket_connect_timeout", 0.5)
        # redis-py retries a failed command three times by default: one try is enough,
        # the database answers instead.
        options.setdefault("retry", Retry(NoBackoff(), 0))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._location = server if isinstance(server, str) else ",".join(server)
        fallback_params = {
            name: params[name]
            for name in ("TIMEOUT", "KEY_PREFIX", "VERSION", "KEY_FUNCTION")
            if name in params
        }
        self.fallback = DatabaseCache(table, fallback_params)

    # --- The outage switch ---------------------------------------------------

    def _redis_down(self) -> bool:
        return _down_until.get(self._location, 0.0) > time.monotonic()

    def _mark_down(self, exc: Exception) -> None:
        with _down_lock:
            _down_until[self._location] = time.monotonic() + self.retry_after
        fault_record("cache.fallback", type(exc).__name__)

    def _call(self, name: str, *args, **kwargs):
        if not self._redis_down():
            try:
                return getattr(super(), name)(*args, **kwargs)
            except UNREACHABLE as exc:
                self._mark_down(exc)
        return getattr(self.fallback, name)(*args, **kwargs)

    # --- Every operation RedisCache implements --------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version)

    def clear(self):
        # Both: a value written to the fallback during an outage must not outlive a
        # clear made after it.
        self.fallback.clear()
        return self._call("clear")
