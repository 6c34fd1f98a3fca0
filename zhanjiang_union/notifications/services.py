"""The notifier: one way for every part of the portal to tell someone something."""

import re
from collections.abc import Iterable
from typing import NamedTuple

from django.db import connection
from django.db.models import Case as SqlCase
from django.db.models import (
    CharField,
    Expression,
    F,
    IntegerField,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat
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
    _send_after_commit(
        [note.pk for note in notes if note.delivery == Notification.Delivery.PENDING]
    )
    return notes


def notify_address(
    *, phone: str = "", email: str = "", subject: str, body: str, secret: bool = False
) -> Notification | None:
    """A message to a phone number and/or an e-mail address with no account behind it:
    a complainant's filing receipt, a report mail. Written as an outbox row in the
    caller's transaction and sent after it commits (by the periodic pass too, until it
    goes), so the message stands or falls with what it tells. The SMS carries `body`.
    `secret`: the text holds a secret (a query code); it is blanked once sent.
    None when there is no address."""
    if not phone and not email:
        return None
    note = Notification.objects.create(
        recipient=None,
        to_phone=phone,
        to_email=email,
        subject=str(subject)[:200],
        body=body,
        delivery=Notification.Delivery.PENDING,
        scrub_when_sent=secret,
    )
    _send_after_commit([note.pk])
    return note


def _send_after_commit(notification_ids: list[int]) -> None:
    # Ids through the broker, never the text: the task reads it from the row. When
    # the broker is down the periodic pass (deliver_pending) sends them.
    if notification_ids:
        from zhanjiang_union.celery import enqueue_on_commit

        from .tasks import deliver_notifications

        enqueue_on_commit(deliver_notifications, notification_ids=notification_ids)


# --- Set-wise: many messages in one statement --------------------------------------------

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def message_expression(template: str, **values: Expression) -> Expression:
    """A message with %(name)s placeholders as a SQL expression, each placeholder
    filled from a column: the database writes the text of every row itself.
    `template` is already translated (gettext) in the language of the recipients."""
    parts, position = [], 0
    for match in PLACEHOLDER.finditer(template):
        if match.start() > position:
            parts.append(Value(template[position : match.start()]))
        parts.append(values[match.group(1)])
        position = match.end()
    if position < len(template):
        parts.append(Value(template[position:]))
    if len(parts) == 1:
        return parts[0]
    return Concat(*parts, output_field=TextField())


def messages_for(
    rows: QuerySet,
    *,
    to,
    subject: Expression,
    body: Expression,
    url: Expression,
    case: Expression | None = None,
    deadline: Expression | None = None,
) -> QuerySet:
    """One message per row of `rows`, as the columns of a notification: to one user
    (`to` a User) or to the user a row points at (`to` the path to a user foreign key,
    such as "deadline__case__handler"; rows whose user is gone or inactive get none);
    `case` and `deadline` the ids of what it is about, where it is about one.
    Give the result, or several, to `notify_rows`."""
    none = Cast(Value(None), IntegerField())
    if isinstance(to, str):
        rows = rows.filter(**{f"{to}__is_active": True})
        recipient = F(to)
        has_address = Q(**{f"{to}__email__gt": ""}) | Q(**{f"{to}__phone__gt": ""})
        delivery = SqlCase(
            When(has_address, then=Value(Notification.Delivery.PENDING)),
            default=Value(Notification.Delivery.INBOX_ONLY),
            output_field=CharField(),
        )
    else:
        recipient = Value(to.pk)
        delivery = Value(
            Notification.Delivery.PENDING
            if to.email or to.phone
            else Notification.Delivery.INBOX_ONLY
        )
    return (
        rows.annotate(
            n_recipient=recipient,
            n_subject=subject,
            n_body=body,
            n_url=url,
            n_delivery=delivery,
            n_case=case if case is not None else none,
            n_deadline=deadline if deadline is not None else none,
        )
        .values("n_recipient", "n_subject", "n_body", "n_url", "n_delivery", "n_case", "n_deadline")
        .order_by()
    )


def notify_rows(parts: list[QuerySet]) -> int:
    """Put the messages of `parts` (from `messages_for`) in their recipients' inboxes in
    one INSERT … SELECT, however many there are, and have those with an address sent
    after the transaction commits. The number of notifications."""
    if not parts:
        return 0
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    sql, params = union.query.sql_with_params()
    table = Notification._meta.db_table
    with connection.cursor() as cursor:
        # Column names are our own; every value is a parameter.
        cursor.execute(
            f"INSERT INTO {table} (recipient_id, subject, body, url, delivery, "  # noqa: S608
            "delivery_error, created_at, to_phone, to_email, attempts, scrub_when_sent, "
            "case_id, deadline_id) "
            # Subjects are cut to their column's 200 characters, as notify_many does.
            "SELECT m.n_recipient, substr(m.n_subject, 1, 200), m.n_body, m.n_url, "
            f"m.n_delivery, %s, %s, %s, %s, %s, %s, m.n_case, m.n_deadline FROM ({sql}) AS m",
            ["", timezone.now(), "", "", 0, False, *params],
        )
        created = max(cursor.rowcount, 0)
    if created:
        from zhanjiang_union.celery import enqueue_on_commit

        from .tasks import deliver_pending

        enqueue_on_commit(deliver_pending)
    return created


def notification_mark_read(*, user, notification_id: int | None = None) -> int:
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())
