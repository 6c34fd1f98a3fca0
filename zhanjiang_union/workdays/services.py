"""Loading a year's schedule from the State Council's notice."""

from django.db import transaction

from .models import CalendarDay, CalendarYear
from .notice import Notice


@transaction.atomic
def notice_apply(*, notice: Notice, note: str = "") -> CalendarYear:
    """Make the year's calendar days exactly the notice's and mark the year complete.

    The days are written in bulk, without their one-by-one signals, and the year row is
    saved last: its save announces one change of the year, once the transaction commits,
    and the open deadlines running through it are recomputed (cases.apps), their handlers
    told of any date that moved."""
    wanted = {day: (kind, name) for day, kind, name in notice.days()}
    existing = {row.date: row for row in CalendarDay.objects.filter(date__year=notice.year)}
    stale = [row.pk for day, row in existing.items() if day not in wanted]
    if stale:
        CalendarDay.objects.filter(pk__in=stale).delete()
    for day, (kind, name) in wanted.items():
        row = existing.get(day)
        if row is None:
            continue
        if (row.kind, row.name) != (kind, name[:32]):
            CalendarDay.objects.filter(pk=row.pk).update(kind=kind, name=name[:32])
    CalendarDay.objects.bulk_create(
        CalendarDay(date=day, kind=kind, name=name[:32])
        for day, (kind, name) in wanted.items()
        if day not in existing
    )
    year, _created = CalendarYear.objects.get_or_create(year=notice.year)
    year.complete = True
    year.published_on = notice.published_on or year.published_on
    if note:
        year.note = note
    year.save()  # the one announcement of the change
    return year
