from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from zhanjiang_union.accounts.models import Department
from zhanjiang_union.appendonly import AppendOnlyModel
from zhanjiang_union.localnames import local_name, reads_chinese


class _MeasureKindManager(models.Manager):
    kind: str

    def get_queryset(self):
        return super().get_queryset().filter(kind=self.kind)


class WorkMeasureManager(_MeasureKindManager):
    kind = "measure"


class WorkRequirementManager(_MeasureKindManager):
    kind = "requirement"


class Measure(models.Model):
    """One of the plan's work measures (二、工作措施), with the departments that answer for
    it, or one of its work requirements (三、工作要求), which bind every department."""

    class Kind(models.TextChoices):
        MEASURE = "measure", _("Work measure")
        REQUIREMENT = "requirement", _("Work requirement")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.MEASURE)
    number = models.PositiveSmallIntegerField(_("number"))
    # A measure's title is its heading; a roster member's is their post (职务).
    title = models.CharField(pgettext_lazy("measure", "title"), max_length=128)
    title_en = models.CharField(
        pgettext_lazy("measure", "title in English"), max_length=255, blank=True
    )
    text = models.TextField(_("text"), blank=True)
    departments = models.ManyToManyField(
        Department, verbose_name=_("responsible departments"), related_name="measures", blank=True
    )
    history = HistoricalRecords(m2m_fields=[departments])

    # "Measures" on every page and in every count means the plan's 工作措施, so
    # `Measure.objects` holds those alone; the requirements are `Measure.requirements`,
    # and `all_kinds` (the default manager: admin, relations) holds both.
    all_kinds = models.Manager()
    objects = WorkMeasureManager()
    requirements = WorkRequirementManager()

    class Meta:
        ordering = ["kind", "number"]
        default_manager_name = "all_kinds"
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="measure_unique_kind_number"),
        ]

    def __str__(self) -> str:
        if reads_chinese():
            return f"（{self.chinese_number}）{self.title}"
        return f"({self.number}) {local_name(self, 'title')}"

    @property
    def chinese_number(self) -> str:
        numerals = "一二三四五六七八九十"
        return numerals[self.number - 1] if 1 <= self.number <= 10 else str(self.number)


class RosterMember(models.Model):
    """A member of the task force (领导小组), as listed in the plan's appendix.

    Members are never deleted: one who leaves gets an `active_until` date, so the
    roster's history (who held which post and was in charge of what) stays whole.
    """

    class GroupRole(models.TextChoices):
        LEADER = "leader", _("Leader")
        FIRST_DEPUTY = "first_deputy", _("First deputy leader")
        DEPUTY = "deputy", _("Deputy leader")
        MEMBER = "member", _("Member")

    name = models.CharField(pgettext_lazy("person", "name"), max_length=32)
    group_role = models.CharField(_("role in the group"), max_length=16, choices=GroupRole.choices)
    title = models.CharField(_("title"), max_length=128)
    title_en = models.CharField(_("title in English"), max_length=255, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department headed"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="heads_on_roster",
    )
    in_charge_of = models.ManyToManyField(
        Department,
        verbose_name=_("departments in charge of (分管)"),
        blank=True,
        related_name="leaders_in_charge",
    )
    is_office_director = models.BooleanField(_("directs the task-force office"), default=False)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_until = models.DateField(_("active until"), null=True, blank=True)
    user = models.OneToOneField(
        "accounts.User",
        verbose_name=_("portal account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="roster_entry",
    )
    history = HistoricalRecords(m2m_fields=[in_charge_of])

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("task-force member")
        verbose_name_plural = _("task-force members")
        constraints = [
            models.UniqueConstraint(fields=["name", "group_role"], name="roster_unique_name_role"),
        ]

    def __str__(self) -> str:
        return f"{self.get_group_role_display()} {self.name}"

    @staticmethod
    def active_on(day: date) -> models.Q:
        """Members serving on `day`: a retired member keeps their row and history."""
        return (models.Q(active_from__isnull=True) | models.Q(active_from__lte=day)) & (
            models.Q(active_until__isnull=True) | models.Q(active_until__gte=day)
        )

    @classmethod
    def in_charge_on(cls, day: date) -> "models.QuerySet[RosterMember]":
        """Members who answer for something on `day`: serving, with an active portal
        account. Every "who is in charge" question (escalations, report reviews and
        reminders) starts from these rows."""
        return cls.objects.filter(cls.active_on(day), user__isnull=False, user__is_active=True)


class Activity(models.Model):
    """Something a department did under a measure: a legal check-up, a lecture …"""

    class Kind(models.TextChoices):
        LEGAL_CHECKUP = "legal_checkup", _("Legal check-up of an enterprise")
        LECTURE = "lecture", _("Union legal-education lecture")
        BARGAINING = "bargaining", _("Collective-bargaining session")
        TRAINING = "training", _("Mediator training")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    measure = models.ForeignKey(
        Measure,
        verbose_name=_("measure"),
        on_delete=models.PROTECT,
        limit_choices_to={"kind": Measure.Kind.MEASURE},
        related_name="activities",
    )
    held_on = models.DateField(_("held on"))
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    enterprises = models.TextField(_("enterprises"), blank=True, help_text=_("One per line."))
    participants = models.PositiveIntegerField(_("participants"), default=0)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [models.Index(fields=["department", "held_on"])]
        # The dashboard's permission stays where it was defined before the dashboard
        # had an app of its own: every database's grants, and roles.py, name it
        # `leadership.view_dashboard`.
        permissions = [("view_dashboard", _("Can view the dashboard"))]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_kind_display()}"

    @property
    def enterprise_names(self) -> list[str]:
        return [line.strip() for line in self.enterprises.splitlines() if line.strip()]


