"""Reporting periods of the self-inspection reports (自查自纠).

A period is a run of whole calendar months, counted from January of each year:
with SELF_INSPECTION_PERIOD_MONTHS = 1 (the default) every month, with 3 every
quarter. A value that does not divide 12 gives a shorter last period so that no
period crosses the new year. A report is due SELF_INSPECTION_DUE_DAYS (default 5)
days after its period ends: the 5th of the next month for a monthly report.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings


def period_months() -> int:
    return max(1, min(12, int(getattr(settings, "SELF_INSPECTION_PERIOD_MONTHS", 1))))


def due_days() -> int:
    return max(0, int(getattr(settings, "SELF_INSPECTION_DUE_DAYS", 5)))


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def due_on(self) -> date:
        return self.end + timedelta(days=due_days())

    @property
    def label(self) -> str:
        if (self.start.year, self.start.month) == (self.end.year, self.end.month):
            return f"{self.start:%Y-%m}"
        return f"{self.start:%Y-%m}—{self.end:%Y-%m}"

    def previous(self) -> "Period":
        return period_containing(self.start - timedelta(days=1))


def _first_of_month_after(day: date, months: int) -> date:
    index = day.year * 12 + (day.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def period_containing(day: date) -> Period:
    months = period_months()
    start = date(day.year, (day.month - 1) // months * months + 1, 1)
    end = min(_first_of_month_after(start, months) - timedelta(days=1), date(day.year, 12, 31))
    return Period(start, end)


def period_starting(start: date) -> Period | None:
    """The period that begins on `start`, or None if no period begins that day."""
    period = period_containing(start)
    return period if period.start == start else None


def last_ended_period(today: date) -> Period:
    return period_containing(today).previous()


def ended_periods(today: date, count: int) -> list[Period]:
    """The `count` most recent periods that are over, newest first."""
    periods = [last_ended_period(today)]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return periods
