import datetime
from contextlib import contextmanager
from datetime import date

import chinese_calendar
import pytest
from django.core.cache import cache
from django.db import transaction

from zhanjiang_union.workdays import calendar
from zhanjiang_union.workdays.calendar import (
    add_calendar_days,
    add_working_days,
    is_workday,
    subtract_working_days,
    unloaded_years,
    working_days_between,
    year_is_loaded,
)
from zhanjiang_union.workdays.models import CalendarDay, CalendarYear
from zhanjiang_union.workdays.signals import calendar_changed

# 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04).
MAKE_UP_WORKDAYS_2026 = [
    date(2026, 1, 4),  # Sunday
    date(2026, 2, 14),  # Saturday
    date(2026, 2, 28),  # Saturday
    date(2026, 5, 9),  # Saturday
    date(2026, 9, 20),  # Sunday
    date(2026, 10, 10),  # Saturday
]
SPRING_FESTIVAL_2026 = [date(2026, 2, 15) + datetime.timedelta(days=n) for n in range(9)]
NATIONAL_DAY_2026 = [date(2026, 10, 1) + datetime.timedelta(days=n) for n in range(7)]


def test_the_package_carries_the_published_2026_schedule():
    weekend_workdays = [
        day
        for day in chinese_calendar.get_workdays(date(2026, 1, 1), date(2026, 12, 31))
        if day.weekday() >= 5
    ]
    assert weekend_workdays == MAKE_UP_WORKDAYS_2026
    holidays = set(chinese_calendar.get_holidays(date(2026, 1, 1), date(2026, 12, 31)))
    assert set(SPRING_FESTIVAL_2026) <= holidays
    assert set(NATIONAL_DAY_2026) <= holidays
    assert date(2026, 2, 24) not in holidays
    assert date(2026, 10, 8) not in holidays


def test_is_workday_follows_the_2026_schedule(db):
    for day in MAKE_UP_WORKDAYS_2026:
        assert is_workday(day), day
    for day in SPRING_FESTIVAL_2026 + NATIONAL_DAY_2026:
        assert not is_workday(day), day
    assert is_workday(date(2026, 2, 24))  # Tuesday after the Spring Festival
    assert not is_workday(date(2026, 3, 7))  # an ordinary Saturday


def test_add_working_days_across_the_spring_festival(db):
    # Thursday 2026-02-12: Fri 13 and make-up Sat 14 are working days, the
    # holiday runs 15–23, so the 3rd working day is Tuesday the 24th.
    assert add_working_days(date(2026, 2, 12), 1) == date(2026, 2, 13)
    assert add_working_days(date(2026, 2, 12), 2) == date(2026, 2, 14)
    assert add_working_days(date(2026, 2, 12), 3) == date(2026, 2, 24)
    # Labor inspection accepts a complaint within 5 working days.
    assert add_working_days(date(2026, 2, 12), 5) == date(2026, 2, 26)
    assert add_working_days(date(2026, 2, 12), 0) == date(2026, 2, 12)


def test_add_working_days_from_a_holiday_and_across_a_year_end(db):
    assert add_working_days(date(2026, 2, 16), 1) == date(2026, 2, 24)
    # 2026-12-31 is a Thursday; 2027 is not in the package: weekends only.
    assert add_working_days(date(2026, 12, 30), 3) == date(2027, 1, 4)


def test_add_calendar_days_ending_on_a_holiday_moves_to_the_next_working_day(db):
    assert add_calendar_days(date(2026, 9, 18), 15) == date(2026, 10, 8)  # 10-03 is a holiday
    assert add_calendar_days(date(2026, 9, 30), 3) == date(2026, 10, 8)


def test_add_calendar_days_ending_on_a_make_up_saturday_does_not_move(db):
    assert add_calendar_days(date(2026, 9, 25), 15) == date(2026, 10, 10)
    # An ordinary Saturday does move, to Monday.
    assert add_calendar_days(date(2026, 10, 2), 15) == date(2026, 10, 19)


