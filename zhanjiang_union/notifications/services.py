"""The notifier: one way for every part of the portal to tell someone something."""

from collections.abc import Iterable
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from .models import Notification


class Message(NamedTuple):
    recipient: object  # a User
    subject: str
    body: str = ""
    url: str = ""


def notify(
    *, recipients: Iterable, subject: str, body: str = "", url: str = ""
) -> list[Notification]:
    """The same message to several users (each at most once)."""
    unique = {user.pk: user for user in recipients if user is not None}
    return notify_many([Message(user, subject, body, url) for user in unique.values()])


def notify_many(messages: list[Message]) -> list[Notification]:
    """Put each message in its recipient's inbox, and e-mail or text those with
    an address or a mobile number on their account.

    One INSERT for all of them; sending happens in a Celery task after the
    transaction commits, so a slow or failing mail server never holds up (or
    rolls back) the caller.
    """
    notes = Notification.objects.bulk_create(
        Notification(
            recipient=message.recipient,
            subject=str(message.subject)[:200],
            body=message.body,
            url=message.url,
            delivery=(
                Notification.Delivery.PENDING
                if message.recipient.email or message.recipient.phone
                else Notification.Delivery.INBOX_ONLY
            ),
        )
        for message in messages
        if message.recipient is not None and message.recipient.is_active
    )
    to_send = [note.pk for note in notes if note.delivery == Notification.Delivery.PENDING]
    if to_send:
        from .tasks import deliver_notifications

        transaction.on_commit(lambda: deliver_notifications.delay(notification_ids=to_send))
    return notes


def notification_mark_read(*, user, notification_id: int | None = None) -> int:
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())
