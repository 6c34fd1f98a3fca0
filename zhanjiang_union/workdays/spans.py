"""Local days and runs of them, in the portal's time zone (Asia/Shanghai): a date filter
on a list, a dashboard's period, its months. A day starts at local midnight, so a case
filed at 23:30 on the 31st counts in that month wherever the server's clock runs."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class Span:
    """Local days from `start` to `end`, both included."""

    start: date
    end: date

    @property
    def since(self) -> datetime:
        return day_start(self.start)

    @property
    def until(self) -> datetime:
        return day_start(self.end + timedelta(days=1))

    def q(self, field: str) -> Q:
        return Q(**{f"{field}__gte": self.since, f"{field}__lt": self.until})


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)
