"""Every write in the leadership app: activities and self-inspection reports.

A report moves DRAFT → SUBMITTED → ACCEPTED, or SUBMITTED → RETURNED → SUBMITTED …;
each move locks the report's row, checks where it stands and who acts, and writes
the move and its history line in one transaction. Mail goes out after the commit.
"""

from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from zhanjiang_union.accounts.models import Department, User
from zhanjiang_union.errors import DomainError

from . import access, selectors
from .models import Activity, Measure, ReportEvent, SelfInspectionReport
from .periods import Period, last_ended_period, period_starting

Status = SelfInspectionReport.Status

# The measure an activity belongs to when the form leaves it empty: check-ups and
# lectures are named in measure (一), collective bargaining and the mediators who
# carry it in measure (二).
MEASURE_OF_KIND = {
    Activity.Kind.LEGAL_CHECKUP: 1,
    Activity.Kind.LECTURE: 1,
    Activity.Kind.BARGAINING: 2,
    Activity.Kind.TRAINING: 2,
}
REMINDER_DAYS_BEFORE_DUE = 2


class LeadershipError(DomainError):
    """A rule about the task force's records refused the change."""


# --- Activities ------------------------------------------------------------------------


@transaction.atomic
def activity_record(
    *,
    actor: User,
    kind: str,
    held_on: date,
    department: Department,
    participants: int,
    enterprises: str = "",
    note: str = "",
    measure: Measure | None = None,
) -> Activity:
    if department.pk != actor.department_id and not access.may_record_for_any_department(actor):
        raise LeadershipError(_("You can record activities for your own department only."))
    if held_on > timezone.localdate():
        raise LeadershipError(_("An activity is recorded once it has taken place."))
    if measure is None:
        measure = Measure.objects.filter(number=MEASURE_OF_KIND[kind]).first()
        if measure is None:
            raise LeadershipError(_("Choose the measure this activity belongs to."))
    elif measure.kind != Measure.Kind.MEASURE:
        raise LeadershipError(_("Activities belong to a work measure, not a requirement."))
    enterprise_lines = [line.strip() for line in enterprises.splitlines() if line.strip()]
    return Activity.objects.create(
        kind=kind,
        measure=measure,
        held_on=held_on,
        department=department,
        enterprises="\n".join(enterprise_lines),
        participants=participants,
        note=note.strip(),
        recorded_by=actor,
    )


# --- Self-inspection reports ----------------------------------------------------------


def _event(report, *, action: str, actor: User | None, comment: str = "", data=None):
    return ReportEvent.objects.create(
        report=report, action=action, actor=actor, comment=comment, data=data or {}
    )


def _report_url(report: SelfInspectionReport) -> str:
    return settings.PUBLIC_BASE_URL + reverse("leadership:report_detail", args=[report.pk])


def _mail_after_commit(*, recipients: list[str], subject: str, body: str) -> None:
    """One mail per address through the notifier's outbox: written in the caller's
    transaction, sent after it commits or on the notifier's next pass."""
    from zhanjiang_union.notifications.services import notify_address

    for address in dict.fromkeys(recipients):
        if address:
            notify_address(email=address, subject=subject, body=body)


def _locked(report: SelfInspectionReport) -> SelfInspectionReport:
    return (
        SelfInspectionReport.objects.select_for_update()
        .select_related("department")
        .get(pk=report.pk)
    )


def report_open_for_period(*, department: Department, period_start: date) -> SelfInspectionReport:
    """The department's report for the period that begins on `period_start`, created
    as a draft if there is none yet."""
    period = period_starting(period_start)
    if period is None:
        raise LeadershipError(_("No reporting period begins on %(date)s.") % {"date": period_start})
    fields = {"period_end": period.end, "due_on": period.due_on}
    try:
        with transaction.atomic():
            report, _created = SelfInspectionReport.objects.get_or_create(
                department=department, period_start=period.start, defaults=fields
            )
    except IntegrityError:
        # Someone (a user or the reminder sweep) created it at the same moment.
        report = SelfInspectionReport.objects.get(department=department, period_start=period.start)
    return report


