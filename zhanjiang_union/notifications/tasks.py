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
    """E-mail (and text, through the SMS adapter) each pending notification of these,
    claimed as `deliver_pending` claims them, so the two never send one twice."""
    from .models import Notification

    return _claim_and_deliver(
        Notification.objects.filter(pk__in=notification_ids), chunk=len(notification_ids)
    )


@shared_task
@heartbeat(Job.NOTIFICATION_DELIVERY)
def deliver_pending(*, chunk: int = 500) -> int:
    """Send every notification still waiting, a chunk per transaction, claimed with
    SKIP LOCKED where the database has it, so two workers never send one twice. Queued
    after a set-wise notification (the sweep's), and on the beat schedule to pick up any
    whose task was lost (a broker down or restarted before it was delivered) or whose
    sending failed (tried again on each pass until Notification.MAX_ATTEMPTS)."""
    from .models import Notification

    sent = 0
    while True:
        done = _claim_and_deliver(Notification.objects.all(), chunk=chunk)
        if done is None:
            return sent
        sent += done


def _claim_and_deliver(notes, *, chunk: int) -> int | None:
    """Claim up to `chunk` pending notes of `notes`, send them and record the outcome,
    in one transaction: a row another worker holds is skipped, and a row is sent again
    only if this one dies before committing. The number sent; None when none was
    pending."""
    from django.db import connection, transaction

    from .models import Notification

    with transaction.atomic():
        pending = notes.filter(delivery=Notification.Delivery.PENDING).order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            pending = pending.select_for_update(skip_locked=True, of=("self",))
        batch = list(pending.select_related("recipient")[: max(chunk, 1)])
        if not batch:
            return None
        return _deliver(batch)


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
    of stopping the others, and the note stays pending for the next pass until it has
    failed MAX_ATTEMPTS times. A note whose time limit has ended by now is not sent.
    The number sent."""
    from django.conf import settings
    from django.core.mail import EmailMessage
    from django.utils import timezone

    from .models import Notification

    sent = 0
    for note in _moot_set_aside(notes):
        body = note.body
        if note.url:
            body = f"{body}\n\n{settings.PUBLIC_BASE_URL}{note.url}"
        # An account's SMS is its subject (the inbox has the rest); a message to an
        # address alone (a receipt) has its whole text in the SMS.
        sms_text = note.subject if note.recipient_id else note.body
        changes = {"attempts": note.attempts + 1}
        try:
            if note.email and not note.email_sent_at:
                EmailMessage(note.subject, body, None, [note.email]).send()
                changes["email_sent_at"] = note.email_sent_at = timezone.now()
            if note.phone and not note.sms_sent_at:
                get_sms_backend().send(note.phone, sms_text)
                changes["sms_sent_at"] = timezone.now()
        except Exception as exc:  # any transport error: keep it visible, go on
            changes["delivery_error"] = type(exc).__name__
            if changes["attempts"] >= Notification.MAX_ATTEMPTS:
                changes["delivery"] = Notification.Delivery.FAILED
        else:
            changes.update(delivery=Notification.Delivery.SENT, delivery_error="")
            if note.scrub_when_sent:
                changes["body"] = ""
            sent += 1
        Notification.objects.filter(pk=note.pk).update(**changes)
    return sent
