"""Outbound webhooks: each event of a work order, signed and sent to the platform until
it acknowledges it.

The outbox is `WebhookDelivery`: one row per event, written in the transaction of the
step it reports, so a step and its event commit together or not at all. A send is
claimed with a conditional UPDATE (not delivered, not claimed by a live lease, due), so
two workers, or a worker and an admin's retry, never send the same event at once; a
failed try schedules the next with exponential backoff.

Signature (docs/api.md): headers

    Zjgh-Event-Id: <uuid>          the same on every try: the receiver de-duplicates on it
    Zjgh-Timestamp: <unix seconds> the time of this try
    Zjgh-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>

`verify` is the receiver's side, used by the stand-in platform of the tests and given
to partners as the reference.
"""

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ApiClient, WebhookAttempt, WebhookDelivery, WorkOrder

EVENT_HEADER = "Zjgh-Event-Id"
TIMESTAMP_HEADER = "Zjgh-Timestamp"
SIGNATURE_HEADER = "Zjgh-Signature"
# How long a claim holds a row: longer than a request's time limit.
LEASE = timedelta(minutes=2)
BACKOFF_FIRST = timedelta(seconds=30)
BACKOFF_MAX = timedelta(hours=6)


class WebhookRefused(Exception):
    """Not a webhook of ours, or a stale replay of one: answer 401, change nothing."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class WebhookDuplicate(WebhookRefused):
    """Ours, and already received (we retried after an answer that did not reach us):
    acknowledge it with a 2xx, and do nothing again."""


def body_bytes(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def signature(secret: str, timestamp: int, body: bytes) -> str:
    signed = str(timestamp).encode() + b"." + body
    return "v1=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def verify(
    *,
    secret: str,
    headers,
    body: bytes,
    seen=None,
    now: float | None = None,
    tolerance: int | None = None,
) -> str:
    """Check a received webhook; returns its event id, or raises WebhookRefused.

    `seen`: the event ids already accepted (a set, or anything with `in` and `add`); one
    of them again raises WebhookDuplicate. A timestamp further than `tolerance` seconds
    from now is refused, so a captured request cannot be replayed later with its old
    signature, and a changed body or timestamp no longer matches the signature."""
    tolerance = settings.WEBHOOK_TOLERANCE_SECONDS if tolerance is None else tolerance
    event_id = headers.get(EVENT_HEADER) or ""
    stamp = headers.get(TIMESTAMP_HEADER) or ""
    given = headers.get(SIGNATURE_HEADER) or ""
    if not (event_id and stamp.isdigit() and given):
        raise WebhookRefused("missing signature headers")
    if abs((time.time() if now is None else now) - int(stamp)) > tolerance:
        raise WebhookRefused("timestamp outside the tolerance")
    if not hmac.compare_digest(signature(secret, int(stamp), body), given):
        raise WebhookRefused("signature does not match")
    if json.loads(body).get("event_id") != event_id:
        raise WebhookRefused("event id differs from the body's")
    if seen is not None:
        if event_id in seen:
            raise WebhookDuplicate("event already received")
        seen.add(event_id)
    return event_id


# --- The outbox -------------------------------------------------------------------------


def event_enqueue(*, client: ApiClient, event_type: str, data: dict, work_order=None):
    """Write the event's outbox row in the caller's transaction; send it after commit."""
    delivery = WebhookDelivery(client=client, work_order=work_order, event_type=event_type)
    delivery.payload = {
        "event_id": str(delivery.event_id),
        "type": event_type,
        "occurred_at": timezone.now().isoformat(),
        "data": data,
    }
    delivery.save()
    if client.webhook_url:
        from .tasks import webhook_deliver

        transaction.on_commit(lambda: webhook_deliver.delay(delivery.pk))
    return delivery


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, 4 min … at most 6 h between tries."""
    return min(BACKOFF_FIRST * (2 ** max(attempts - 1, 0)), BACKOFF_MAX)


def _claim(delivery_id: int, now: datetime) -> bool:
    return bool(
        WebhookDelivery.objects.filter(
            Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
            pk=delivery_id,
            delivered_at__isnull=True,
            next_attempt_at__lte=now,
        ).update(claimed_until=now + LEASE, attempts=F("attempts") + 1)
    )


def deliver(delivery_id: int, *, now: datetime | None = None) -> bool | None:
    """One try at sending an event: True delivered, False failed (the next try is
    scheduled), None not claimed (delivered already, not due, or another worker's)."""
    now = now or timezone.now()
    if not _claim(delivery_id, now):
        return None
    delivery = WebhookDelivery.objects.select_related("client").get(pk=delivery_id)
    client = delivery.client
    body = body_bytes(delivery.payload)
    stamp = int(now.timestamp())
    if not client.webhook_url.startswith(("https://", "http://")):
        raise WebhookRefused("webhook address must be http(s)")
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
        client.webhook_url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            EVENT_HEADER: str(delivery.event_id),
            TIMESTAMP_HEADER: str(stamp),
            SIGNATURE_HEADER: signature(client.webhook_secret, stamp, body),
        },
    )
    status, error = None, ""
    started = time.monotonic()
    try:
        timeout = settings.WEBHOOK_TIMEOUT_SECONDS
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
            status = answer.status
    except urllib.error.HTTPError as refusal:
        status, error = refusal.code, f"HTTP {refusal.code}"
    except (urllib.error.URLError, TimeoutError, OSError) as failure:
        reason = getattr(failure, "reason", failure)
        error = _("no answer: %(reason)s") % {"reason": reason}
    duration_ms = int((time.monotonic() - started) * 1000)
    ok = status is not None and 200 <= status < 300
    WebhookAttempt.objects.create(
        delivery=delivery, status=status, error=str(error)[:255], duration_ms=duration_ms
    )
    fields = {"last_status": status, "last_error": str(error)[:255], "claimed_until": None}
    if ok:
        fields["delivered_at"] = timezone.now()
    else:
        fields["next_attempt_at"] = now + backoff(delivery.attempts)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(**fields)
    return ok


def deliver_due(*, now: datetime | None = None, limit: int = 200) -> dict[str, int]:
    """Every event due for a try (first sends whose task was lost, and retries)."""
    now = now or timezone.now()
    due = (
        WebhookDelivery.objects.filter(delivered_at__isnull=True, next_attempt_at__lte=now)
        .exclude(client__webhook_url="")
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    counts = {"delivered": 0, "failed": 0}
    for delivery_id in list(due):
        result = deliver(delivery_id, now=now)
        if result is not None:
            counts["delivered" if result else "failed"] += 1
    return counts


def delivery_retry_now(*, delivery: WebhookDelivery) -> None:
    """An admin's "retry now": due at once, sent by a task."""
    from .tasks import webhook_deliver

    WebhookDelivery.objects.filter(pk=delivery.pk, delivered_at__isnull=True).update(
        next_attempt_at=timezone.now()
    )
    transaction.on_commit(lambda: webhook_deliver.delay(delivery.pk))


def work_order_event(work_order: WorkOrder, event_type: str, **data) -> WebhookDelivery:
    return event_enqueue(
        client=work_order.platform,
        event_type=event_type,
        work_order=work_order,
        data={"order_number": work_order.order_number, **data},
    )
