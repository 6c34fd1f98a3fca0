from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One message to one user: shown in the portal's inbox, and also sent by
    e-mail when the user has an address. A failed send is kept visible.

    Or one message to an address with no account behind it (a complainant's filing
    receipt, a report mail): `to_phone` / `to_email`, no inbox. Either way the row is
    the outbox: written in the transaction of what it tells, sent after the commit and
    by the periodic pass until it goes (MAX_ATTEMPTS), each channel once."""

    MAX_ATTEMPTS = 20

    class Delivery(models.TextChoices):
        INBOX_ONLY = "inbox", _("Inbox only")
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Sending failed")
        # Its time limit ended (met, the case closed, the handoff acknowledged) before
        # it went out: nobody is texted about work already done.
        MOOT = "moot", _("Not sent: already resolved")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
    )
    to_phone = models.CharField(_("mobile number"), max_length=20, blank=True)
    to_email = models.EmailField(_("e-mail address"), blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    delivery = models.CharField(
        _("e-mail"), max_length=8, choices=Delivery.choices, default=Delivery.INBOX_ONLY
    )
    delivery_error = models.CharField(_("delivery error"), max_length=255, blank=True)
    attempts = models.PositiveSmallIntegerField(_("sending attempts"), default=0)
    # Each channel is stamped when it went, so a retry after a half-failed send does
    # not send the other one twice.
    email_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    sms_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # A receipt's text holds the query code: blanked once sent (the case keeps only
    # its hash), so the outbox does not keep codes in the clear.
    scrub_when_sent = models.BooleanField(default=False, editable=False)
    # What the message is about, where it is a case or one of its time limits: the
    # inbox links the case and shows a message whose time limit ended as resolved.
    case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    deadline = models.ForeignKey(
        "cases.Deadline", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=False)
                | ~models.Q(to_phone="")
                | ~models.Q(to_email=""),
                name="notification_has_an_addressee",
            )
        ]
        indexes = [
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
            # The sending task's queue: only the few rows still waiting.
            models.Index(
                fields=["id"],
                condition=models.Q(delivery="pending"),
                name="notification_pending",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def phone(self) -> str:
        return self.to_phone or (self.recipient.phone if self.recipient_id else "")

    @property
    def email(self) -> str:
        return self.to_email or (self.recipient.email if self.recipient_id else "")

    @property
    def is_resolved(self) -> bool:
        """Its time limit ended, or its case closed (needs deadline and case loaded)."""
        if self.deadline_id is not None and self.deadline.met_at is not None:
            return True
        return self.case_id is not None and self.case.status == "closed"