def test_working_days_between_across_the_spring_festival(db):
    # Fri 13, make-up Sat 14, then Tue 24 to Fri 27 after the holiday.
    assert working_days_between(date(2026, 2, 12), date(2026, 2, 27)) == 6
    assert working_days_between(date(2026, 2, 27), date(2026, 2, 12)) == -6
    assert working_days_between(date(2026, 2, 14), date(2026, 2, 23)) == 0
    assert working_days_between(date(2026, 2, 12), date(2026, 2, 12)) == 0


def test_working_days_between_agrees_with_add_working_days(db):
    start = date(2026, 9, 1)
    for count in range(0, 300, 7):
        assert working_days_between(start, add_working_days(start, count)) == count


def test_subtract_working_days_across_national_day(db):
    # Thu 10-08 and Fri 10-09 come after the holiday; before it, Wed 09-30.
    assert subtract_working_days(date(2026, 10, 12), 1) == date(2026, 10, 10)
    assert subtract_working_days(date(2026, 10, 12), 3) == date(2026, 10, 8)
    assert subtract_working_days(date(2026, 10, 12), 4) == date(2026, 9, 30)
    assert subtract_working_days(date(2026, 10, 12), 5) == date(2026, 9, 29)
    assert subtract_working_days(date(2026, 10, 8), 1) == date(2026, 9, 30)
    assert subtract_working_days(date(2026, 10, 8), 0) == date(2026, 10, 8)


def test_arguments_are_checked(db):
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 5), -1)
    with pytest.raises(TypeError):
        is_workday(datetime.datetime(2026, 1, 5, 12, tzinfo=datetime.UTC))


def test_a_year_the_package_lacks_falls_back_to_weekends(db):
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(2027, 1, 1))
    assert is_workday(date(2027, 1, 1))  # Friday
    assert not is_workday(date(2027, 1, 2))  # Saturday
    assert add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 1)
    assert not year_is_loaded(2027)
    assert year_is_loaded(2026)
    assert unloaded_years(date(2026, 11, 1), date(2027, 3, 1)) == [2027]
    assert unloaded_years(date(2026, 1, 1), date(2026, 12, 31)) == []


def test_admin_entered_days_rule_an_unknown_year(db):
    CalendarDay.objects.create(date=date(2027, 1, 1), kind=CalendarDay.Kind.HOLIDAY, name="元旦")
    CalendarDay.objects.create(date=date(2027, 1, 9), kind=CalendarDay.Kind.WORKDAY)  # Saturday

    assert not is_workday(date(2027, 1, 1))
    assert is_workday(date(2027, 1, 9))
    assert add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)
    # Mon 4 to Fri 8, then the make-up Saturday.
    assert add_working_days(date(2026, 12, 31), 6) == date(2027, 1, 9)
    assert add_calendar_days(date(2026, 12, 25), 7) == date(2027, 1, 4)
    assert working_days_between(date(2026, 12, 31), date(2027, 1, 10)) == 6
    assert subtract_working_days(date(2027, 1, 11), 1) == date(2027, 1, 9)
    # Entering days is not yet loading the year.
    assert not year_is_loaded(2027)
    assert unloaded_years(date(2027, 1, 1), date(2027, 1, 31)) == [2027]

    CalendarYear.objects.create(year=2027, published_on=date(2026, 11, 10), complete=True)

    assert year_is_loaded(2027)
    assert unloaded_years(date(2026, 11, 1), date(2027, 3, 1)) == []


def test_an_admin_entry_overrides_the_package(db):
    assert is_workday(date(2026, 3, 2))
    CalendarDay.objects.create(date=date(2026, 3, 2), kind=CalendarDay.Kind.HOLIDAY)
    assert not is_workday(date(2026, 3, 2))


