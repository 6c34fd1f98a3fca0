"""The limitation period of a case in mediation: computed from the case (its filing and
handoffs interrupt it), watched on the deadline engine so the handler is warned weeks
before, and told to the worker in plain words."""

from datetime import date, datetime, time

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from cases import deadlines
from cases import services as case_services
from cases.models import Case, Deadline, DisputeCategory
from cases.views import TRACKED_SESSION_KEY
from performance.limitation_watch import limitation_event_add, limitation_facts_record
from performance.models import LimitationFacts
from zhanjiang_union.notifications.models import Notification

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def in_mediation(make_case, mediator, filed_on, **overrides):
    case = make_case(**overrides)
    Case.objects.filter(pk=case.pk).update(
        created_at=timezone.make_aware(datetime.combine(filed_on, time(10)))
    )
    case.refresh_from_db()
    return case_services.case_transition(
        case=case, action="accept_mediation", actor=mediator, expected_version=case.version
    )


def watch(case):
    return case.deadlines.filter(rule__key="arbitration_limitation", met_at__isnull=True).first()


def test_a_long_mediation_warns_the_handler_thirty_days_before(make_case, mediator, client):
    # Not about wages: the year runs from the infringement, and the filing interrupts it.
    case = in_mediation(
        make_case, mediator, date(2025, 12, 1),
        category=DisputeCategory.objects.get(code="dismissal"),
    )  # fmt: skip
    limitation_facts_record(
        case=case, knew_on=date(2025, 11, 20), job_ended=True, job_ended_on=date(2025, 11, 20),
        actor=mediator,
    )  # fmt: skip
    deadline = watch(case)
    # Filed 1 Dec 2025: a year later, 1 Dec 2026, a Tuesday.
    assert deadline.due_on == date(2026, 12, 1)
    assert deadline.soon_on == date(2026, 11, 2)  # 30 days' margin, the rule's due-soon

    deadlines.sweep(today=date(2026, 11, 2))
    deadline.refresh_from_db()
    assert deadline.state == Deadline.State.DUE_SOON
    assert Notification.objects.filter(recipient=case.handler, deadline=deadline).exists()

    session = client.session
    session[TRACKED_SESSION_KEY] = case.pk
    session.save()
    page = client.get(reverse("cases:track_result"), **ZH).content.decode()
    assert "您须在2026-12-01前申请劳动仲裁" in page


def test_a_claim_to_the_employer_restarts_the_watch_and_leaving_mediation_ends_it(
    make_case, mediator
):
    case = in_mediation(make_case, mediator, date(2025, 12, 1))
    limitation_facts_record(
        case=case, knew_on=date(2025, 11, 20), job_ended=True, job_ended_on=date(2025, 11, 20),
        actor=mediator,
    )  # fmt: skip
    # Wage arrears, the job ended 20 Nov 2025; the filing on 1 Dec interrupted: 1 Dec 2026.
    assert watch(case).due_on == date(2026, 12, 1)
    limitation_event_add(
        case=case, kind="claim", on=date(2026, 4, 6), until=None, note="书面催告", actor=mediator
    )
    # 6 Apr 2027: 2027's holidays are not loaded yet, counted on weekends only (a Tuesday).
    assert watch(case).due_on == date(2027, 4, 6)
    case = case_services.case_transition(
        case=Case.objects.get(pk=case.pk), action="mediation_failed", actor=mediator,
        expected_version=Case.objects.get(pk=case.pk).version, note="调解不成",
    )  # fmt: skip
    assert watch(case) is None


def test_wages_while_the_job_lasts_are_told_plainly(make_case, mediator, client):
    case = in_mediation(make_case, mediator, date(2026, 11, 2))
    limitation_facts_record(
        case=case, knew_on=date(2026, 10, 1), job_ended=False, job_ended_on=None, actor=mediator
    )
    assert watch(case) is None
    session = client.session
    session[TRACKED_SESSION_KEY] = case.pk
    session.save()
    page = client.get(reverse("cases:track_result"), **ZH).content.decode()
    assert "劳动关系存续期间，拖欠工资申请仲裁不受一年时效限制" in page


def test_the_complaint_says_when_the_worker_knew_and_the_tracking_page_answers(
    client, complaint_data
):
    cache.clear()
    data = {**complaint_data, "knew_on": "2026-03-02", "job_ended_on": "2026-04-30"}
    data["category"] = DisputeCategory.objects.get(code="dismissal").pk
    assert client.post(reverse("cases:complaint_new"), data).status_code == 302
    case = Case.objects.latest("pk")
    facts = LimitationFacts.objects.get(case=case)
    assert (facts.knew_on, facts.job_ended, facts.job_ended_on) == (
        date(2026, 3, 2), True, date(2026, 4, 30),
    )  # fmt: skip
    session = client.session
    session[TRACKED_SESSION_KEY] = case.pk
    session.save()
    text = client.get(reverse("cases:track_result"), **ZH).content.decode()
    # Filed today (1 Dec 2026 or later), which interrupts: a year from the filing day.
    filed = timezone.localtime(case.created_at).date()
    assert "如果调解未能解决您的争议，您须在" in text
    assert str(filed.year + 1) in text

    data["knew_on"] = "2099-01-01"
    response = client.post(reverse("cases:complaint_new"), data, **ZH)
    assert response.status_code == 400 and "不晚于今天" in response.content.decode()


def test_a_period_that_ran_out_before_the_filing_shows_as_expired(make_case, mediator, client):
    case = in_mediation(
        make_case, mediator, date(2026, 11, 2),
        category=DisputeCategory.objects.get(code="dismissal"),
    )  # fmt: skip
    limitation_facts_record(
        case=case, knew_on=date(2025, 6, 1), job_ended=True, job_ended_on=date(2025, 6, 1),
        actor=mediator,
    )  # fmt: skip
    # A year from 1 Jun 2025 ended on Monday 1 Jun 2026; the filing on 2 Nov came too late
    # to interrupt it: nothing is left to watch.
    assert watch(case) is None
    client.force_login(mediator)
    page = client.get(reverse("cases:detail", args=[case.pk]), **ZH).content.decode()
    assert "已届满" in page and "2026-06-01" in page and "2026-11-02" in page
    assert "您须在" not in page
    client.logout()
    session = client.session
    session[TRACKED_SESSION_KEY] = case.pk
    session.save()
    text = client.get(reverse("cases:track_result"), **ZH).content.decode()
    assert "由劳动人事争议仲裁委员会决定" in text and "2026-06-01" in text
