"""A member of the leadership task force opens the dashboard: its charts are drawn."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from . import VALID_ID, VALID_PHONE, shoot, zh

pytestmark = pytest.mark.e2e

DASHBOARD = reverse("dashboard:index")  # the dashboard exists: this module is here because it does
VIEW_DASHBOARD = "leadership.view_dashboard"


def _some_cases():
    from cases import services
    from cases.models import DisputeCategory, District

    for employer, district, category, channel in (
        ("湛江某某电子有限公司", "霞山区", "pay", "web"),
        ("湛江某某物流有限公司", "赤坎区", "dismissal", "hotline"),
        ("湛江某某食品有限公司", "麻章区", "pay", "walk_in"),
    ):
        services.case_create(
            complainants=[
                services.ComplainantInput(name="张三", id_number=VALID_ID, phone=VALID_PHONE)
            ],
            employer_name=employer,
            district=District.objects.get(name=district),
            industry="C",
            category=DisputeCategory.objects.get(code=category),
            facts="工资未发放。",
            demand="支付工资。",
            channel=channel,
        )


def test_leader_opens_the_dashboard_and_the_charts_render(page, login, make_user):
    _some_cases()
    leader = make_user("leadership")
    if not leader.has_perm(VIEW_DASHBOARD):
        # The dashboard's own tests grant it the same way until roles.py lists it for the
        # leadership role; without it a leader gets 403. Remove once roles.py grants it.
        from django.contrib.auth.models import Permission

        app_label, codename = VIEW_DASHBOARD.split(".")
        leader.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    login(page, leader)
    page.goto(DASHBOARD)
    expect(page.get_by_role("heading", level=1)).to_have_text(zh("Dashboard"))
    charts = page.locator("svg[role=img]")
    expect(charts.first).to_be_visible()
    assert charts.count() >= 3
    for chart in charts.all():
        expect(chart).to_be_visible()
        expect(chart).to_have_accessible_name(re.compile(r"\S"))
        box = chart.bounding_box()
        assert box["width"] > 200 and box["height"] > 50, box
        assert chart.locator("rect, path, polyline, circle, line").count() > 0
    shoot(page, "dashboard")
