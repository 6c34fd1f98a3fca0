"""Handing a case down (交办) and reporting it up (上报) along the grid, the receiver's
acknowledgement on the deadline engine, and escalation up the tree."""

from datetime import date, datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from cases import deadlines
from cases.models import Deadline, DeadlineRule, Escalation, Handoff
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.notifications.models import Notification

TODAY = date(2026, 11, 25)  # a Wednesday
MET = timezone.make_aware(datetime.combine(TODAY, time(9)))  # a deadline met that morning


def _hand_on(client, case, direction, organisation, reason="更便于就近调解"):
    return client.post(
        reverse("cases:hand_on", args=[case.pk, direction]),
        {"version": case.version, "organisation": organisation.pk, "reason": reason},
        follow=True,
    )


def test_the_county_hands_down_and_the_township_signs_for_it(
    client, grid, grid_user, leizhou_cases
):
    county_head = grid_user(Role.DEPARTMENT_HEAD, "leizhou")
    kelu_head = grid_user(Role.DEPARTMENT_HEAD, "leizhou-kelu")
    case = leizhou_cases["leizhou"]
    client.force_login(county_head)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert reverse("cases:hand_on", args=[case.pk, "down"]) in page

    response = _hand_on(client, case, "down", grid["leizhou-kelu"])
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.organisation == grid["leizhou-kelu"] and case.handler is None
    handoff = Handoff.objects.get(case=case)
    ack = Deadline.objects.get(handoff=handoff)
    assert ack.rule.key == "handoff_ack" and ack.met_at is None
    detail = reverse("cases:detail", args=[case.pk])
    assert Notification.objects.filter(recipient=kelu_head, url=detail).exists()
    # The county still reads it, but now it is the township's to work.
    assert client.get(detail).status_code == 200
    assert client.get(reverse("cases:handoff_ack", args=[handoff.pk])).status_code == 403

    client.force_login(kelu_head)
    signed = client.post(
        reverse("cases:handoff_ack", args=[handoff.pk]),
        {"acknowledged_by_name": "吴海燕", "note": ""},
        follow=True,
    )
    assert signed.status_code == 200
    ack.refresh_from_db()
    assert ack.met_at is not None
    timeline = client.get(detail).content.decode()
    assert "交办至客路镇总工会" in timeline and "客路镇总工会已签收" in timeline
    assert "更便于就近调解" in timeline


def test_a_case_is_handed_down_only_below_and_reported_up_only_above(
    client, grid, grid_user, leizhou_cases
):
    kelu_head = grid_user(Role.DEPARTMENT_HEAD, "leizhou-kelu")
    case = leizhou_cases["kelu"]
    client.force_login(kelu_head)
    # 附城镇 is a neighbour, not below 客路镇: not offered, and refused if sent.
    refused = _hand_on(client, case, "down", grid["leizhou-fucheng"])
    assert refused.status_code == 400
    assert "更便于就近调解" in refused.content.decode()  # what was typed stays
    case.refresh_from_db()
    assert case.organisation == grid["leizhou-kelu"]
    # A reason is required.
    assert _hand_on(client, case, "up", grid["leizhou"], reason=" ").status_code == 400

    reported = _hand_on(client, case, "up", grid["leizhou"], reason="涉及多镇职工，需县总协调")
    # Reported up, the township no longer reads it: back to its workbench, without it.
    assert reported.status_code == 200
    assert reported.redirect_chain[-1][0] == reverse("cases:workbench")
    case.refresh_from_db()
    assert case.organisation == grid["leizhou"]
    assert case.number not in reported.content.decode()
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404


def _overdue(case, days):
    DeadlineRule.objects.filter(key="triage").update(limit=10)
    Deadline.objects.filter(case=case).update(due_on=TODAY - timedelta(days=days))


