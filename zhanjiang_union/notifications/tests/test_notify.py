from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.notifications.backends import MemorySmsBackend
from zhanjiang_union.notifications.models import Notification
from zhanjiang_union.notifications.services import notify


def test_inbox_email_and_sms_and_the_unread_count(
    client, role_users, django_capture_on_commit_callbacks
):
    head = role_users[Role.DEPARTMENT_HEAD]
    head.email, head.phone = "head@zjgh.example", "13900139000"
    head.save()
    MemorySmsBackend.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[head, head], subject="已超期：案件X", body="请督办", url="/cases/")
    assert [m.subject for m in mail.outbox] == ["已超期：案件X"]
    assert MemorySmsBackend.outbox == [("13900139000", "已超期：案件X")]
    assert Notification.objects.get().delivery == Notification.Delivery.SENT

    client.force_login(head)
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="unread-count">1<' in page
    assert "已超期：案件X" in client.get(reverse("notifications:inbox")).content.decode()
    client.post(reverse("notifications:read_all"))
    assert 'data-testid="unread-count"' not in client.get(reverse("home")).content.decode()


def test_a_failed_send_is_recorded_others_still_go_and_it_is_tried_again(
    role_users, django_capture_on_commit_callbacks
):
    from zhanjiang_union.notifications.tasks import deliver_pending

    head, mediator = role_users[Role.DEPARTMENT_HEAD], role_users[Role.MEDIATOR]
    for user, address in ((head, "head@zjgh.example"), (mediator, "m@zjgh.example")):
        user.email = address
        user.save()
    real_send = mail.EmailMessage.send

    def flaky(message, *args, **kwargs):
        if "head@" in message.to[0]:
            raise ConnectionRefusedError
        return real_send(message, *args, **kwargs)

    with mock.patch.object(mail.EmailMessage, "send", flaky):
        with django_capture_on_commit_callbacks(execute=True):
            notify(recipients=[head, mediator], subject="通知", body="")
    states = dict(Notification.objects.values_list("recipient__username", "delivery"))
    assert states[head.username] == "pending" and states[mediator.username] == "sent"
    failed = Notification.objects.get(recipient=head)
    assert (failed.delivery_error, failed.attempts) == ("ConnectionRefusedError", 1)
    # The periodic pass tries it again until it goes; the other is not sent twice.
    assert deliver_pending() == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["head@zjgh.example", "m@zjgh.example"]
    failed.refresh_from_db()
    assert (failed.delivery, failed.delivery_error) == ("sent", "")


def test_a_message_that_never_goes_is_marked_failed_after_the_last_attempt(role_users):
    from zhanjiang_union.notifications.tasks import deliver_pending

    head = role_users[Role.DEPARTMENT_HEAD]
    head.email = "head@zjgh.example"
    head.save()
    notify(recipients=[head], subject="通知")
    with mock.patch.object(mail.EmailMessage, "send", side_effect=ConnectionRefusedError):
        for _attempt in range(Notification.MAX_ATTEMPTS):
            deliver_pending()
    note = Notification.objects.get()
    assert (note.delivery, note.attempts) == ("failed", Notification.MAX_ATTEMPTS)
    assert deliver_pending() == 0


def test_nobody_reads_anothers_inbox(client, role_users):
    notify(recipients=[role_users[Role.LEADERSHIP]], subject="预警：机密")
    client.force_login(role_users[Role.MEDIATOR])
    assert "机密" not in client.get(reverse("notifications:inbox")).content.decode()
    note = Notification.objects.get()
    client.post(reverse("notifications:read", args=[note.pk]))
    note.refresh_from_db()
    assert note.read_at is None


def test_sweep_notifications_are_sent_after_the_sweep_commits(
    escalation_ready, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from cases import deadlines

    head = escalation_ready
    with django_capture_on_commit_callbacks(execute=True):
        deadlines.sweep(today=timezone.localdate() + timedelta(days=30))
    notes = Notification.objects.filter(recipient=head)
    assert {note.delivery for note in notes} == {Notification.Delivery.SENT}
    assert sorted(m.subject for m in mail.outbox) == sorted(note.subject for note in notes)
    assert any("已超期" in note.subject for note in notes)


def test_a_lost_sending_task_is_made_good_by_the_periodic_one(role_users):
    from zhanjiang_union.notifications.tasks import deliver_pending

    head = role_users[Role.DEPARTMENT_HEAD]
    head.email = "head@zjgh.example"
    head.save()
    # Queued, but the task never ran (the broker restarted).
    notify(recipients=[head], subject="已超期：案件Y")
    assert Notification.objects.get().delivery == Notification.Delivery.PENDING
    assert deliver_pending() == 1
    assert deliver_pending() == 0  # sent once, not again
    assert [m.subject for m in mail.outbox] == ["已超期：案件Y"]


@pytest.fixture
def escalation_ready(role_users, make_case):
    head = role_users[Role.DEPARTMENT_HEAD]
    head.email = "head@zjgh.example"
    head.save()
    make_case()  # in the rights department, no handler: overdue goes to its head
    return head
