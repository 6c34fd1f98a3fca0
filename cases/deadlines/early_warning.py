"""Early warnings: a group dispute forming at one employer, or a large arrears, tells
the leadership once."""

import hashlib
import logging
from datetime import timedelta
from decimal import Decimal
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanjiang_union.accounts.models import User
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.notifications.services import (
    Message,
    notify_many,
)

from ..models import Case, EarlyWarning

logger = logging.getLogger(__name__)

# --- Early warning -----------------------------------------------------------------------


def _early_warning_recipients(case: Case) -> list:
    """The city's leadership, and along the grid the heads and leaders of every
    organisation on the case's line below the city (its township, its county
    federation), whoever handles it: at once, not at a deadline."""
    from zhanjiang_union.organisations.selectors import organisation_line

    city = Q(organisation__isnull=True) | Q(organisation__depth=1)
    wanted = Q(groups__name=Role.LEADERSHIP) & city
    if case.organisation_id and case.organisation.depth > 1:
        line = [o.pk for o in organisation_line(organisation=case.organisation) if o.depth > 1]
        wanted |= Q(groups__name__in=[Role.LEADERSHIP, Role.DEPARTMENT_HEAD], organisation__in=line)
    return list(User.objects.filter(wanted, is_active=True).distinct())


# How long every process takes an employer's group-dispute warning as given without
# asking the database again (it holds for the whole window; this bounds how long an
# edit that takes the warned complaints away from that employer goes unseen).
GROUP_WARNED_REMEMBERED = 600


def _group_warned_key(employer: str) -> str:
    return "cases:group-warned:" + hashlib.sha256(employer.encode()).hexdigest()


def _group_warned_remember(employer: str, warned_at) -> None:
    ends_in = (
        warned_at + timedelta(days=settings.GROUP_DISPUTE_WINDOW_DAYS) - timezone.now()
    ).total_seconds()
    if ends_in > 0:
        cache.set(_group_warned_key(employer), warned_at, min(ends_in, GROUP_WARNED_REMEMBERED))


def _group_warned(*, employer: str, same_employer: Q, since) -> bool:
    """Whether a group-dispute warning for this employer was raised within the window.
    In a mass dispute every complaint after the threshold asks, two thousand times in an
    hour: the answer is kept in the shared cache (the warning's time, until the window
    passes it, at most GROUP_WARNED_REMEMBERED seconds), not counted each time."""
    remembered = cache.get(_group_warned_key(employer))
    if remembered is not None and remembered >= since:
        return True
    latest = (
        EarlyWarning.objects.filter(
            reason=EarlyWarning.Reason.GROUP_FORMING,
            created_at__gte=since,
            case__in=Case.objects.filter(same_employer),
        )
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if latest is None:
        return False
    _group_warned_remember(employer, latest)
    return True


def early_warnings_raise(*, case: Case) -> list[EarlyWarning]:
    """Tell the leadership at once of a collective dispute, a sudden or mass
    incident, large arrears, or a group dispute forming; once per reason."""
    reasons = []
    if case.is_collective:
        reasons.append(EarlyWarning.Reason.COLLECTIVE)
    if case.is_mass_incident:
        reasons.append(EarlyWarning.Reason.MASS_INCIDENT)
    threshold = Decimal(settings.EARLY_WARNING_ARREARS_AMOUNT)
    if case.category.code == "pay" and (
        (case.amount_claimed or 0) >= threshold
        or case.workers_involved >= settings.EARLY_WARNING_ARREARS_WORKERS
    ):
        reasons.append(EarlyWarning.Reason.LARGE_ARREARS)
    since = timezone.now() - timedelta(days=settings.GROUP_DISPUTE_WINDOW_DAYS)
    same_employer = (
        Q(employer_credit_code=case.employer_credit_code)
        if case.employer_credit_code
        else Q(employer_key=case.employer_key)
    )
    # Once per employer and window, however many complaints follow: the leadership is
    # told a group dispute is forming, not two thousand times. A filing checks this
    # after taking its case number, which holds the year's counter locked until commit,
    # so concurrent filings see each other's warning (each statement reads what was
    # committed before it).
    employer = (
        f"code:{case.employer_credit_code}"
        if case.employer_credit_code
        else f"name:{case.employer_key}"
    )
    if (
        not _group_warned(employer=employer, same_employer=same_employer, since=since)
        and Case.objects.filter(same_employer, created_at__gte=since)[
            : settings.GROUP_DISPUTE_COMPLAINTS
        ].count()
        >= settings.GROUP_DISPUTE_COMPLAINTS
    ):
        reasons.append(EarlyWarning.Reason.GROUP_FORMING)

    raised = []
    for reason in reasons:
        warning, created = EarlyWarning.objects.get_or_create(case=case, reason=reason)
        if created:
            raised.append(warning)
            if reason == EarlyWarning.Reason.GROUP_FORMING:
                transaction.on_commit(partial(_group_warned_remember, employer, warning.created_at))
    if raised:
        leadership = _early_warning_recipients(case)
        labels = "、".join(str(warning.get_reason_display()) for warning in raised)
        subject = _("Early warning: %(reasons)s, case %(number)s") % {
            "reasons": labels,
            "number": case.number,
        }
        body = _("%(employer)s, %(workers)s workers, %(district)s.") % {
            "employer": case.employer_name,
            "workers": case.workers_involved,
            "district": case.district,
        }
        url = reverse("cases:detail", args=[case.pk])
        notify_many([Message(user, subject, body, url) for user in leadership])
    return raised
