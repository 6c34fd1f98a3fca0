"""Time limits: computed on working days, extended, paused, swept and escalated once."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases import deadlines, services
from cases.models import Case, Deadline, DeadlineRule, EarlyWarning, Escalation
from leadership.models import RosterMember
from zhanjiang_union.accounts.models import Department
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.notifications.models import Notification
from zhanjiang_union.workdays.calendar import add_working_days

TODAY = date(2026, 11, 25)  # a Wednesday


def open_deadline(case, key, started_on):
    return deadlines.deadline_open(case=case, rule_key=key, started_on=started_on)


def test_a_new_complaint_gets_its_triage_deadline_and_mediation_replaces_it(make_case, role_users):
    case = make_case()
    triage = case.deadlines.get()
    assert triage.rule.key == "triage"
    assert triage.due_on == add_working_days(timezone.localdate(), 3)
    services.case_transition(
        case=case,
        action="accept_mediation",
        actor=role_users[Role.MEDIATOR],
        expected_version=case.version,
    )
    triage.refresh_from_db()
    assert triage.met_at is not None
    running = set(case.deadlines.filter(met_at__isnull=True).values_list("rule__key", flat=True))
    assert running == {"mediation", "mediation_handling"}


def test_working_days_skip_spring_festival_and_count_the_make_up_saturday(make_case):
    # 2026-02-13 Fri and 2026-02-14 (a make-up Saturday) are working days,
    # 2026-02-15..23 is the Spring Festival holiday: the 3rd working day is 02-24.
    triage = open_deadline(make_case(), "triage", date(2026, 2, 12))
    assert triage.due_on == date(2026, 2, 24)


def test_calendar_days_ending_in_national_day_move_to_the_next_working_day(make_case):
    # 15 days from 2026-09-20 end on 2026-10-05, inside the holiday (10-01..10-07).
    mediation = open_deadline(make_case(), "mediation", date(2026, 9, 20))
    assert mediation.due_on == date(2026, 10, 8)
    # Ending on the make-up Saturday 2026-10-10 does not move.
    assert open_deadline(make_case(), "mediation", date(2026, 9, 25)).due_on == date(2026, 10, 10)


def test_inspection_counts_working_days_across_national_day(make_case):
    # Five working days after 2026-09-29: 09-30, 10-08, 10-09, 10-10 (make-up), 10-12.
    acceptance = open_deadline(make_case(), "inspection_acceptance", date(2026, 9, 29))
    assert acceptance.due_on == date(2026, 10, 12)


def test_award_extension_into_a_year_whose_calendar_is_not_loaded(make_case, role_users):
    award = open_deadline(make_case(), "arbitration_award", date(2026, 11, 2))
    assert award.due_on == date(2026, 12, 17) and award.unloaded_year is None
    award = deadlines.deadline_extend(
        deadline=award,
        days=15,
        approver="仲裁委主任王某",
        reason="案情复杂",
        actor=role_users[Role.MEDIATOR],
    )
    # 2027's schedule is not published in the package: weekends only, and marked.
    assert award.due_on == date(2027, 1, 1)
    assert award.unloaded_year == 2027
    assert award.case.events.last().action == "cases.deadline.extended"
    with pytest.raises(deadlines.DeadlineError):
        deadlines.deadline_extend(
            deadline=award, days=1, approver="王某", reason="再延", actor=role_users[Role.MEDIATOR]
        )


def test_a_rule_without_extension_refuses_one(make_case, role_users):
    triage = make_case().deadlines.get()
    with pytest.raises(deadlines.DeadlineError):
        deadlines.deadline_extend(
            deadline=triage, days=2, approver="部长", reason="忙", actor=role_users[Role.MEDIATOR]
        )
    triage.refresh_from_db()
    assert triage.extended_by == 0


def test_paused_time_does_not_count(make_case, role_users):
    investigation = open_deadline(make_case(), "inspection_investigation", date(2026, 11, 2))
    before = investigation.due_on
    mediator = role_users[Role.MEDIATOR]
    deadlines.deadline_pause(
        deadline=investigation, reason="鉴定中", actor=mediator, today=date(2026, 11, 9)
    )
    deadlines.sweep(today=before + timedelta(days=30))
    investigation.refresh_from_db()
    assert (
        investigation.is_paused and investigation.state == Deadline.State.NORMAL
    )  # paused, not overdue
    # Paused Mon 11-09 to Mon 11-16: five working days do not count.
    resumed = deadlines.deadline_resume(
        deadline=investigation, actor=mediator, today=date(2026, 11, 16)
    )
    assert resumed.paused_days == 5
    assert resumed.due_on == add_working_days(before, 5)
    actions = list(resumed.case.events.values_list("action", flat=True))
    assert "cases.deadline.paused" in actions and "cases.deadline.resumed" in actions


@pytest.fixture
def escalation_setup(make_case, role_users, make_user):
    # Triage on ten working days, so a new case starts "normal": each test moves its
    # due date to the state it is about.
    DeadlineRule.objects.filter(key="triage").update(limit=10)
    rights = Department.objects.get(code="rights")
    leader = role_users[Role.LEADERSHIP]
    member = RosterMember.objects.get(name="邵平静")
    member.user = leader
    member.save()
    member.in_charge_of.add(rights)
    office_user = make_user(Role.LEADERSHIP, "office")
    RosterMember.objects.filter(is_office_director=True).update(user=office_user)
    case = make_case()
    case.handler = role_users[Role.MEDIATOR]
    case.save()
    return {"case": case, "leader": leader, "office": office_user, **role_users}


def inbox(user):
    return list(Notification.objects.filter(recipient=user).values_list("subject", flat=True))


def test_each_level_notifies_its_people_once(escalation_setup):
    case = escalation_setup["case"]
    triage = case.deadlines.get()
    tomorrow = TODAY + timedelta(days=1)
    Deadline.objects.filter(pk=triage.pk).update(due_on=tomorrow, soon_on=TODAY)
    for _ in range(2):
        deadlines.sweep(today=TODAY)
    assert [s for s in inbox(escalation_setup[Role.MEDIATOR]) if "即将到期" in s] != []
    assert Escalation.objects.filter(level="due_soon").count() == 1

    Deadline.objects.filter(pk=triage.pk).update(due_on=TODAY - timedelta(days=1))
    deadlines.sweep(today=TODAY)
    deadlines.sweep(today=TODAY)
    assert len([s for s in inbox(escalation_setup[Role.DEPARTMENT_HEAD]) if "已超期" in s]) == 1

    Deadline.objects.filter(pk=triage.pk).update(due_on=TODAY - timedelta(days=14))
    deadlines.sweep(today=TODAY)
    deadlines.sweep(today=TODAY)
    assert len([s for s in inbox(escalation_setup["leader"]) if "严重超期" in s]) == 1
    assert len([s for s in inbox(escalation_setup["office"]) if "严重超期" in s]) == 1
    assert Escalation.objects.count() == 3
    assert (
        Notification.objects.exclude(recipient=None).count() == 4
    )  # handler, head, leader in charge, office


def test_each_notification_names_the_case_its_time_limit_and_due_day(escalation_setup, client):
    case, head = escalation_setup["case"], escalation_setup[Role.DEPARTMENT_HEAD]
    triage = case.deadlines.select_related("rule").get()
    due = TODAY - timedelta(days=1)
    Deadline.objects.filter(pk=triage.pk).update(due_on=due)
    deadlines.sweep(today=TODAY)
    note = Notification.objects.get(recipient=head)
    assert note.subject == f"已超期：案件{case.number}的{triage.rule.label}时限"
    assert note.body == f"案件{case.number}的{triage.rule.label}时限到期日为{due.isoformat()}。"
    client.force_login(head)
    assert client.get(note.url).context["case"] == case  # the link opens the case
    assert Escalation.objects.get().notified == [head.pk]


def test_due_soon_goes_to_the_handler_or_else_to_the_heads(escalation_setup, make_case):
    handled, mediator = escalation_setup["case"], escalation_setup[Role.MEDIATOR]
    unhandled = make_case()
    left = make_case()
    left.handler = escalation_setup[Role.HOTLINE_OPERATOR]
    left.save()
    left.handler.is_active = False
    left.handler.save()
    Deadline.objects.update(due_on=TODAY + timedelta(days=1), soon_on=TODAY)
    deadlines.sweep(today=TODAY)
    head = escalation_setup[Role.DEPARTMENT_HEAD]
    told = dict(Escalation.objects.values_list("deadline__case", "notified"))
    assert told == {handled.pk: [mediator.pk], unhandled.pk: [head.pk], left.pk: [head.pk]}
    assert len(inbox(mediator)) == 1 and len(inbox(head)) == 2
    assert inbox(left.handler) == []


def test_a_missed_sweep_is_caught_up(escalation_setup):
    triage = escalation_setup["case"].deadlines.get()
    Deadline.objects.filter(pk=triage.pk).update(due_on=TODAY - timedelta(days=20))
    deadlines.sweep(today=TODAY)  # straight from normal to long overdue
    assert set(Escalation.objects.values_list("level", flat=True)) == {"overdue", "overdue_long"}
    assert inbox(escalation_setup[Role.DEPARTMENT_HEAD]) and inbox(escalation_setup["leader"])


def test_a_sweep_interrupted_while_notifying_is_finished_by_the_next(escalation_setup, monkeypatch):
    triage = escalation_setup["case"].deadlines.get()
    Deadline.objects.filter(pk=triage.pk).update(due_on=TODAY - timedelta(days=1))

    def crash(parts):
        raise RuntimeError("worker killed")

    # Killed while writing the notifications: the claim of the chunk rolls back with it.
    monkeypatch.setattr(deadlines.sweeping, "notify_rows", crash)
    with pytest.raises(RuntimeError):
        deadlines.sweep(today=TODAY)
    assert Escalation.objects.filter(notified_at__isnull=True).count() == 1
    assert Escalation.objects.get().notified == []
    assert Notification.objects.exclude(recipient=None).count() == 0  # the receipt aside
    monkeypatch.undo()
    deadlines.sweep(today=TODAY)
    deadlines.sweep(today=TODAY)
    assert len(inbox(escalation_setup[Role.DEPARTMENT_HEAD])) == 1


def test_sweep_query_count_does_not_grow_with_the_cases(make_case, role_users):
    def overdue_cases(count):
        for _ in range(count):
            case = make_case()
            Deadline.objects.filter(case=case).update(due_on=TODAY - timedelta(days=1))

    def sweep_queries():
        with CaptureQueriesContext(connection) as queries:
            deadlines.sweep(today=TODAY)
        return len(queries)

    overdue_cases(2)
    few = sweep_queries()
    overdue_cases(25)
    assert sweep_queries() == few


def test_early_warning_on_intake_reaches_the_leadership_at_once(make_case, role_users):
    case = make_case(workers_involved=12)
    assert set(case.warnings.values_list("reason", flat=True)) >= {"collective", "large_arrears"}
    assert any("预警" in s for s in inbox(role_users[Role.LEADERSHIP]))
    assert Notification.objects.filter(recipient=role_users[Role.LEADERSHIP]).count() == 1


def test_group_dispute_forming_warns_on_the_third_complaint(make_case, role_users):
    first, second = make_case(), make_case()
    assert not EarlyWarning.objects.exists()
    third = make_case(employer_name="湛江某某电子有限公司 ")
    assert list(third.warnings.values_list("reason", flat=True)) == ["group_forming"]
    assert not first.warnings.exists() and not second.warnings.exists()


def test_admin_can_recompute_open_deadlines_after_a_rule_change(make_case):
    case = make_case()
    triage = case.deadlines.get()
    DeadlineRule.objects.filter(key="triage").update(limit=5)
    assert deadlines.deadlines_recompute(reason="服务标准调整") == 1
    triage.refresh_from_db()
    assert triage.due_on == add_working_days(triage.started_on, 5)
    assert Case.objects.get(pk=case.pk).events.filter(action="cases.deadline.recomputed").exists()


def test_entering_a_holiday_recomputes_open_deadlines_and_says_so(
    make_case, django_capture_on_commit_callbacks
):
    from zhanjiang_union.workdays.models import CalendarDay

    case = make_case()
    award = open_deadline(case, "arbitration_award", date(2026, 11, 20))  # due 2027-01-04 (Mon)
    assert award.due_on == date(2027, 1, 4) and award.unloaded_year == 2027
    with django_capture_on_commit_callbacks(execute=True):
        CalendarDay.objects.create(date=date(2027, 1, 4), kind="holiday", name="元旦调休")
    award.refresh_from_db()
    assert award.due_on == date(2027, 1, 5)
    event = case.events.filter(action="cases.deadline.recomputed").get()
    assert "2027-01-05" in event.summary and event.note


def test_workbench_shows_and_filters_the_deadline_light(client, make_case, role_users):
    from django.urls import reverse

    late, on_time = make_case(), make_case(employer_name="另一家公司")
    Deadline.objects.filter(case=late).update(due_on=TODAY - timedelta(days=40))
    deadlines.case_summary_refresh(case_ids=[late.pk])  # as every service that moves a date does
    deadlines.sweep()
    client.force_login(role_users[Role.MEDIATOR])
    page = client.get(reverse("cases:workbench"), {"deadline": "overdue_long"}).content.decode()
    assert late.number in page and on_time.number not in page
    assert "严重超期" in page
    listing = client.get(reverse("cases:workbench")).content.decode()
    assert listing.index(late.number) < listing.index(on_time.number)  # next deadline first


def test_tracking_shows_the_next_deadline(client, make_case):
    from django.urls import reverse

    from cases.views import TRACKED_SESSION_KEY

    case = make_case()
    session = client.session
    session[TRACKED_SESSION_KEY] = case.pk
    session.save()
    page = client.get(reverse("cases:track_result")).content.decode()
    due = case.deadlines.get().due_on.isoformat()
    assert due in page.split('data-testid="next-deadline"')[1][:200]


def test_marking_a_mass_incident_alerts_the_leadership_once(client, make_case, role_users):
    from django.urls import reverse

    case = make_case()
    client.force_login(role_users[Role.MEDIATOR])
    url = reverse("cases:mass_incident", args=[case.pk])
    client.post(url, {"version": case.version, "note": "三十余名工人聚集厂门口"})
    case.refresh_from_db()
    client.post(url, {"version": case.version, "note": "再次标记"})
    assert case.is_mass_incident
    assert list(case.warnings.values_list("reason", flat=True)) == ["mass_incident"]
    assert Notification.objects.filter(recipient=role_users[Role.LEADERSHIP]).count() == 1


def test_the_case_keeps_its_most_pressing_deadline_for_lists(make_case, role_users):
    mediator = role_users[Role.MEDIATOR]
    case = make_case()
    triage = case.deadlines.get()
    case.refresh_from_db()
    assert (case.next_due_on, case.deadline_state) == (triage.due_on, triage.state)
    deadlines.deadline_pause(deadline=triage, reason="联系不上", actor=mediator)
    case.refresh_from_db()
    assert (case.next_due_on, case.deadline_state) == (None, "paused")
    deadlines.deadline_resume(deadline=triage, actor=mediator)
    services.case_transition(case=case, action="not_accept", actor=mediator,
                             expected_version=case.version + 0, outcome="not_accepted", note="不属于受理范围")  # fmt: skip
    case.refresh_from_db()
    assert (case.next_due_on, case.deadline_state) == (None, "")


def test_a_deadline_opened_already_due_soon_is_escalated_by_the_next_sweep(make_case, role_users):
    head = role_users[Role.DEPARTMENT_HEAD]
    # A window longer than the period (set in the database): due soon from filing.
    DeadlineRule.objects.filter(key="triage").update(due_soon=5)
    case = make_case()
    assert case.deadlines.get().state == Deadline.State.DUE_SOON
    deadlines.sweep(today=timezone.localdate())
    assert [s for s in inbox(head) if "即将到期" in s and case.number in s]


def test_the_nightly_reconciliation_restores_an_escalation_lost_all_the_same(escalation_setup):
    triage = escalation_setup["case"].deadlines.get()
    Deadline.objects.filter(pk=triage.pk).update(due_on=TODAY - timedelta(days=1))
    deadlines.sweep(today=TODAY)
    Escalation.objects.all().delete()  # say, restored from an older backup
    assert deadlines.sweep(today=TODAY)["escalations"] == 0  # nothing crosses any more
    assert deadlines.sweep(today=TODAY, reconcile=True)["escalations"] == 1
    assert Escalation.objects.get().level == Deadline.State.OVERDUE
