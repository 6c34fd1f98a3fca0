"""The arbitration limitation period (仲裁时效, 劳动争议调解仲裁法 Art. 27), computed from
facts alone: no database, no clock. The working-day calendar is passed in.

- One year from the day the worker knew or should have known of the infringement. The
  day itself is not counted; a period in years ends on the same date of the last year's
  month, or that month's last day when it has no such date (民法典 Art. 201, 202); a last
  day on a rest day or holiday moves to the next working day (Art. 203).
- Interrupted by a claim to the employer, a request to a body for relief (the filing
  with the union, a handoff), or the employer agreeing to perform: the year starts again
  from that day.
- Suspended by force majeure or another good reason: the time the cause lasted is not
  counted (the period runs on from the day it ends).
- Wage arrears while the job lasts are not limited; once the job ends, one year from the
  day it ended.
"""

import calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta


@dataclass(frozen=True)
class Suspension:
    start: date
    end: date | None  # None: the cause lasts still


@dataclass(frozen=True)
class Limitation:
    """The outcome: `ends_on` the last day to apply for arbitration (None when not
    limited or suspended now); `runs_from` the day the current year counts from."""

    ends_on: date | None
    runs_from: date | None
    unlimited: bool = False  # wage arrears while the job lasts
    suspended_since: date | None = None
    expired_before: date | None = None  # an interruption came after the year had ended
    interruptions: tuple[date, ...] = field(default=())


def years_after(day: date, years: int) -> date:
    """The last day of a period of `years` years counted from `day` (not itself counted)."""
    year = day.year + years
    last = calendar.monthrange(year, day.month)[1]
    return date(year, day.month, min(day.day, last))


def one_year_after(day: date) -> date:
    return years_after(day, 1)


def next_working_day(day: date, is_workday: Callable[[date], bool]) -> date:
    # A month of rest days in a row does not exist; the bound guards a broken calendar.
    for _ in range(60):
        if is_workday(day):
            return day
        day += timedelta(days=1)
    return day


def limitation_compute(
    *,
    knew_on: date,
    is_workday: Callable[[date], bool],
    wage_arrears: bool = False,
    job_ended_on: date | None = None,
    job_ended: bool = False,
    interruptions: Iterable[date] = (),
    suspensions: Iterable[Suspension] = (),
) -> Limitation:
    """The limitation period's last day from the facts of a case."""
    if wage_arrears and not job_ended:
        return Limitation(ends_on=None, runs_from=None, unlimited=True)
    start = knew_on
    if wage_arrears and job_ended_on is not None:
        # Arrears during the job run from its end, whenever the worker learnt of them.
        start = job_ended_on
    # Each event in date order; an interruption restarts the year and forgets the
    # suspensions before it; a suspension adds the days it lasted.
    events = sorted(
        [(day, "interruption", None) for day in interruptions if day >= start]
        + [(item.start, "suspension", item) for item in suspensions if item.start >= start],
        key=lambda event: (event[0], event[1] == "suspension"),
    )
    suspended_days = 0
    applied: list[date] = []
    for day, kind, item in events:
        raw_end = one_year_after(start) + timedelta(days=suspended_days)
        if day > raw_end:
            # Nothing revives a period that has run out (an interruption then comes late).
            return Limitation(
                ends_on=next_working_day(raw_end, is_workday),
                runs_from=start,
                expired_before=day,
                interruptions=tuple(applied),
            )
        if kind == "interruption":
            start, suspended_days = day, 0
            applied.append(day)
        elif item.end is None:
            return Limitation(
                ends_on=None, runs_from=start, suspended_since=day, interruptions=tuple(applied)
            )
        else:
            suspended_days += max((item.end - item.start).days, 0)
    raw_end = one_year_after(start) + timedelta(days=suspended_days)
    return Limitation(
        ends_on=next_working_day(raw_end, is_workday),
        runs_from=start,
        interruptions=tuple(applied),
    )
