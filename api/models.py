"""The API's own records: the clients admins register, the audit of their calls, the
idempotency keys of their retried requests, and the 12345 work orders with their
deadlines and the outbox of webhooks sent back to the platform.
"""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case, Deadline, EscalationRecord
from hotline.models import FollowUp
from zhanjiang_union.appendonly import AppendOnlyModel


class Scope(models.TextChoices):
    FILE = "complaints:file", _("File complaints")
    TRACK = "complaints:track", _("Track complaints")
    READ_CASES = "cases:read", _("Read the cases of its department")
    WORK_ORDERS = "work_orders", _("Exchange 12345 work orders")


class ApiClient(models.Model):
    """A partner system: a mobile client, the 12345 platform. Its token is shown once
    when issued; only its SHA-256 is kept, so a leaked database opens nothing."""

    name = models.CharField(_("name"), max_length=128, unique=True)
    scopes = models.JSONField(_("scopes"), default=list, blank=True)
    # Whose cases a client with the read scope sees.
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The account the client's actions are recorded under (timelines, calls): it
    # cannot log in.
    user = models.OneToOneField(
        "accounts.User", on_delete=models.PROTECT, related_name="api_client", editable=False
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_prefix = models.CharField(_("token starts with"), max_length=12, editable=False)
    rate = models.CharField(
        _("rate limit"),
        max_length=16,
        default="600/min",
        help_text=_("Requests per second, minute, hour or day, e.g. 600/min."),
    )
    webhook_url = models.URLField(_("webhook address"), blank=True)
    webhook_secret = models.CharField(
        _("webhook secret"), max_length=64, blank=True, editable=False
    )
    is_active = models.BooleanField(_("active"), default=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    rotated_at = models.DateTimeField(_("token issued at"), default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")

    def __str__(self) -> str:
        return self.name

    def has_scope(self, scope: str) -> bool:
        return scope in (self.scopes or [])


class ApiCall(AppendOnlyModel):
    """One call to the API: who, which endpoint (its route, never its values), the
    answer's status. No personal data: no body, no query string, no address."""

    client = models.ForeignKey(
        ApiClient, on_delete=models.SET_NULL, null=True, blank=True, related_name="calls"
    )
    method = models.CharField(max_length=8)
    endpoint = models.CharField(_("endpoint"), max_length=128)
    status = models.PositiveSmallIntegerField(_("status"))
    duration_ms = models.PositiveIntegerField(default=0)
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("API call")
        verbose_name_plural = _("API calls")

    def __str__(self) -> str:
        return f"{self.method} {self.endpoint} {self.status}"


class IdempotencyKey(models.Model):
    """The first answer to a request carrying an Idempotency-Key, per client: a retry
    with the same key and body gets it again instead of filing twice."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="+")
    # The key's SHA-256: with the raw key only the client can unseal a kept query code.
    key_hash = models.CharField(max_length=64)
    endpoint = models.CharField(max_length=128)
    request_hash = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField()
    response_body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "key_hash"], name="idempotency_key_once"),
        ]

    def __str__(self) -> str:
        return f"{self.client_id} {self.endpoint} {self.response_status}"


class WorkOrder(models.Model):
    """A 12345 work order (工单) dispatched to the union, with the union's side of it."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        SIGNED = "signed", _("Signed for")
        RETURNED = "returned", _("Sent back")
        REPLIED = "replied", _("Replied")
        RATED = "rated", _("Rated")

    # The citizen's rating is the case's satisfaction follow-up: one set of values.
    Rating = FollowUp.Result

    platform = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="work_orders")
    order_number = models.CharField(_("order number"), max_length=64)
    received_at = models.DateTimeField(_("received at the platform"))
    category_text = models.CharField(_("platform category"), max_length=64, blank=True)
    urgency = models.CharField(_("urgency"), max_length=8)
    sign_by = models.DateTimeField(_("sign for by"))
    reply_by = models.DateTimeField(_("reply by"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    call = models.OneToOneField(
        "hotline.Call", on_delete=models.PROTECT, related_name="work_order", verbose_name=_("call")
    )
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="work_orders", verbose_name=_("case")
    )
    signed_at = models.DateTimeField(_("signed for at"), null=True, blank=True)
    extensions = models.PositiveSmallIntegerField(_("extensions granted"), default=0)
    result = models.TextField(_("result"), blank=True)
    rating = models.CharField(
        _("rating"), max_length=16, choices=FollowUp.Result.choices, blank=True
    )
    rating_note = models.TextField(_("rating note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("12345 work order")
        verbose_name_plural = _("12345 work orders")
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "order_number"], name="work_order_number_once"
            ),
        ]

    def __str__(self) -> str:
        return self.order_number

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.RECEIVED, self.Status.SIGNED)


class WorkOrderDeadline(models.Model):
    """The platform's limits on an order (sign for, reply), kept like a case deadline:
    a stored due day and state, swept set-wise by cases.escalation."""

    class Kind(models.TextChoices):
        SIGN = "sign", _("Sign for the work order")
        REPLY = "reply", _("Reply to the work order")

    work_order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    due_at = models.DateTimeField(_("due at"))
    due_on = models.DateField(_("due on"))
    state = models.CharField(max_length=16, choices=Deadline.State.choices)
    met_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["work_order", "kind"], name="work_order_deadline_once"),
        ]
        indexes = [
            models.Index(
                fields=["state", "due_on"],
                condition=models.Q(met_at__isnull=True),
                name="work_order_deadline_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.work_order_id} {self.kind} {self.due_on}"


class WorkOrderEscalation(EscalationRecord):
    """A work-order limit crossing a level, once (unique per deadline and level)."""

    deadline = models.ForeignKey(
        WorkOrderDeadline, on_delete=models.CASCADE, related_name="escalations"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "level"], name="work_order_escalation_once_per_level"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deadline_id} {self.level}"


class WorkOrderRequest(models.Model):
    """Something only the platform may grant: more time to reply (延期申请) or taking the
    order back as not the union's business (退单申请). Nothing changes on the order until
    the platform decides; at most one request waits at a time."""

    class Kind(models.TextChoices):
        EXTENSION = "extension", _("More time")
        SEND_BACK = "send_back", _("Send back")

    class Decision(models.TextChoices):
        PENDING = "pending", _("Awaiting the platform")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    work_order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="requests")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    reason = models.TextField(_("reason"))
    # Extension: the reply limit asked for.
    reply_by = models.DateTimeField(_("reply by (asked)"), null=True, blank=True)
    decision = models.CharField(
        _("decision"), max_length=16, choices=Decision.choices, default=Decision.PENDING
    )
    decision_note = models.TextField(_("the platform's note"), blank=True)
    asked_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("asked by")
    )
    asked_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "id"]
        verbose_name = _("work-order request")
        verbose_name_plural = _("work-order requests")
        constraints = [
            models.UniqueConstraint(
                fields=["work_order"],
                condition=models.Q(decision="pending"),
                name="work_order_one_request_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.work_order_id} {self.kind} {self.decision}"


class WebhookDelivery(models.Model):
    """One event for a client's webhook: the outbox row. Sent until acknowledged (2xx),
    each try claimed with a conditional UPDATE so two workers never send it at once."""

    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="deliveries")
    work_order = models.ForeignKey(
        WorkOrder, on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries"
    )
    event_id = models.UUIDField(_("event id"), default=uuid.uuid4, unique=True, editable=False)
    event_type = models.CharField(_("event"), max_length=64)
    payload = models.JSONField()
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now, db_index=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(_("last status"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(delivered_at__isnull=True),
                name="webhook_delivery_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.event_id}"


class WebhookAttempt(AppendOnlyModel):
    """One try at delivering an event: the delivery log admins read."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="tries")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    status = models.PositiveSmallIntegerField(_("status"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=255, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("webhook attempt")
        verbose_name_plural = _("webhook attempts")
