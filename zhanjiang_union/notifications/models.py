from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One message to one user: shown in the portal's inbox, and also sent by
    e-mail when the user has an address. A failed send is kept visible."""

    class Delivery(models.TextChoices):
        INBOX_ONLY = "inbox", _("Inbox only")
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Sending failed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    delivery = models.CharField(
        _("e-mail"), max_length=8, choices=Delivery.choices, default=Delivery.INBOX_ONLY
    )
    delivery_error = models.CharField(_("delivery error"), max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
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
