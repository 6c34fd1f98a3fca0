from celery import shared_task
from django.core.mail import send_mail

from zhanjiang_union.monitoring.models import Job
from zhanjiang_union.monitoring.services import heartbeat

from .backends import get_sms_backend

# Delivery talks to outside gateways that fail now and then: retry with
# back-off rather than lose the message or block whoever queued it.
RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "max_retries": 5}


@shared_task(**RETRY)
def deliver_email(*, subject: str, body: str, recipients: list[str]) -> int:
    return send_mail(subject, body, None, recipients)


@shared_task(**RETRY)
def deliver_sms(*, phone: str, text: str) -> None:
    get_sms_backend().send(phone, text)


@shared_task
def deliver_notifications(*, notification_ids: list[int]) -> int:
    """E-mail (and text, through the SMS adapter) each pending notification of these."""
    from .models import Notification

    return _deliver(
        Notification.objects.filter(
            pk__in=notification_ids, delivery=Notification.Delivery.PENDING
        ).select_related("recipient")
    )


@shared_task
@heartbeat(Job.NOTIFICATION_DELIVERY)
def deliver_pending(*, chunk: int = 500) -> int:
    """Send every notification still waiting, a chunk per transaction, claimed with
    SKIP LOCKED where the database has it, so two workers never send one twice. Queued
    after a set-wise notification (the sweep's), and on the beat schedule to pick up any
    whose task was lost (a broker restarted before it was delivered)."""
    from django.db import connection, transaction

    from .models import Notification

    sent = 0
    while True:
        with transaction.atomic():
            pending = Notification.objects.filter(delivery=Notification.Delivery.PENDING).order_by(
                "pk"
            )
            if connection.features.has_select_for_update_skip_locked:
                pending = pending.select_for_update(skip_locked=True, of=("self",))
            batch = list(pending.select_related("recipient")[:chunk])
            if not batch:
                return sent
            sent += _deliver(batch)


def _deliver(notes) -> int:
    """Send each note; a failure is recorded on its row (and shown to admins) instead
    of stopping the others. The number sent."""
    from django.conf import settings
    from django.core.mail import EmailMessage

    from .models import Notification

    sent = 0
    for note in notes:
        body = note.body
        if note.url:
            body = f"{body}\n\n{settings.PUBLIC_BASE_URL}{note.url}"
        try:
            if note.recipient.email:
                EmailMessage(note.subject, body, None, [note.recipient.email]).send()
            if note.recipient.phone:
                get_sms_backend().send(note.recipient.phone, note.subject)
        except Exception as exc:  # any transport error: keep it visible, go on
            Notification.objects.filter(pk=note.pk).update(
                delivery=Notification.Delivery.FAILED, delivery_error=type(exc).__name__
            )
        else:
            Notification.objects.filter(pk=note.pk).update(delivery=Notification.Delivery.SENT)
            sent += 1
    return sent