def test_an_overdue_township_case_goes_up_the_tree(grid_user, leizhou_cases, role_users):
    kelu_head = grid_user(Role.DEPARTMENT_HEAD, "leizhou-kelu")
    county_head = grid_user(Role.DEPARTMENT_HEAD, "leizhou")
    fucheng_head = grid_user(Role.DEPARTMENT_HEAD, "leizhou-fucheng")
    city_head = role_users[Role.DEPARTMENT_HEAD]
    case = leizhou_cases["kelu"]
    others = [c for where, c in leizhou_cases.items() if where != "kelu"]
    for other in others:
        Deadline.objects.filter(case=other).update(met_at=MET)

    _overdue(case, 1)
    deadlines.sweep(today=TODAY)
    overdue = Escalation.objects.get(deadline__case=case, level="overdue")
    assert sorted(overdue.notified) == sorted([kelu_head.pk, county_head.pk])

    _overdue(case, 20)
    deadlines.sweep(today=TODAY)
    long_overdue = Escalation.objects.get(deadline__case=case, level="overdue_long")
    told = set(long_overdue.notified)
    assert {kelu_head.pk, county_head.pk} <= told
    # Then the city: its leaders in charge and office, or the administrators when none.
    assert told - {kelu_head.pk, county_head.pk}
    assert fucheng_head.pk not in told and city_head.pk not in told


def test_an_unsigned_handoff_escalates_to_the_receiver(client, grid, grid_user, leizhou_cases):
    county_head = grid_user(Role.DEPARTMENT_HEAD, "leizhou")
    kelu_head = grid_user(Role.DEPARTMENT_HEAD, "leizhou-kelu")
    case = leizhou_cases["leizhou"]
    client.force_login(county_head)
    _hand_on(client, case, "down", grid["leizhou-kelu"])
    Deadline.objects.filter(case=case).exclude(rule__key="handoff_ack").update(met_at=MET)
    Deadline.objects.filter(case=case, rule__key="handoff_ack").update(
        due_on=TODAY - timedelta(days=1)
    )
    deadlines.sweep(today=TODAY)
    escalation = Escalation.objects.get(deadline__case=case, level="overdue")
    assert set(escalation.notified) == {kelu_head.pk, county_head.pk}


def test_a_collective_dispute_at_a_township_warns_the_county_and_the_city_at_once(
    grid, grid_user, make_case, role_users
):
    from cases.models import District

    county_head = grid_user(Role.DEPARTMENT_HEAD, "leizhou")
    kelu_head = grid_user(Role.DEPARTMENT_HEAD, "leizhou-kelu")
    fucheng_head = grid_user(Role.DEPARTMENT_HEAD, "leizhou-fucheng")
    other_county_leader = grid_user(Role.LEADERSHIP, "xuwen")
    city_leader = role_users[Role.LEADERSHIP]
    case = make_case(
        district=District.objects.get(code="leizhou"),
        employer_address="湛江市雷州市客路镇工业大道8号",
        workers_involved=15,
    )
    assert case.organisation == grid["leizhou-kelu"]
    warned = set(
        Notification.objects.filter(subject__contains=case.number).values_list(
            "recipient", flat=True
        )
    )
    assert {county_head.pk, kelu_head.pk, city_leader.pk} <= warned
    assert fucheng_head.pk not in warned and other_county_leader.pk not in warned


def test_the_sweep_statements_follow_the_people_told_not_the_organisations(
    grid, make_case, role_users
):
    """Overdue cases at many townships with no heads of their own all tell the city's
    department heads: the sweep writes them in as many statements for 12 townships as
    for 2."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    county = grid["leizhou"]

    def sweep_queries(townships: int) -> int:
        Deadline.objects.update(met_at=MET)
        cases = []
        for n in range(townships):
            town = county.add_child(
                code=f"bench-town-{townships}-{n}", name=f"测试{townships}-{n}镇总工会",
                kind=county.Kind.TOWNSHIP,
            )  # fmt: skip
            case = make_case(employer_name=f"测试{townships}-{n}公司")
            case.organisation = town
            case.save(update_fields=["organisation"])
            _overdue(case, 1)
            cases.append(case)
        with CaptureQueriesContext(connection) as captured:
            deadlines.sweep(today=TODAY)
        heads = {role_users[Role.DEPARTMENT_HEAD].pk}
        for case in cases:
            assert (
                set(Escalation.objects.get(deadline__case=case, level="overdue").notified) == heads
            )
        return len(captured)

    assert sweep_queries(12) == sweep_queries(2)