def test_the_cache_notices_a_new_calendar_day(db):
    assert add_working_days(date(2027, 1, 8), 1) == date(2027, 1, 11)
    day = CalendarDay.objects.create(date=date(2027, 1, 11), kind=CalendarDay.Kind.HOLIDAY)
    assert add_working_days(date(2027, 1, 8), 1) == date(2027, 1, 12)
    day.date = date(2027, 1, 12)
    day.save()
    assert add_working_days(date(2027, 1, 8), 1) == date(2027, 1, 11)
    day.delete()
    assert add_working_days(date(2027, 1, 8), 2) == date(2027, 1, 12)


def test_the_cache_notices_another_process_changing_the_calendar(db):
    assert is_workday(date(2027, 1, 11))
    # bulk_create sends no signal, as if the row came from another process,
    # which announces the change only through the shared cache.
    CalendarDay.objects.bulk_create(
        [CalendarDay(date=date(2027, 1, 11), kind=CalendarDay.Kind.HOLIDAY)]
    )
    assert is_workday(date(2027, 1, 11))
    cache.set(calendar.VERSION_KEY, "another process's edit")
    assert not is_workday(date(2027, 1, 11))


def test_each_call_reads_the_shared_version_once(db, monkeypatch):
    reads = []
    real_get = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *a, **k: reads.append(key) or real_get(key))
    add_working_days(date(2026, 1, 1), 400)
    working_days_between(date(2020, 1, 1), date(2028, 1, 1))
    assert reads == [calendar.VERSION_KEY, calendar.VERSION_KEY]


def test_calendar_changed_is_sent_with_the_years_after_commit(
    db, django_capture_on_commit_callbacks
):
    received = []

    def receiver(sender, years, **kwargs):
        # The cache is already invalidated when receivers run.
        received.append((sender, years, is_workday(date(2027, 1, 11))))

    calendar_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            day = CalendarDay.objects.create(date=date(2027, 1, 11), kind=CalendarDay.Kind.HOLIDAY)
            assert received == []
        assert received == [(CalendarDay, {2027}, False)]

        received.clear()
        with django_capture_on_commit_callbacks(execute=True):
            day.date = date(2028, 1, 3)
            day.save()
        assert received == [(CalendarDay, {2027, 2028}, True)]

        received.clear()
        with django_capture_on_commit_callbacks(execute=True):
            CalendarYear.objects.create(year=2027, complete=True)
            day.delete()
        assert received == [(CalendarYear, {2027}, True), (CalendarDay, {2028}, True)]
    finally:
        calendar_changed.disconnect(receiver)


def test_a_rolled_back_edit_is_forgotten(transactional_db):
    with pytest.raises(RuntimeError), transaction.atomic():
        CalendarDay.objects.create(date=date(2027, 1, 11), kind=CalendarDay.Kind.HOLIDAY)
        assert not is_workday(date(2027, 1, 11))
        raise RuntimeError("the admin's request failed after the save")
    assert is_workday(date(2027, 1, 11))


@contextmanager
def one_request():
    """request_started … request_finished, keeping the test's database connection open
    across them (as Django's test client does)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        request_started.send(sender=None)
        try:
            yield
        finally:
            request_finished.send(sender=None)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_a_request_reads_the_shared_version_once_and_the_next_sees_another_process(db, monkeypatch):
    reads = []
    real_get = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *a, **k: reads.append(key) or real_get(key))
    with one_request():
        assert is_workday(date(2027, 1, 11))
        CalendarDay.objects.bulk_create(
            [CalendarDay(date=date(2027, 1, 11), kind=CalendarDay.Kind.HOLIDAY)]
        )
        cache.set(calendar.VERSION_KEY, "another process's edit")
        add_working_days(date(2027, 1, 8), 1)
        assert is_workday(date(2027, 1, 11))  # the same request: the version it read
        assert reads == [calendar.VERSION_KEY]
    with one_request():
        assert not is_workday(date(2027, 1, 11))  # the next request reads it again


def test_a_requests_own_edit_counts_at_once(db):
    with one_request():
        assert is_workday(date(2027, 1, 11))
        CalendarDay.objects.create(date=date(2027, 1, 11), kind=CalendarDay.Kind.HOLIDAY)
        assert not is_workday(date(2027, 1, 11))
