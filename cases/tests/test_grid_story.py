"""The grid's whole story in one test: a worker's complaint against an employer in a
township of 雷州市 lands with that township's union; its mediator works it; when it
goes overdue the county federation's head is told, then the city; the county's
dashboard counts it; the city sees it compared with the other counties; and no one
outside that line can find it."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cases import deadlines
from cases.models import Case, Deadline, District, Escalation
from dashboard.forms import DashboardFilterForm
from dashboard.selectors import dashboard_figures
from zhanjiang_union.accounts.roles import Role

from .conftest import KELU_ADDRESS


def _open_by_organisation(table) -> dict[str, int]:
    # The comparison's columns: filed, closed, open, overdue.
    return {row.labels[0]: row.cells[2].value for row in table.rows}


def test_a_township_complaint_from_the_phone_to_the_city_comparison(
    client, complaint_data, grid, grid_user, role_users
):
    kelu_mediator = grid_user(Role.MEDIATOR, "leizhou-kelu")
    kelu_head = grid_user(Role.DEPARTMENT_HEAD, "leizhou-kelu")
    county_head = grid_user(Role.DEPARTMENT_HEAD, "leizhou")
    fucheng_mediator = grid_user(Role.MEDIATOR, "leizhou-fucheng")
    xiashan_head = grid_user(Role.DEPARTMENT_HEAD, "xiashan")
    leader = role_users[Role.LEADERSHIP]

    # The worker files from a phone: the township's union has it.
    data = {
        **complaint_data,
        "district": District.objects.get(code="leizhou").pk,
        "employer_address": KELU_ADDRESS,
    }
    client.post(reverse("cases:complaint_new"), data, follow=True)
    case = Case.objects.get()
    assert case.organisation == grid["leizhou-kelu"]

    # Its mediator takes it on.
    client.force_login(kelu_mediator)
    assert case.number in client.get(reverse("cases:workbench")).content.decode()
    case.refresh_from_db()
    client.post(
        reverse("cases:move", args=[case.pk, "accept_mediation"]), {"version": case.version}
    )
    case.refresh_from_db()
    assert case.status == "mediation" and case.handler == kelu_mediator

    # Overdue: the township's head and the county federation's head are told.
    today = timezone.localdate()
    running = Deadline.objects.filter(case=case, met_at__isnull=True)
    running.update(due_on=today - timedelta(days=1))
    deadlines.sweep(today=today)
    overdue = Escalation.objects.get(deadline__case=case, deadline__rule__key="mediation",
                                     level="overdue")  # fmt: skip
    assert {kelu_head.pk, county_head.pk} <= set(overdue.notified)
    assert xiashan_head.pk not in overdue.notified
    # Long overdue: then the city (its leaders in charge and office, or the admins).
    running.update(due_on=today - timedelta(days=30))
    deadlines.sweep(today=today)
    long_overdue = Escalation.objects.get(deadline__case=case, deadline__rule__key="mediation",
                                          level="overdue_long")  # fmt: skip
    assert set(long_overdue.notified) - {kelu_head.pk, county_head.pk}

    # The county's dashboard counts it; the city compares it with the other counties.
    window = {"start": (today - timedelta(days=7)).isoformat(), "end": today.isoformat()}
    client.force_login(county_head)
    page = client.get(reverse("dashboard:index"), window).content.decode()
    assert re.search(r'data-testid="headline-open".*?data-value="1"', page, re.S)
    form = DashboardFilterForm(window, today=today)
    city = dashboard_figures(filters=form.filters(), today=today)
    by_county = _open_by_organisation(city.tables["by_organisation"])
    assert by_county["雷州市总工会"] == 1
    assert by_county["霞山区总工会"] == 0
    client.force_login(leader)
    assert client.get(reverse("dashboard:index"), window).status_code == 200

    # No one outside the line finds it: not the neighbouring township, not another county.
    for outsider in (fucheng_mediator, xiashan_head):
        client.force_login(outsider)
        assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
        found = client.post(reverse("cases:workbench"), {"q": case.number}, follow=True)
        assert found.context["total"] == 0  # the search box keeps what was typed
