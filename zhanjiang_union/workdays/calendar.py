"""Working-day arithmetic on the Chinese public-holiday calendar.

Sources, strongest first: the days an administrator entered (CalendarDay), the
chinesecalendar package (the State Council's published years), and for a year
neither covers, Monday to Friday. All dates are Asia/Shanghai calendar dates.

How periods are counted (民法典 Art. 201, 203): the day of the triggering event is
not counted; a period in calendar days that ends on a rest day ends on the next
working day; make-up workdays (调休) are working days.

Each year's working days are built once per process and kept until the calendar
changes. The change is announced through a token in Django's cache, so that
every web and Celery process notices it on its next call.
"""

import datetime
import logging
import threading
from bisect import bisect_left, bisect_right
from functools import partial

import chinese_calendar
from django.db import DEFAULT_DB_ALIAS, transaction

from zhanjiang_union import kept

from .signals import calendar_changed

logger = logging.getLogger(__name__)

# One token with the tables kept per process: a change to either is a change to both.
VERSION_KEY = kept.VERSION_KEY

_PACKAGE_HOLIDAYS = frozenset(chinese_calendar.holidays)
_PACKAGE_WORKDAYS = frozenset(chinese_calendar.workdays)
# The package refuses any date outside the years it has data for; this is its own test.
_PACKAGE_YEARS = range(min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year + 1)


def package_knows(year: int) -> bool:
    """Whether chinesecalendar carries the State Council's schedule for `year`."""
    return year in _PACKAGE_YEARS


class _Year:
    __slots__ = ("ordinals", "members")

    def __init__(self, ordinals: list[int]):
        self.ordinals = ordinals  # sorted, for counting with bisect
        self.members = frozenset(ordinals)


def _build_year(year: int, overrides: dict[datetime.date, bool]) -> _Year:
    known = package_knows(year)
    day = datetime.date(year, 1, 1)
    one_day = datetime.timedelta(days=1)
    ordinals = []
    while day.year == year:
        if day in overrides:
            works = overrides[day]
        elif known:
            works = day in _PACKAGE_WORKDAYS or (day.weekday() < 5 and day not in _PACKAGE_HOLIDAYS)
        else:
            works = day.weekday() < 5
        if works:
            ordinals.append(day.toordinal())
        day += one_day
    return _Year(ordinals)


class _Calendar:
    """The calendar as of one version of the cache token. A change replaces it
    rather than clearing it, so a call holding it sees one calendar throughout."""

    def __init__(self, version):
        self.version = version
        self._years: dict[int, _Year] = {}
        self._overrides: dict[int, dict[datetime.date, bool]] | None = None
        self._complete_years: frozenset[int] | None = None

    def year(self, year: int) -> _Year:
        built = self._years.get(year)
        if built is None:
            overrides = self._load_overrides().get(year, {})
            built = self._years[year] = _build_year(year, overrides)
        return built

    def is_workday(self, day: datetime.date) -> bool:
        return day.toordinal() in self.year(day.year).members

    def is_loaded(self, year: int) -> bool:
        if package_knows(year):
            return True
        if self._complete_years is None:
            from .models import CalendarYear

            self._complete_years = frozenset(
                CalendarYear.objects.filter(complete=True).values_list("year", flat=True)
            )
        return year in self._complete_years

    def _load_overrides(self) -> dict[int, dict[datetime.date, bool]]:
        # The whole table at once: a few dozen rows a year, and one query
        # instead of one per year a long period crosses.
        if self._overrides is None:
            from .models import CalendarDay

            by_year: dict[int, dict[datetime.date, bool]] = {}
            for day, kind in CalendarDay.objects.values_list("date", "kind"):
                by_year.setdefault(day.year, {})[day] = kind == CalendarDay.Kind.WORKDAY
            self._overrides = by_year
        return self._overrides


_current: _Calendar | None = None
_lock = threading.Lock()
# Set in a thread that edited the calendar inside a transaction: what it built
# meanwhile may include rows a rollback then removes.
_thread = threading.local()
_cache_reachable = True


def _version_for_this_request():
    """The shared token, read once per web request (a filing's deadline asks the calendar
    three times) and on every call outside one: another process's edit shows from this
    process's next request, its own edits at once (_announce_change). It is the token of
    the tables kept per process (zhanjiang_union/kept.py), so that a request reads one."""
    global _cache_reachable
    version = kept.shared_version()
    if version is kept.UNREACHABLE:
        # A cache outage must not take every deadline down with it; this process
        # goes on with what it has and misses other processes' edits meanwhile.
        if _cache_reachable:
            logger.warning("Working-day calendar: cache unreachable")
        # (kept.UNREACHABLE: keep what this process has)
        _cache_reachable = False
        return version
    _cache_reachable = True
    return version