@transaction.atomic
def report_submit(*, report: SelfInspectionReport, actor: User, text: str) -> SelfInspectionReport:
    report = _locked(report)
    if report.status not in SelfInspectionReport.NOT_SUBMITTED:
        raise LeadershipError(
            _("This report is “%(status)s” and cannot be submitted again.")
            % {"status": report.get_status_display()}
        )
    if not access.can_submit_report(actor, report):
        raise LeadershipError(_("You may not submit this department’s report."))
    if report.period_end >= timezone.localdate():
        raise LeadershipError(_("The period is not over yet; submit the report after it ends."))
    text = text.strip()
    if not text:
        raise LeadershipError(_("Write what your department did in the period."))
    # Figures are taken at each submission, so a returned and corrected report
    # carries the numbers as they stand when it is sent again.
    report.figures = selectors.report_figures(
        department=report.department, start=report.period_start, end=report.period_end
    )
    report.text = text
    report.status = Status.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = actor
    report.save(update_fields=["figures", "text", "status", "submitted_at", "submitted_by"])
    _event(
        report,
        action=ReportEvent.Action.SUBMITTED,
        actor=actor,
        data={"text": text, "figures": report.figures},
    )
    with translation.override(settings.LANGUAGE_CODE):
        _mail_after_commit(
            recipients=selectors.leader_addresses(department=report.department),
            subject=_("Self-inspection report to review: %(department)s, %(period)s")
            % {"department": report.department, "period": report.period_label},
            body=_(
                "%(department)s has submitted its self-inspection report for %(period)s. "
                "Please review it: %(url)s"
            )
            % {
                "department": report.department,
                "period": report.period_label,
                "url": _report_url(report),
            },
        )
    return report


@transaction.atomic
def report_review(
    *, report: SelfInspectionReport, reviewer: User, accept: bool, comment: str = ""
) -> SelfInspectionReport:
    report = _locked(report)
    if report.status != Status.SUBMITTED:
        raise LeadershipError(
            _("Only a submitted report can be reviewed; this one is “%(status)s”.")
            % {"status": report.get_status_display()}
        )
    if not access.can_review_report(reviewer, report):
        raise LeadershipError(
            _("Only the leader in charge of %(department)s may review its reports.")
            % {"department": report.department}
        )
    comment = comment.strip()
    if not accept and not comment:
        raise LeadershipError(_("Say what needs to change when sending a report back."))
    report.status = Status.ACCEPTED if accept else Status.RETURNED
    report.reviewed_at = timezone.now()
    report.reviewed_by = reviewer
    report.review_comment = comment
    report.save(update_fields=["status", "reviewed_at", "reviewed_by", "review_comment"])
    _event(
        report,
        action=ReportEvent.Action.ACCEPTED if accept else ReportEvent.Action.RETURNED,
        actor=reviewer,
        comment=comment,
    )
    submitter = report.submitted_by
    if submitter and submitter.email:
        with translation.override(settings.LANGUAGE_CODE):
            subject = (
                _("Self-inspection report accepted: %(period)s")
                if accept
                else _("Self-inspection report returned for revision: %(period)s")
            ) % {"period": report.period_label}
            body = "\n\n".join(filter(None, [subject, comment, _report_url(report)]))
            _mail_after_commit(recipients=[submitter.email], subject=subject, body=body)
    return report


# --- Reminders and overdue reports (run daily by Celery beat) -------------------------


def _claim(report: SelfInspectionReport, field: str) -> bool:
    """Stamp `field` on the report unless it is stamped already or the report has been
    submitted meanwhile: a conditional UPDATE, so of two runs only one sends."""
    claimed = SelfInspectionReport.objects.filter(
        pk=report.pk, status__in=SelfInspectionReport.NOT_SUBMITTED, **{f"{field}__isnull": True}
    ).update(**{field: timezone.now()})
    return claimed == 1


