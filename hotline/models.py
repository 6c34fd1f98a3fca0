"""The 12351 hotline and petition reception (信访接待).

Calls and their callbacks, the satisfaction follow-up (回访) of closed cases, walk-in
petition visits with their representatives, and petitions that went past the union to
a higher authority (对外信访（对外上访）), which the plan's "对外零上访" aims to keep at zero.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case, Deadline, DisputeCategory, EscalationRecord
from zhanjiang_union.appendonly import AppendOnlyModel
from zhanjiang_union.figures import FiguresPendingModel

# 信访工作条例 Art. 20: five or more people come as a group and send at most five
# representatives.
GROUP_VISIT_THRESHOLD = 5
MAX_REPRESENTATIVES = 5


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")


class Call(FiguresPendingModel):
    """One 12351 call as the operator logged it."""

    class Outcome(models.TextChoices):
        ADVICE = "advice", _("Legal advice given")
        CASE = "case", _("Case created")
        REFERRED = "referred", _("Referred to a department")
        CALLBACK = "callback", _("Callback needed")

    received_at = models.DateTimeField(_("time of the call"), db_index=True)
    # Empty when the operator did not note it.
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"), null=True, blank=True)
    phone = models.CharField(_("caller phone"), max_length=16, db_index=True)
    caller_name = models.CharField(_("caller name"), max_length=64, blank=True)
    # Empty: a consultation that is not about a dispute of one of the categories.
    category = models.ForeignKey(
        DisputeCategory,
        verbose_name=_("dispute category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    summary = models.TextField(_("call summary"))
    urgency = models.CharField(
        _("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL
    )
    outcome = models.CharField(_("what was done"), max_length=16, choices=Outcome.choices)
    referred_to = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("referred to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    operator = models.ForeignKey(
        "accounts.User",
        verbose_name=_("operator"),
        on_delete=models.PROTECT,
        related_name="hotline_calls",
    )
    # The operator's department when the call came in: staff move, figures must not.
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("taken by department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hotline_calls",
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hotline_calls",
    )

    # The callback's time limit, stored like a case deadline so that the queue sorts
    # and the sweep filters on an index instead of recomputing per row.
    callback_due_on = models.DateField(_("call back by"), null=True, blank=True)
    callback_state = models.CharField(
        _("callback state"), max_length=16, choices=Deadline.State.choices, blank=True
    )
    callback_unloaded_year = models.PositiveSmallIntegerField(null=True, blank=True)
    callback_attempts = models.PositiveSmallIntegerField(_("callback attempts"), default=0)
    callback_done_at = models.DateTimeField(_("called back at"), null=True, blank=True)
    # A time agreed with the caller, and who is to call back (the operator who took the
    # call when empty); the callback sits in that person's queue.
    callback_at = models.DateTimeField(_("call back at"), null=True, blank=True)
    callback_assignee = models.ForeignKey(
        "accounts.User",
        verbose_name=_("who calls back"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hotline_callbacks",
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        permissions = [
            ("use_desk", _("Can log 12351 calls, make callbacks and register cases from calls")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(outcome="referred") | models.Q(referred_to__isnull=False),
                name="call_referral_names_department",
            ),
            models.CheckConstraint(
                condition=~models.Q(outcome="callback") | models.Q(callback_due_on__isnull=False),
                name="call_callback_has_due_date",
            ),
        ]
        indexes = [
            models.Index(
                fields=["callback_state", "callback_due_on"],
                condition=models.Q(outcome="callback", callback_done_at__isnull=True),
                name="call_callback_open",
            ),
            models.Index(
                fields=["id"], condition=models.Q(figures_pending=True), name="call_figures_pending"
            ),
        ]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.received_at):%Y-%m-%d %H:%M} {self.caller_name}".strip()

    @property
    def needs_callback(self) -> bool:
        return self.outcome == self.Outcome.CALLBACK

    @property
    def callback_open(self) -> bool:
        return self.needs_callback and self.callback_done_at is None

    @property
    def duration_display(self) -> str:
        if self.duration_seconds is None:
            return ""
        minutes, seconds = divmod(self.duration_seconds, 60)
        return f"{minutes}:{seconds:02d}"


class CallbackAttempt(AppendOnlyModel):
    """One try at calling a caller back; the callback stays open until one reaches them."""

    class Result(models.TextChoices):
        REACHED = "reached", _("Reached")
        NOT_REACHED = "not_reached", _("Not reached")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="attempts")
    result = models.CharField(_("result"), max_length=16, choices=Result.choices)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        "accounts.User", verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("callback attempt")
        verbose_name_plural = _("callback attempts")

    def __str__(self) -> str:
        return f"{self.call} {self.result}"


class CallbackEscalation(EscalationRecord):
    """A callback crossing a level, once."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="escalations", verbose_name=_("call")
    )

    class Meta:
        verbose_name = _("callback escalation")
        verbose_name_plural = _("callback escalations")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "level"], name="callback_escalation_once_per_level"
            ),
        ]
        indexes = [
            models.Index(
                fields=["id"],
                condition=models.Q(notified_at__isnull=True),
                name="callback_escalation_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.call} {self.level}"


class FollowUp(models.Model):
    """The satisfaction follow-up (回访) of a closed case: one per case."""

    class Result(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        FAIRLY_SATISFIED = "fairly_satisfied", _("Fairly satisfied")
        DISSATISFIED = "dissatisfied", _("Dissatisfied")

    class Source(models.TextChoices):
        CALL = "call", _("Follow-up call (回访)")
        WORKER = "worker", _("Rated by the worker on the tracking page")

    case = models.OneToOneField(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="follow_up"
    )
    result = models.CharField(_("result"), max_length=16, choices=Result.choices)
    note = models.TextField(_("note"), blank=True)
    # The worker's own rating and the follow-up call are one record and one figure: a
    # case the worker rated needs no call, and a called case is not rated again.
    source = models.CharField(
        _("source"), max_length=8, choices=Source.choices, default=Source.CALL
    )
    by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return f"{self.case} {self.result}"


class Visit(models.Model):
    """A walk-in petition visit (来访) received at the reception desk."""

    visited_at = models.DateTimeField(_("date and time"), db_index=True)
    visitor_count = models.PositiveIntegerField(
        _("number of visitors"), validators=[MinValueValidator(1)]
    )
    # A visitor who comes alone names no representatives: their own name and number.
    visitor_name = models.CharField(_("visitor’s name"), max_length=64, blank=True)
    visitor_phone = models.CharField(_("visitor’s phone"), max_length=16, blank=True)
    employer_name = models.CharField(_("employer"), max_length=128, blank=True)
    demands = models.TextField(_("demands"))
    action_taken = models.TextField(_("what was done"), blank=True)
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="petition_visits",
    )
    follow_up_due_on = models.DateField(_("follow up by"), null=True, blank=True)
    received_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("received by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("received by department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-visited_at", "-id"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(visitor_count__gte=1), name="visit_has_a_visitor"
            ),
        ]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.visited_at):%Y-%m-%d %H:%M} {self.employer_name}".strip()

    @property
    def is_group(self) -> bool:
        return self.visitor_count >= GROUP_VISIT_THRESHOLD