class SelfInspectionReport(models.Model):
    """A department's self-inspection report (自查自纠) for one period, sent to the
    leader in charge of it (分管领导), who accepts it or sends it back."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Not submitted")
        SUBMITTED = "submitted", _("Submitted, awaiting review")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned for revision")

    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="self_inspection_reports",
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    text = models.TextField(_("report"), blank=True)
    # Filled by the service at each submission from the case and activity records,
    # so the leader reads the same numbers the department saw when it submitted.
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    # Set once, by a conditional UPDATE, when the reminder / overdue notice goes
    # out: a second run of the sweep (or a second worker) sends nothing.
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    overdue_flagged_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    NOT_SUBMITTED = (Status.DRAFT, Status.RETURNED)

    class Meta:
        ordering = ["-period_start", "department__order", "department_id"]
        verbose_name = _("self-inspection report")
        verbose_name_plural = _("self-inspection reports")
        constraints = [
            models.UniqueConstraint(
                fields=["department", "period_start"], name="report_unique_department_period"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="report_period_ends_after_start",
            ),
        ]
        permissions = [
            (
                "submit_selfinspectionreport",
                _("Can write and submit the self-inspection reports of one's department"),
            ),
            ("act_on_all_reports", _("Can submit and review every department's reports")),
        ]

    def __str__(self) -> str:
        return f"{self.department} {self.period_label}"

    @property
    def period_label(self) -> str:
        start, end = self.period_start, self.period_end
        if (start.year, start.month) == (end.year, end.month):
            return f"{start:%Y-%m}"
        return f"{start:%Y-%m}—{end:%Y-%m}"

    @property
    def is_overdue(self) -> bool:
        return self.status in self.NOT_SUBMITTED and self.due_on < timezone.localdate()


class ReportEvent(AppendOnlyModel):
    """One line of a report's history (submitted, returned, accepted). Append-only."""

    class Action(models.TextChoices):
        SUBMITTED = "leadership.report.submitted", _("Submitted")
        ACCEPTED = "leadership.report.accepted", _("Accepted")
        RETURNED = "leadership.report.returned", _("Returned for revision")
        REMINDED = "leadership.report.reminded", _("Reminder sent to the department")
        OVERDUE = "leadership.report.overdue", _("Overdue: leader in charge notified")

    report = models.ForeignKey(
        SelfInspectionReport, on_delete=models.PROTECT, related_name="events"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=64, choices=Action.choices)
    comment = models.TextField(_("comment"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("report event")
        verbose_name_plural = _("report events")

    def __str__(self) -> str:
        return f"{self.report} {self.action}"
