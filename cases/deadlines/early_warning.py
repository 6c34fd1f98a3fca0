"""Early warnings: a group dispute forming at one employer, or a large arrears, tells
the leadership once."""

import logging
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
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
    warned = EarlyWarning.objects.filter(
        reason=EarlyWarning.Reason.GROUP_FORMING,
        created_at__gte=since,
        case__in=Case.objects.filter(same_employer),
    )
    if (
        not warned.exists()
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
