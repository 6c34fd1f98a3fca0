"""Small tables an administrator edits, read once per process and kept until one changes.

A complaint reads the districts and categories it is checked against, the routing rules,
the city federation, the intake department and the deadline rule: seven statements and
about 5 ms of a filing's CPU (docs/benchmarks.md, "A mass dispute"), for rows that change a
few times a year. What is kept here is read through `kept(name, load)`; the tables it
comes from are named with `watch(Model, ...)` in their app's ready(). The rules:

- A save or delete of a watched model forgets everything kept in this process at once,
  and is announced to every other process through one token in Django's shared cache
  when its transaction commits. Each process reads the token once per web request (and
  on every call outside one, as Celery's tasks are), so another process's edit shows
  from its next request.
- Within a transaction that changed a watched table, nothing kept is used or kept (what
  it reads may yet be rolled back).
- With Redis down the portal's cache answers from its database table
  (zhanjiang_union/resilience/cache.py), where changes are announced too; a cache that
  cannot be read at all trusts nothing kept: every call reads the database.
- Edits that send no signal (QuerySet.update, bulk_create, raw SQL) are not seen:
  the portal's own code changes these tables with save(); a flush or migration of the
  database forgets too. Tests edit them with update() inside their transactions, so
  the test settings turn keeping off (KEPT_TABLES) except where a test is about it.
"""

import logging
import threading
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction

logger = logging.getLogger(__name__)

VERSION_KEY = "kept:version"
T = TypeVar("T")

UNREACHABLE = object()
_UNREAD = object()
_lock = threading.Lock()
# {name: value} as read under one version of the shared token.
_kept: dict[str, object] = {}
_kept_under: list = [_UNREAD]
_request = threading.local()
_thread = threading.local()


def kept(name: str, load: Callable[[], T]) -> T:
    """What `load()` returns, kept in this process under `name` until a watched table
    changes. `load` must return something not tied to a request: rows, tuples, dicts."""
    if not settings.KEPT_TABLES:
        return load()
    if getattr(_thread, "changed", False):
        if transaction.get_connection(DEFAULT_DB_ALIAS).in_atomic_block:
            return load()  # this transaction's own edits: read as they are now
        _thread.changed = False
    version = shared_version()
    if version is UNREACHABLE:
        return load()
    with _lock:
        if _kept_under[0] != version:
            _kept.clear()
            _kept_under[0] = version
        if name in _kept:
            return _kept[name]
    value = load()
    with _lock:
        if _kept_under[0] == version:  # not forgotten meanwhile
            _kept[name] = value
    return value


def forget(**kwargs) -> None:
    """Forget everything kept in this process (a receiver for flush and settings too)."""
    with _lock:
        _kept.clear()
        _kept_under[0] = _UNREAD


def changed(sender=None, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_save / post_delete receiver for the watched models."""
    forget()
    if transaction.get_connection(using).in_atomic_block:
        _thread.changed = True
        transaction.on_commit(_committed, using=using)
    else:
        announce()


def _committed() -> None:
    _thread.changed = False  # what is read now may be kept again
    announce()


def announce() -> None:
    """Tell every process (this one included) that a watched table changed."""
    forget()
    if getattr(_request, "version", None) is not None:
        _request.version = _UNREAD
    try:
        # A fresh token rather than a number: the file cache's incr is not atomic.
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        logger.warning("Kept tables: could not tell the other processes", exc_info=True)


def watch(*models) -> None:
    """Forget what is kept whenever one of these models is saved or deleted."""
    from django.core.signals import setting_changed
    from django.db.models.signals import post_delete, post_migrate, post_save

    listen()
    # A flushed or migrated database, a setting a loader reads (tests): start again.
    post_migrate.connect(forget, dispatch_uid="kept-post-migrate")
    setting_changed.connect(forget, dispatch_uid="kept-setting-changed")
    for model in models:
        label = model._meta.label
        post_save.connect(changed, sender=model, dispatch_uid=f"kept-save-{label}")
        post_delete.connect(changed, sender=model, dispatch_uid=f"kept-delete-{label}")


def listen() -> None:
    """Read the token once per web request (request_started / request_finished)."""
    from django.core.signals import request_finished, request_started

    request_started.connect(request_begins, dispatch_uid="kept-request-begins")
    request_finished.connect(request_ends, dispatch_uid="kept-request-ends")


def request_begins(**kwargs) -> None:
    """request_started receiver: the token is read once in this request, when needed."""
    _request.version = _UNREAD


def request_ends(**kwargs) -> None:
    """request_finished receiver."""
    _request.__dict__.pop("version", None)


def _shared_version():
    try:
        return cache.get(VERSION_KEY)
    except Exception:
        return UNREACHABLE


def shared_version():
    """The shared token as this request read it, or UNREACHABLE: read once per web
    request, on every call outside one. The working-day calendar, kept per process
    too, follows the same token."""
    remembered = getattr(_request, "version", None)
    if remembered is None:  # not in a request: a task, a command
        return _shared_version()
    if remembered is _UNREAD:
        version = _shared_version()
        _request.version = version if version is UNREACHABLE else (version,)
        return version
    return remembered if remembered is UNREACHABLE else remembered[0]