def _calendar() -> _Calendar:
    global _current
    alias = getattr(_thread, "uncommitted_on", None)
    if alias is not None and not transaction.get_connection(alias).in_atomic_block:
        _thread.uncommitted_on = None
        _discard_local()
    version = _version_for_this_request()
    current = _current
    if current is None or (version is not kept.UNREACHABLE and current.version != version):
        with _lock:
            current = _current
            if current is None or (version is not kept.UNREACHABLE and current.version != version):
                current = _current = _Calendar(version)
    return current


def _discard_local() -> None:
    global _current
    with _lock:
        _current = None


def _announce_change() -> None:
    _discard_local()
    kept.announce()


def calendar_edited(sender, instance, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_save / post_delete receiver for CalendarDay and CalendarYear."""
    years = instance.affected_years()
    # Now, for this process's next call inside the same transaction; again on
    # commit, for processes that rebuilt from the database before it committed.
    _announce_change()
    if transaction.get_connection(using).in_atomic_block:
        _thread.uncommitted_on = using
    transaction.on_commit(partial(_committed, sender, years), using=using, robust=True)


def _committed(sender, years: set[int]) -> None:
    _thread.uncommitted_on = None
    _announce_change()
    for receiver, error in calendar_changed.send_robust(sender=sender, years=set(years)):
        if isinstance(error, Exception):
            logger.error(
                "calendar_changed receiver %r failed for years %s",
                receiver,
                sorted(years),
                exc_info=error,
            )


def _check_date(value: datetime.date) -> None:
    # A datetime is a date too, but an aware one in UTC would count the wrong day.
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise TypeError(f"expected a datetime.date, got {type(value).__name__}")


def _check_count(count: int) -> None:
    if count < 0:
        raise ValueError(f"count must be >= 0, got {count}")


# --- API -------------------------------------------------------------------------


def is_workday(day: datetime.date) -> bool:
    """Whether people work on `day`: an admin entry if any, else the package for a
    year it knows, else Monday to Friday."""
    _check_date(day)
    return _calendar().is_workday(day)


def year_is_loaded(year: int) -> bool:
    """Whether the year's holidays are known: the package has it, or an admin has
    entered the whole year and marked it complete."""
    if package_knows(year):
        return True
    return _calendar().is_loaded(year)


def add_working_days(start: datetime.date, count: int) -> datetime.date:
    """The `count`-th working day after `start` (`start` itself not counted)."""
    _check_date(start)
    _check_count(count)
    if count == 0:
        return start
    calendar = _calendar()
    year, after = start.year, start.toordinal()
    while True:
        days = calendar.year(year).ordinals
        index = bisect_right(days, after)
        if count <= len(days) - index:
            return datetime.date.fromordinal(days[index + count - 1])
        count -= len(days) - index
        year += 1
        after = datetime.date(year, 1, 1).toordinal() - 1


def subtract_working_days(start: datetime.date, count: int) -> datetime.date:
    """The `count`-th working day before `start` (`start` itself not counted)."""
    _check_date(start)
    _check_count(count)
    if count == 0:
        return start
    calendar = _calendar()
    year, before = start.year, start.toordinal()
    while True:
        days = calendar.year(year).ordinals
        index = bisect_left(days, before)
        if count <= index:
            return datetime.date.fromordinal(days[index - count])
        count -= index
        before = datetime.date(year, 1, 1).toordinal()
        year -= 1


def add_calendar_days(start: datetime.date, count: int) -> datetime.date:
    """`start` plus `count` days; a last day that is a rest day or holiday moves
    to the next working day (民法典 Art. 203). A make-up workday does not move."""
    _check_date(start)
    _check_count(count)
    last = start + datetime.timedelta(days=count)
    calendar = _calendar()
    if calendar.is_workday(last):
        return last
    year, after = last.year, last.toordinal()
    while True:
        days = calendar.year(year).ordinals
        index = bisect_right(days, after)
        if index < len(days):
            return datetime.date.fromordinal(days[index])
        year += 1
        after = datetime.date(year, 1, 1).toordinal() - 1


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """The number of working days d with start < d <= end; negative, counted the
    same way from `end` to `start`, when `end` is before `start`."""
    _check_date(start)
    _check_date(end)
    if end < start:
        return -_count_between(_calendar(), end, start)
    return _count_between(_calendar(), start, end)


def _count_between(calendar: _Calendar, start: datetime.date, end: datetime.date) -> int:
    first = calendar.year(start.year).ordinals
    if start.year == end.year:
        return bisect_right(first, end.toordinal()) - bisect_right(first, start.toordinal())
    total = len(first) - bisect_right(first, start.toordinal())
    for year in range(start.year + 1, end.year):
        total += len(calendar.year(year).ordinals)
    return total + bisect_right(calendar.year(end.year).ordinals, end.toordinal())


def unloaded_years(start: datetime.date, end: datetime.date) -> list[int]:
    """The years touched by [start, end] whose holidays are not known, in order."""
    _check_date(start)
    _check_date(end)
    first, last = sorted((start.year, end.year))
    years = [year for year in range(first, last + 1) if not package_knows(year)]
    if not years:
        return []
    calendar = _calendar()
    return [year for year in years if not calendar.is_loaded(year)]