class Representative(models.Model):
    """One of the (at most five) people a group visit sends to speak for it."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="representatives")
    name = models.CharField(_("representative name"), max_length=64)
    phone = models.CharField(_("phone number"), max_length=16)

    class Meta:
        ordering = ["id"]
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")

    def __str__(self) -> str:
        return self.name


class ExternalPetition(models.Model):
    """A dispute known to the union that was taken to a higher authority (对外信访（对外上访）)."""

    class Level(models.TextChoices):
        CITY = "city", _("City petition bureau")
        PROVINCIAL = "provincial", _("Provincial petition bureau")
        NATIONAL = "national", _("National petition bureau")

    petitioned_on = models.DateField(_("date"), db_index=True)
    level = models.CharField(_("taken to"), max_length=16, choices=Level.choices)
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="external_petitions",
    )
    employer_name = models.CharField(_("employer"), max_length=128)
    people_count = models.PositiveIntegerField(
        _("number of people"), default=1, validators=[MinValueValidator(1)]
    )
    note = models.TextField(_("note"), blank=True)
    # The responsible department of the linked case, for the figures by department.
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-petitioned_on", "-id"]
        verbose_name = _("external petition")
        verbose_name_plural = _("external petitions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(people_count__gte=1), name="external_petition_has_people"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.petitioned_on} {self.employer_name}"
