"""The worker after closing: rating the handling on the tracking page (the same figure as
the follow-up calls), and asking for a reopening that the department head decides."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Case, MediationAgreement, ReopenRequest
from cases.views import TRACKED_SESSION_KEY
from cases.workflow import Outcome, Status
from hotline.models import FollowUp
from hotline.selectors import follow_ups_due, hotline_figures
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.notifications.models import Notification

TRACK = reverse("cases:track_result")


@pytest.fixture
def closed_case(make_case, role_users):
    case = make_case()
    Case.objects.filter(pk=case.pk).update(status=Status.AGREEMENT)
    # An agreement with nothing left to pay: it may close as performed.
    MediationAgreement.objects.create(
        case=case,
        signed_on=date(2026, 11, 2),
        amount_agreed=0,
        payment_due=date(2026, 11, 2),
        terms="恢复劳动关系。",
    )
    case.refresh_from_db()
    return services.case_transition(
        case=case,
        action="close",
        actor=role_users[Role.MEDIATOR],
        expected_version=case.version,
        outcome=Outcome.AGREEMENT_PERFORMED,
        note="协议已履行。",
    )


def _tracking(client, case):
    session = client.session
    session[TRACKED_SESSION_KEY] = case.pk
    session.save()


def test_the_worker_rates_a_closed_case_and_it_counts_with_the_follow_up_calls(client, closed_case):
    _tracking(client, closed_case)
    page = client.get(TRACK).content.decode()
    assert 'data-testid="rating"' in page and "基本满意" in page
    response = client.post(
        TRACK, {"form": "rating", "result": "fairly_satisfied", "note": "处理及时，金额偏少。"}
    )
    assert response.status_code == 302
    follow_up = FollowUp.objects.get(case=closed_case)
    assert (follow_up.source, follow_up.by, follow_up.result) == (
        FollowUp.Source.WORKER,
        None,
        "fairly_satisfied",
    )
    page = client.get(TRACK).content.decode()
    assert 'data-testid="rating"' not in page and 'data-testid="rating-given"' in page
    # No follow-up call is owed any more, and the dashboard's satisfaction figure counts it.
    assert closed_case not in follow_ups_due(days=30)
    today = timezone.localdate()
    figures = hotline_figures(start=today, end=today)
    assert figures["follow_ups_total"] == 1 and figures["satisfaction_rate"] == 1.0
    counts = [count for _label, count in figures["follow_ups_by_result"]]
    assert counts == [0, 1, 0]  # satisfied, fairly satisfied, dissatisfied


def test_a_rating_without_a_choice_is_refused_and_keeps_the_note(client, closed_case):
    _tracking(client, closed_case)
    response = client.post(TRACK, {"form": "rating", "note": "还没想好"})
    assert response.status_code == 400
    assert "还没想好" in response.content.decode()
    assert not FollowUp.objects.exists()


def test_an_open_case_offers_no_rating_and_refuses_one(client, make_case):
    case = make_case()
    _tracking(client, case)
    assert 'data-testid="rating"' not in client.get(TRACK).content.decode()
    client.post(TRACK, {"form": "rating", "result": "satisfied"})
    assert not FollowUp.objects.exists()


def test_a_reopen_request_reaches_the_head_who_accepts_it_and_the_case_reopens(
    client, closed_case, role_users
):
    head = role_users[Role.DEPARTMENT_HEAD]
    _tracking(client, closed_case)
    reason = "单位至今未按协议支付剩余工资。"
    response = client.post(TRACK, {"form": "reopen", "reason": reason}, follow=True)
    assert response.status_code == 200
    request = ReopenRequest.objects.get(case=closed_case)
    assert request.state == ReopenRequest.State.PENDING
    closed_case.refresh_from_db()
    assert closed_case.status == Status.CLOSED  # not reopened by itself
    page = response.content.decode()
    assert 'data-testid="reopen-request"' in page and 'name="reason"' not in page
    note = Notification.objects.get(recipient=head)
    assert closed_case.number in note.subject
    assert note.url == reverse("cases:detail", args=[closed_case.pk])

    staff = client.__class__()
    staff.force_login(head)
    detail = staff.get(note.url).content.decode()
    assert reason in detail and reverse("cases:reopen_decide", args=[request.pk]) in detail
    staff.post(reverse("cases:reopen_decide", args=[request.pk]), {"decision": "accept"})
    closed_case.refresh_from_db()
    request.refresh_from_db()
    assert closed_case.status == Status.INTAKE
    assert request.state == ReopenRequest.State.ACCEPTED and request.decided_by == head
    assert closed_case.events.filter(action="cases.case.reopen").exists()


def test_a_declined_request_needs_a_reason_that_the_worker_reads(client, closed_case, role_users):
    _tracking(client, closed_case)
    client.post(TRACK, {"form": "reopen", "reason": "仍有加班费未付。"})
    request = ReopenRequest.objects.get()
    staff = client.__class__()
    staff.force_login(role_users[Role.DEPARTMENT_HEAD])
    url = reverse("cases:reopen_decide", args=[request.pk])
    response = staff.post(url, {"decision": "decline", "note": ""})
    assert response.status_code == 400
    request.refresh_from_db()
    assert request.state == ReopenRequest.State.PENDING
    why = "加班费不在本次调解范围内，可另行申请仲裁。"
    staff.post(url, {"decision": "decline", "note": why})
    request.refresh_from_db()
    assert request.state == ReopenRequest.State.DECLINED
    closed_case.refresh_from_db()
    assert closed_case.status == Status.CLOSED
    page = client.get(TRACK).content.decode()
    assert why in page


def test_only_the_head_answers_a_request(client, closed_case, role_users):
    request = services.reopen_request_create(case=closed_case, reason="未履行。")
    client.force_login(role_users[Role.MEDIATOR])
    response = client.post(
        reverse("cases:reopen_decide", args=[request.pk]), {"decision": "accept"}
    )
    assert response.status_code == 403
    closed_case.refresh_from_db()
    assert closed_case.status == Status.CLOSED


def test_a_request_after_the_set_time_is_refused(client, closed_case, settings):
    settings.CASE_REOPEN_REQUEST_DAYS = 30
    Case.objects.filter(pk=closed_case.pk).update(closed_at=timezone.now() - timedelta(days=31))
    _tracking(client, closed_case)
    page = client.get(TRACK).content.decode()
    assert 'name="reason"' not in page
    response = client.post(TRACK, {"form": "reopen", "reason": "还没解决。"})
    assert not ReopenRequest.objects.exists()
    assert response.status_code == 409
    assert "30" in response.content.decode()