def report_reminders_send(*, today: date | None = None) -> int:
    """Remind each reporting department whose report for the period just ended is not
    in, once, when it is due within REMINDER_DAYS_BEFORE_DUE days. Returns how many
    departments were reminded."""
    today = today or timezone.localdate()
    period = last_ended_period(today)
    days_left = (period.due_on - today).days
    if not 0 <= days_left <= REMINDER_DAYS_BEFORE_DUE:
        return 0
    reminded = 0
    for department in selectors.report_departments():
        with transaction.atomic():
            report = report_open_for_period(department=department, period_start=period.start)
            if not _claim(report, "reminded_at"):
                continue
            recipients = [user.email for user in selectors.report_submitters(department=department)]
            _event(
                report,
                action=ReportEvent.Action.REMINDED,
                actor=None,
                data={"recipients": len(recipients)},
            )
            with translation.override(settings.LANGUAGE_CODE):
                _mail_after_commit(
                    recipients=recipients,
                    subject=_("Self-inspection report due on %(due)s: %(period)s")
                    % {"due": report.due_on, "period": report.period_label},
                    body=_(
                        "The self-inspection report of %(department)s for %(period)s is due "
                        "on %(due)s and has not been submitted. Write and submit it here: "
                        "%(url)s"
                    )
                    % {
                        "department": department,
                        "period": report.period_label,
                        "due": report.due_on,
                        "url": _report_url(report),
                    },
                )
            reminded += 1
    return reminded


def _latest_overdue_period(today: date) -> Period:
    period = last_ended_period(today)
    while period.due_on >= today:
        period = period.previous()
    return period


def report_overdue_flag(*, today: date | None = None) -> int:
    """Tell the leaders in charge, once per report, of every report past its due date
    and not submitted. Returns how many reports were flagged."""
    today = today or timezone.localdate()
    period = _latest_overdue_period(today)
    for department in selectors.report_departments():
        # A department that never opened its report still owes it.
        report_open_for_period(department=department, period_start=period.start)
    overdue = SelfInspectionReport.objects.filter(
        status__in=SelfInspectionReport.NOT_SUBMITTED,
        due_on__lt=today,
        overdue_flagged_at__isnull=True,
    ).select_related("department")
    flagged = 0
    for report in overdue:
        with transaction.atomic():
            if not _claim(report, "overdue_flagged_at"):
                continue
            recipients = selectors.leader_addresses(department=report.department)
            _event(
                report,
                action=ReportEvent.Action.OVERDUE,
                actor=None,
                data={"recipients": len(recipients)},
            )
            with translation.override(settings.LANGUAGE_CODE):
                _mail_after_commit(
                    recipients=recipients,
                    subject=_("Overdue self-inspection report: %(department)s, %(period)s")
                    % {"department": report.department, "period": report.period_label},
                    body=_(
                        "The self-inspection report of %(department)s for %(period)s was due "
                        "on %(due)s and has not been submitted. %(url)s"
                    )
                    % {
                        "department": report.department,
                        "period": report.period_label,
                        "due": report.due_on,
                        "url": _report_url(report),
                    },
                )
            flagged += 1
    return flagged


# --- The task-force roster, edited by admins on /leadership/members/ ---------------------


def _roster_save(member, *, actor: User, reason: str) -> None:
    reason = reason.strip()
    if not reason:
        raise LeadershipError(_("Give the reason for the change: the history shows it."))
    member._change_reason = reason
    member._history_user = actor
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:
        raise LeadershipError(
            _("%(name)s is already on the roster in this role.") % {"name": member.name}
        ) from None


@transaction.atomic
def roster_member_save(*, member, in_charge_of, actor: User, reason: str):
    """Add a member or change one; the departments in charge of are part of the same
    change in the history, with the same reason."""
    _roster_save(member, actor=actor, reason=reason)
    if set(member.in_charge_of.values_list("pk", flat=True)) != {d.pk for d in in_charge_of}:
        # simple-history writes a record of its own for the departments, with the
        # same reason and user (still set on the instance).
        member.in_charge_of.set(in_charge_of)
    return member


@transaction.atomic
def roster_member_retire(*, member, until: date, actor: User, reason: str):
    """A member who leaves keeps their row and history: they serve until `until`."""
    if member.active_from and until < member.active_from:
        raise LeadershipError(_("A member cannot leave before they joined."))
    member.active_until = until
    _roster_save(member, actor=actor, reason=reason)
    return member


@transaction.atomic
def roster_reorder(*, orders: dict[int, int], actor: User, reason: str) -> int:
    """Set the display order; only the members whose place changed get a history line."""
    from .models import RosterMember

    changed = 0
    for member in RosterMember.objects.filter(pk__in=orders).select_for_update():
        if member.order != orders[member.pk]:
            member.order = orders[member.pk]
            _roster_save(member, actor=actor, reason=reason)
            changed += 1
    if not changed:
        raise LeadershipError(_("Nothing changed: give at least one member a new place."))
    return changed
