"""Daily sweeps of the self-inspection reports. Each task calls one service; the
services stamp each report as they notify, so a rerun or a second worker sends
nothing twice."""

from datetime import date

from celery import shared_task

from . import services


def _day(today: str | None) -> date | None:
    return date.fromisoformat(today) if today else None


# `today` (an ISO date) lets an operator rerun a missed day's sweep; beat passes none.
@shared_task
def report_reminders_send(today: str | None = None) -> int:
    return services.report_reminders_send(today=_day(today))


@shared_task
def report_overdue_flag(today: str | None = None) -> int:
    return services.report_overdue_flag(today=_day(today))
