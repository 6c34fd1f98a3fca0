from celery import shared_task
from django.core.mail import send_mail

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


def _moot_set_aside(notes) -> list:
    """The notes still worth sending: those whose time limit ended before they went out
    (met, the case closed, the handoff acknowledged) are marked moot, in one UPDATE."""
    from django.db.models import Q

    from .models import Notification

    notes = list(notes)
    ids = [note.pk for note in notes if note.deadline_id is not None or note.case_id is not None]
    if not ids:
        return notes
    ended = Q(deadline__met_at__isnull=False) | Q(case__status="closed")
    moot = set(Notification.objects.filter(ended, pk__in=ids).values_list("pk", flat=True))
    if moot:
        Notification.objects.filter(pk__in=moot).update(delivery=Notification.Delivery.MOOT)
    return [note for note in notes if note.pk not in moot]


def _deliver(notes) -> int:
    """Send each note; a failure is recorded on its row (and shown to admins) instead
    of stopping the others. The number sent. A note whose time limit has ended by now is
    not sent."""
    from django.conf import settings
    from django.core.mail import EmailMessage

    from .models import Notification

    sent = 0
    for note in _moot_set_aside(notes):
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
