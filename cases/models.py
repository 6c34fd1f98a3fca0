from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhanjiang_union.appendonly import AppendOnlyModel
from zhanjiang_union.figures import FiguresPendingModel
from zhanjiang_union.localnames import local_name

from .workflow import STAGE_OF_STATUS, Body, Outcome, Stage, Status, sessions_allowed


class District(models.Model):
    """A county-level division of Zhanjiang, or a functional zone an admin adds."""

    class Kind(models.TextChoices):
        DISTRICT = "district", _("Urban district")
        COUNTY = "county", _("County")
        CITY = "city", _("County-level city")
        ZONE = "zone", _("Functional zone")

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=32, unique=True)
    name_en = models.CharField(_("name in English"), max_length=64, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return local_name(self)


class RoutingRule(models.Model):
    """Which union organisation receives the complaints about employers in a district,
    or in one of its townships (named in the employer's address). The most specific
    rule wins: township, then district; with none, the city federation (cases.routing)."""

    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.CASCADE, related_name="+"
    )
    township = models.CharField(
        _("township or street"),
        max_length=32,
        blank=True,
        help_text=_("As written in addresses (客路镇, 雷城街道); empty: the whole district."),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("union organisation"),
        on_delete=models.CASCADE,
        related_name="routing_rules",
    )

    class Meta:
        ordering = ["district", "township"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        constraints = [
            models.UniqueConstraint(fields=["district", "township"], name="routing_rule_once"),
        ]

    def __str__(self) -> str:
        return f"{self.district}{self.township} → {self.organisation}"


class DisputeCategory(models.Model):
    """The scope of a labor dispute (劳动争议调解仲裁法 Art. 2)."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=64, unique=True)
    name_en = models.CharField(_("name in English"), max_length=128, blank=True)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("dispute category")
        verbose_name_plural = _("dispute categories")

    def __str__(self) -> str:
        return local_name(self)


class Channel(models.TextChoices):
    WEB = "web", _("Online complaint")
    HOTLINE = "hotline", _("12351 hotline")
    WALK_IN = "walk_in", _("Walk-in petition")
    COURT = "court", _("Court-assigned pre-filing mediation (union and court)")
    GRID = "grid", _("Grid worker")
    ENTERPRISE = "enterprise", _("Enterprise mediation committee")


class Industry(models.TextChoices):
    """Sections of the national industry classification (GB/T 4754)."""

    AGRICULTURE = "A", _("Agriculture, forestry, animal husbandry and fishery")
    MINING = "B", _("Mining")
    MANUFACTURING = "C", _("Manufacturing")
    UTILITIES = "D", _("Electricity, heat, gas and water")
    CONSTRUCTION = "E", _("Construction")
    TRADE = "F", _("Wholesale and retail")
    TRANSPORT = "G", _("Transport, storage and post")
    HOSPITALITY = "H", _("Accommodation and catering")
    IT = "I", _("Information technology")
    FINANCE = "J", _("Finance")
    REAL_ESTATE = "K", _("Real estate")
    BUSINESS_SERVICES = "L", _("Leasing and business services")
    RESEARCH = "M", _("Research and technical services")
    ENVIRONMENT = "N", _("Water, environment and public facilities")
    RESIDENT_SERVICES = "O", _("Resident, repair and other services")
    EDUCATION = "P", _("Education")
    HEALTH = "Q", _("Health and social work")
    CULTURE = "R", _("Culture, sports and entertainment")
    PUBLIC = "S", _("Public administration and social organisations")
    INTERNATIONAL = "T", _("International organisations")


class CaseNumberCounter(models.Model):
    """The last case number issued in a year. Taking the next one locks the row,
    so numbers are unique and without gaps even when complaints arrive at once."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Case(FiguresPendingModel):
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    # Empty only inside the filing transaction, until the number is taken.
    sequence = models.PositiveIntegerField(_("sequence"), null=True, editable=False)
    number = models.CharField(_("case number"), max_length=32, unique=True, editable=False)
    query_code_hash = models.CharField(max_length=64, editable=False)

    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.INTAKE
    )
    outcome = models.CharField(_("outcome"), max_length=24, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("outcome note"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    employer_name = models.CharField(_("employer"), max_length=128)
    employer_key = models.CharField(max_length=128, editable=False)
    employer_credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True
    )
    employer_address = models.CharField(_("employer address"), max_length=255, blank=True)

    district = models.ForeignKey(District, verbose_name=_("district"), on_delete=models.PROTECT)
    grid = models.CharField(_("grid"), max_length=64, blank=True)
    industry = models.CharField(_("industry"), max_length=1, choices=Industry.choices)
    category = models.ForeignKey(
        DisputeCategory, verbose_name=_("dispute category"), on_delete=models.PROTECT
    )
    workers_involved = models.PositiveIntegerField(_("number of workers involved"), default=1)
    amount_claimed = models.DecimalField(
        _("amount claimed (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    amount_recovered = models.DecimalField(
        _("amount recovered (yuan)"), max_digits=14, decimal_places=2, default=0
    )
    facts = models.TextField(_("what happened"))
    demand = models.TextField(_("what you ask for"))
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    is_collective = models.BooleanField(_("collective dispute"), default=False)
    is_mass_incident = models.BooleanField(_("sudden or mass incident"), default=False)

    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("responsible department"),
        on_delete=models.PROTECT,
        related_name="cases",
        # The (department, status) index serves every lookup by department.
        db_index=False,
    )
    # The union organisation handling the case (cases.routing picks it at filing);
    # its staff act on it, those above it read it.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("handling union"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        db_index=False,
    )
    handler = models.ForeignKey(
        "accounts.User",
        verbose_name=_("handler"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handled_cases",
    )
    filed_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("filed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="filed_cases",
    )
    registered_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registered_cases",
    )
    linked_to = models.ForeignKey(
        "self",
        verbose_name=_("related case"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="linked_cases",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_cases",
    )

    created_at = models.DateTimeField(_("filed at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    updated_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The case's most pressing running time limit, kept by cases.deadlines
    # whenever a deadline opens, ends, moves or changes state, so that the
    # workbench sorts and filters a million cases through an index.
    next_due_on = models.DateField(_("next deadline"), null=True, blank=True)
    # The day that deadline shows as due soon from (its rule's window before next_due_on).
    next_soon_on = models.DateField(null=True, blank=True)
    deadline_state = models.CharField(_("deadline"), max_length=16, blank=True)
    # Optimistic lock: every change bumps it; a form carries the version it was
    # opened at, and a save against an older version is refused.
    version = models.PositiveIntegerField(default=1)
    # Set when the personal data were removed after the retention period (cases.retention).
    personal_data_removed_at = models.DateTimeField(
        _("personal data removed at"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="case_unique_year_sequence"),
        ]
        # Each index costs every write of a case (the sweep rewrites thousands a run):
        # equality lookups get a plain index (no LIKE pattern copy), and rare values a
        # partial one.
        indexes = [
            models.Index(fields=["department", "status"]),
            models.Index(fields=["organisation", "status"], name="case_organisation_status"),
            models.Index(fields=["status"], name="case_status"),
            models.Index(fields=["employer_key"], name="case_employer_key"),
            # The department's cases of one district and category, newest first (the
            # API's list, the workbench): equality on three columns, then id in order,
            # so a combination that matches nothing is answered from the index.
            models.Index(
                fields=["department", "district", "category", "id"],
                name="case_dept_district_category",
            ),
            models.Index(fields=["employer_credit_code"], name="case_employer_credit_code"),
            models.Index(
                fields=["created_at"],
                condition=models.Q(is_collective=True),
                name="case_collective",
            ),
            models.Index(
                fields=["closed_at"],
                condition=models.Q(closed_at__isnull=False),
                name="case_closed_at",
            ),
            models.Index(
                fields=["id"], condition=models.Q(figures_pending=True), name="case_figures_pending"
            ),
            models.Index(
                fields=["department", "next_due_on"],
                condition=~models.Q(status="closed"),
                name="case_open_dept_next_due",
            ),
            models.Index(
                fields=["next_due_on"],
                condition=~models.Q(status="closed"),
                name="case_open_next_due",
            ),
            models.Index(
                fields=["deadline_state", "next_due_on"],
                condition=~models.Q(status="closed"),
                name="case_open_deadline_state",
            ),
            # The sweep's "due soon from today" crossing: a range over the few that cross.
            models.Index(
                fields=["deadline_state", "next_soon_on"],
                condition=~models.Q(status="closed"),
                name="case_open_deadline_soon",
            ),
        ]
        permissions = [
            ("view_workbench", _("Can use the case workbench")),
            ("work_case", _("Can act on the cases of one's department")),
            ("reassign_case", _("Can assign and reassign cases within one's department")),
            ("view_all_cases", _("Can read every case")),
            ("act_on_all_cases", _("Can act on every case")),
            ("view_personal_data", _("Can see complainants' full ID numbers and phones")),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def stage(self) -> str:
        return STAGE_OF_STATUS[self.status]

    def get_stage_display(self) -> str:
        return Stage(self.stage).label

    @property
    def is_open(self) -> bool:
        return self.status != Status.CLOSED

    @property
    def sessions_allowed(self) -> bool:
        return sessions_allowed(self.status)

    @property
    def deadline_paused(self) -> bool:
        return self.deadline_state == "paused"


class Complainant(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="complainants")
    name = models.CharField(_("name"), max_length=64)
    # Blank when staff registered a caller who did not give it: "to complete", and
    # required before a mediation agreement is recorded.
    id_number = models.CharField(_("resident ID number"), max_length=18, blank=True)
    phone = models.CharField(_("mobile phone"), max_length=11, db_index=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # A worker who came in with a case merged into this one keeps their own record.
    origin_case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("complainant")
        verbose_name_plural = _("complainants")

    def __str__(self) -> str:
        return self.name


class CaseEvent(AppendOnlyModel):
    """One line of a case's timeline. Append-only: never edited, never deleted."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        "accounts.User",
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=64)
    summary = models.CharField(_("what"), max_length=255)
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24, blank=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    # Internal notes and staff-only details stay off the worker's tracking page.
    public = models.BooleanField(_("shown to the worker"), default=True)
    # On a move between stages: when the case entered the stage it leaves (its previous
    # move between stages, or its filing). Written with the move, so the dashboard's time
    # in each stage is an aggregate over the moves of a period, not a walk through every
    # timeline.
    stage_entered_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        indexes = [
            # The status moves only (a fifth of the timeline): the dashboard's mediation
            # results and time in each stage read them by kind and date.
            models.Index(
                fields=["to_status", "at"],
                condition=~models.Q(to_status=""),
                name="caseevent_status_moves",
            ),
            # A case's moves in time order, for the time spent in each stage.
            models.Index(
                fields=["case", "at", "id"],
                condition=~models.Q(to_status=""),
                name="caseevent_case_moves",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.action}"

    @property
    def text(self) -> str:
        """The line in the reader's language, put into words from `action` and
        `data` (cases.timeline); the stored summary for an action it does not know
        or an older event lacking the facts its line needs."""
        from .timeline import event_text

        return event_text(self)

    text.fget.short_description = _("what")

    @property
    def from_status_label(self) -> str:
        return Status(self.from_status).label if self.from_status else ""

    @property
    def to_status_label(self) -> str:
        return Status(self.to_status).label if self.to_status else ""


class Handoff(models.Model):
    """A case moved to another body (移送); open until that body acknowledges it."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="handoffs")
    body = models.CharField(_("receiving body"), max_length=24, choices=Body.choices)
    receiver_name = models.CharField(_("receiving office"), max_length=128, blank=True)
    sent_on = models.DateField(_("date sent"))
    document_number = models.CharField(_("document number"), max_length=64, blank=True)
    note = models.TextField(_("note"), blank=True)
    sent_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by_name = models.CharField(_("acknowledged by"), max_length=64, blank=True)
    acknowledgement_note = models.TextField(_("acknowledgement note"), blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A handoff along the union's grid (body "grid"): from which organisation to which.
    from_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    to_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["sent_on", "id"]
        verbose_name = _("handoff")
        verbose_name_plural = _("handoffs")

    def __str__(self) -> str:
        return f"{self.case} → {self.get_body_display()}"

    @property
    def is_open(self) -> bool:
        return self.acknowledged_at is None


class Secondment(models.Model):
    """A mediator of an organisation below the city assigned to one of the city's cases
    (借调): the mediator works the case at once; their organisation's head acknowledges
    that they are lent, and until then the case and that organisation's page show the
    assignment as pending."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="secondments")
    handler = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("union organisation"),
        on_delete=models.PROTECT,
        related_name="secondments",
    )
    assigned_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    acknowledged_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    # The lending organisation may decline (its mediator is needed at home): the case
    # goes back to the city without a handler, and whoever assigned it hears why.
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)

    class Meta:
        ordering = ["assigned_at", "id"]
        verbose_name = _("secondment")
        verbose_name_plural = _("secondments")

    def __str__(self) -> str:
        return f"{self.case} → {self.handler}"

    @property
    def is_pending(self) -> bool:
        return self.acknowledged_at is None and self.declined_at is None


class MediationSession(models.Model):
    class Result(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CONTINUE = "continue", _("Continue with another session")
        AGREEMENT = "agreement", _("Agreement reached")
        FAILED = "failed", _("No agreement")
        NO_SHOW = "no_show", _("A party did not come")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="sessions")
    scheduled_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=128)
    participants = models.TextField(_("participants"), blank=True)
    result = models.CharField(
        _("result"), max_length=16, choices=Result.choices, default=Result.SCHEDULED
    )
    result_note = models.TextField(_("result note"), blank=True)

    class Meta:
        ordering = ["scheduled_at", "id"]
        verbose_name = _("mediation session")
        verbose_name_plural = _("mediation sessions")

    def __str__(self) -> str:
        return f"{self.case} {self.scheduled_at:%Y-%m-%d}"

    @property
    def result_open(self) -> bool:
        """A session's result is recorded once."""
        return self.result == self.Result.SCHEDULED


class MediationAgreement(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="agreement")
    signed_on = models.DateField(_("signed on"))
    amount_agreed = models.DecimalField(_("amount agreed (yuan)"), max_digits=14, decimal_places=2)
    payment_due = models.DateField(_("payment due by"))
    terms = models.TextField(_("terms of the agreement"))

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(payment_due__gte=models.F("signed_on")),
                name="agreement_payment_not_before_signing",
            )
        ]
        verbose_name = _("mediation agreement")
        verbose_name_plural = _("mediation agreements")

    def __str__(self) -> str:
        return f"{self.case} {self.signed_on}"


class ArbitrationAward(models.Model):
    """The arbitration commission's award, as the union learns of it (劳动争议调解仲裁法
    Art. 47-48: a final award binds the employer at once; otherwise the worker may sue
    within 15 days of receipt)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="award")
    awarded_on = models.DateField(_("award date"))
    document_number = models.CharField(_("award document number"), max_length=64)
    amount_awarded = models.DecimalField(
        _("amount awarded (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    is_final = models.BooleanField(_("final award (终局裁决)"), default=False)

    class Meta:
        verbose_name = _("arbitration award")
        verbose_name_plural = _("arbitration awards")

    def __str__(self) -> str:
        return f"{self.case} {self.document_number}"


class ReopenRequest(models.Model):
    """A worker's request, from the tracking page, that a closed case be reopened. It
    reaches the department head, who accepts it (the case reopens) or declines it with
    a reason; nothing reopens by itself."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for the department head")
        ACCEPTED = "accepted", _("Accepted: the case was reopened")
        DECLINED = "declined", _("Declined")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reopen_requests")
    reason = models.TextField(_("reason"))
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.PENDING
    )
    decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("reason for the decision"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("request to reopen")
        verbose_name_plural = _("requests to reopen")
        constraints = [
            # One open request per case at a time.
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(state="pending"), name="reopen_one_pending"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.get_state_display()}"


class PhoneSignInCode(models.Model):
    """A one-time code texted to a complainant's mobile number, for the worker's sign-in
    without an account. The number and the code are kept only as keyed hashes; a row is
    written for any number asked for, known or not, so the limits per number count the
    same either way."""

    phone_hash = models.CharField(max_length=64, db_index=True)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in code")
        verbose_name_plural = _("sign-in codes")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M}"


def _evidence_path(instance, filename: str) -> str:
    # A random name on disk: the original name is kept (sanitised) in the row,
    # and nothing about the case or the worker can be read from the path.
    import uuid

    return f"evidence/{instance.case.year}/{uuid.uuid4().hex}"


class Evidence(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=_evidence_path)
    name = models.CharField(_("file name"), max_length=128)
    kind = models.CharField(_("type"), max_length=8)
    size = models.PositiveIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.name


class DeadlineRule(models.Model):
    """A time limit from the law or the union's service standards (DOMAIN.md).

    Admins edit these; a change applies to deadlines opened after it unless
    the admin recomputes the open ones (an action in the admin).
    """

    class Unit(models.TextChoices):
        CALENDAR = "calendar", _("calendar days")
        WORKING = "working", _("working days")

    key = models.SlugField(_("key"), unique=True)
    label = models.CharField(_("name"), max_length=64)
    label_en = models.CharField(_("name in English"), max_length=128, blank=True)
    limit = models.PositiveSmallIntegerField(_("time limit"))
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices)
    starts = models.CharField(_("the clock starts at"), max_length=128)
    starts_en = models.CharField(_("the clock starts at, in English"), max_length=128, blank=True)
    extension_allowed = models.BooleanField(_("can be extended"), default=False)
    # Empty: no fixed maximum (mediation extended by agreement of both parties).
    extension_limit = models.PositiveSmallIntegerField(
        _("longest extension"), null=True, blank=True
    )
    source = models.CharField(_("legal source"), max_length=128, blank=True)
    # "Due soon" is relative to the period: the last working day of a 3-working-day
    # limit, the last 3 days of a 15-day one; not a fixed span before every due date.
    due_soon = models.PositiveSmallIntegerField(
        _("due soon for the last"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_(
            "How many of the period's last days (in its unit) it shows as due soon and "
            "its handler is told: 1 is the last day alone."
        ),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")

    def __str__(self) -> str:
        return f"{local_name(self, 'label')}: {self.limit} {self.get_unit_display()}"

    def clean(self):
        super().clean()
        if self.limit and self.due_soon and self.due_soon > self.limit:
            raise ValidationError(
                {"due_soon": _("The due-soon days cannot be more than the time limit.")}
            )


class Deadline(models.Model):
    """One running time limit of a case, stored so that lists sort and filter on it."""

    class State(models.TextChoices):
        NORMAL = "normal", _("On time")
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")
        OVERDUE_LONG = "overdue_long", _("Long overdue")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    rule = models.ForeignKey(DeadlineRule, on_delete=models.PROTECT, related_name="deadlines")
    handoff = models.ForeignKey(
        Handoff, on_delete=models.CASCADE, null=True, blank=True, related_name="deadlines"
    )
    started_on = models.DateField(_("clock started"))
    due_on = models.DateField(_("due on"))
    # The first day of the rule's due-soon window, computed with due_on.
    soon_on = models.DateField(_("due soon from"), null=True, blank=True)
    extended_by = models.PositiveSmallIntegerField(_("extended by"), default=0)
    paused_on = models.DateField(_("paused since"), null=True, blank=True)
    paused_days = models.PositiveIntegerField(default=0)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.NORMAL)
    # The first year the computation touched whose holiday schedule is not
    # loaded: the date was counted on weekends only and is marked as such.
    unloaded_year = models.PositiveSmallIntegerField(null=True, blank=True)
    met_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        indexes = [
            models.Index(
                fields=["due_on"], condition=models.Q(met_at__isnull=True), name="deadline_open_due"
            ),
            models.Index(
                fields=["state", "due_on"],
                condition=models.Q(met_at__isnull=True),
                name="deadline_open_state",
            ),
            models.Index(
                fields=["state", "soon_on"],
                condition=models.Q(met_at__isnull=True),
                name="deadline_open_soon",
            ),
            # Deadlines ended in a period: the dashboard's on-time rate.
            models.Index(
                fields=["met_at"],
                condition=models.Q(met_at__isnull=False),
                name="deadline_ended",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} {local_name(self.rule, 'label')} {self.due_on}"

    @property
    def is_paused(self) -> bool:
        return self.paused_on is not None


class EscalationRecord(models.Model):
    """Something with a time limit crossing a level, once (the engine in
    cases.escalation writes these for case deadlines and hotline callbacks alike).
    Each concrete table adds what crossed and a unique constraint on it and the level:
    that constraint is what makes a rerun or a second sweep harmless."""

    level = models.CharField(_("level"), max_length=16, choices=Deadline.State.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    notified_at = models.DateTimeField(_("notified at"), null=True, blank=True)
    notified = models.JSONField(_("notified"), default=list, blank=True)  # user ids

    class Meta:
        abstract = True


class Escalation(EscalationRecord):
    """A deadline crossing a level, once."""

    deadline = models.ForeignKey(
        Deadline, on_delete=models.CASCADE, related_name="escalations", verbose_name=_("deadline")
    )

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        constraints = [
            models.UniqueConstraint(fields=["deadline", "level"], name="escalation_once_per_level"),
        ]
        indexes = [
            models.Index(
                fields=["id"],
                condition=models.Q(notified_at__isnull=True),
                name="escalation_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.deadline} {self.level}"


class EarlyWarning(models.Model):
    """预警: leadership is told at once, not at a deadline; once per case and reason."""

    class Reason(models.TextChoices):
        COLLECTIVE = "collective", _("Collective dispute")
        MASS_INCIDENT = "mass_incident", _("Sudden or mass incident")
        LARGE_ARREARS = "large_arrears", _("Large wage arrears")
        GROUP_FORMING = "group_forming", _("Several complaints against one employer")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="warnings")
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("early warning")
        verbose_name_plural = _("early warnings")
        constraints = [
            models.UniqueConstraint(fields=["case", "reason"], name="early_warning_once"),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.get_reason_display()}"


class PersonalDataAccess(AppendOnlyModel):
    """Each time a member of staff is shown a complainant's full ID number and
    phone (个人信息保护法): who, when, which case. Admins read this log."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="personal_data_accesses")
    user = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    view = models.CharField(_("page"), max_length=32)
    # The client's address (zhanjiang_union/clientip.py): the workstation, not the proxy.
    client_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("access to personal data")
        verbose_name_plural = _("accesses to personal data")

    def __str__(self) -> str:
        return f"{self.user} {self.case} {self.at:%Y-%m-%d %H:%M}"


# --- Collective cases (cases.collective) -------------------------------------------------


class CollectiveRepresentative(models.Model):
    """A worker of a collective case whom the workers chose to act for them
    (劳动争议调解仲裁法 Art. 7: ten or more workers with a common claim may act through
    representatives)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="representatives")
    complainant = models.OneToOneField(
        Complainant, on_delete=models.CASCADE, related_name="representative"
    )
    chosen_at = models.DateTimeField(_("chosen at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["chosen_at", "id"]
        verbose_name = _("workers' representative")
        verbose_name_plural = _("workers' representatives")

    def __str__(self) -> str:
        return f"{self.case} {self.complainant}"


class CollectiveNotice(models.Model):
    """A message to every worker of a collective case (SMS, and the inbox of those who
    filed with an account). Its notifications are written a batch at a time, within the
    SMS gateway's rate (COLLECTIVE_NOTICE_PER_MINUTE), each worker once."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notices")
    subject = models.CharField(_("subject"), max_length=120)
    body = models.TextField(_("message"))
    sent_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    recipients = models.PositiveIntegerField(_("workers"), default=0)
    # The last batch's time: batches of all notices together keep to the gateway's rate.
    last_batch_at = models.DateTimeField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("all released at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notice to the workers")
        verbose_name_plural = _("notices to the workers")

    def __str__(self) -> str:
        return f"{self.case} {self.subject}"


class CollectiveNoticeDelivery(models.Model):
    """One worker's copy of a notice: the unique pair is what keeps a rerun of a batch
    from texting anyone twice."""

    notice = models.ForeignKey(
        CollectiveNotice, on_delete=models.CASCADE, related_name="deliveries"
    )
    complainant = models.ForeignKey(Complainant, on_delete=models.CASCADE, related_name="+")
    notification = models.OneToOneField(
        "notifications.Notification", on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "complainant"], name="collective_notice_once_per_worker"
            )
        ]

    def __str__(self) -> str:
        return f"{self.notice_id} {self.complainant_id}"
