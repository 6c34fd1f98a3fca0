"""Concurrent filing and editing, on PostgreSQL's real row locks."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from cases import services
from cases.models import Case, DisputeCategory, District, Industry
from zhanjiang_union.accounts.roles import Role

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_in_threads(count: int, work):
    barrier = threading.Barrier(count)

    def runner(index):
        try:
            barrier.wait()
            return work(index)
        finally:
            connection.close()  # each thread has its own connection

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(runner, range(count)))


def test_case_numbers_unique_and_gap_free_under_concurrent_filing(seeded):
    district, category = District.objects.first(), DisputeCategory.objects.first()

    def file(index):
        case, _code = services.case_create(
            complainants=[services.ComplainantInput(name=f"职工{index}", id_number="11010519491231002X", phone="13800138000")],
            employer_name="湛江某厂", district=district, industry=Industry.MANUFACTURING,
            category=category, facts="欠薪", demand="付薪", channel="web",
        )  # fmt: skip
        return case.sequence

    sequences = run_in_threads(8, file)
    assert sorted(sequences) == list(range(1, 9))
    assert Case.objects.values("number").distinct().count() == 8


def test_second_of_two_concurrent_edits_is_refused(seeded, make_case, role_users):
    case = make_case()
    mediator, head = role_users[Role.MEDIATOR], role_users[Role.DEPARTMENT_HEAD]
    opened_at = case.version

    def act(index):
        try:
            if index == 0:
                services.case_transition(
                    case=case, action="accept_mediation", actor=mediator, expected_version=opened_at
                )
            else:
                services.case_transition(
                    case=case, action="hand_to_petition", actor=head, expected_version=opened_at,
                    handoff=services.HandoffInput(sent_on=case.created_at.date()),
                )  # fmt: skip
            return "saved"
        except services.CaseChanged as refused:
            return refused.message

    results = run_in_threads(2, act)
    assert results.count("saved") == 1
    refusal = next(r for r in results if r != "saved")
    winner = mediator if results[0] == "saved" else head
    assert str(winner) in refusal and "刷新页面" in refusal
    case.refresh_from_db()
    assert case.version == opened_at + 1
    assert case.events.count() == 2  # filed + the one move that won


def test_two_sweeps_at_once_escalate_and_notify_once(seeded, make_case, role_users):
    from datetime import timedelta

    from cases import deadlines
    from cases.models import Deadline, Escalation
    from zhanjiang_union.notifications.models import Notification

    head = role_users[Role.DEPARTMENT_HEAD]
    for _ in range(40):
        case = make_case()
        Deadline.objects.filter(case=case).update(due_on=case.created_at.date() - timedelta(days=2))
    run_in_threads(2, lambda index: deadlines.sweep(notify_chunk=7))
    assert Escalation.objects.filter(level="overdue").count() == 40
    assert Escalation.objects.filter(notified_at__isnull=True).count() == 0
    # Each escalation told the head once.
    assert Notification.objects.filter(recipient=head, subject__startswith="已超期").count() == 40
    assert Notification.objects.filter(recipient=head).count() == Escalation.objects.count()
