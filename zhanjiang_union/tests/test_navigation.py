"""Each role sees its own navigation and is refused where it does not belong."""

import pytest
from django.urls import reverse

from zhanjiang_union.accounts.roles import Role

ROSTER = "/leadership/"


def nav_labels(response) -> list[str]:
    return [entry["label"] for entry in response.context["nav_entries"]]


@pytest.mark.parametrize(
    "role, sees_roster, sees_admin",
    [
        (Role.WORKER, False, False),
        (Role.HOTLINE_OPERATOR, True, False),
        (Role.MEDIATOR, True, False),
        (Role.DEPARTMENT_HEAD, True, False),
        (Role.LEADERSHIP, True, False),
        (Role.ADMIN, True, True),
    ],
)
def test_navigation_per_role(client, role_users, role, sees_roster, sees_admin):
    client.force_login(role_users[role])
    response = client.get(reverse("home"))
    assert response.status_code == 200
    links = [entry["url"] for entry in response.context["nav_entries"]]
    assert (ROSTER in links) is sees_roster
    assert ("/admin/" in links) is sees_admin
    roster = client.get(ROSTER)
    assert roster.status_code == (200 if sees_roster else 403)


def test_refusal_is_a_friendly_403_page(client, role_users):
    client.force_login(role_users[Role.WORKER])
    response = client.get(ROSTER)
    assert response.status_code == 403
    assert "您无权打开此页面" in response.content.decode()


def test_anonymous_visitor_is_sent_to_login(client, seeded):
    response = client.get(ROSTER)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_portal_speaks_chinese_by_default_with_the_hotline(client, seeded):
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="zh-hans">' in page
    # One name for the hotline, written without a space: 12351职工维权热线.
    assert '<a href="tel:12351">12351</a>职工维权热线' in page
    assert "<strong>12351</strong>职工维权热线" in page and "12351 " not in page


def test_english_on_request(client, seeded):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in page
    assert '<a href="tel:12351">12351</a> workers’ rights hotline' in page


def test_login_with_demo_credentials(client, seeded):
    from django.core.management import call_command

    call_command("seed", "--demo")
    response = client.post(
        reverse("login"), {"username": "mediator", "password": "zjgh-demo-2026"}, follow=True
    )
    assert response.context["user"].username == "mediator"
    assert ROSTER in [entry["url"] for entry in response.context["nav_entries"]]


def test_bootstrap_comes_from_our_own_static_files(client, seeded):
    page = client.get(reverse("home")).content.decode()
    assert "/static/bootstrap/css/bootstrap.min.css" in page
    assert "cdn" not in page.lower()
    from django.contrib.staticfiles import finders

    assert finders.find("bootstrap/css/bootstrap.min.css")
    assert finders.find("bootstrap/js/bootstrap.bundle.min.js")


def test_public_pages_are_in_the_menu_of_visitors_and_workers_only(client, role_users):
    complaint = reverse("cases:complaint_new")
    assert complaint in [e["url"] for e in client.get(reverse("home")).context["nav_entries"]]
    client.force_login(role_users[Role.WORKER])
    assert complaint in [e["url"] for e in client.get(reverse("home")).context["nav_entries"]]
    client.force_login(role_users[Role.MEDIATOR])
    assert complaint not in [e["url"] for e in client.get(reverse("home")).context["nav_entries"]]


@pytest.mark.parametrize(
    "role, lands_on",
    [
        (Role.MEDIATOR, "/cases/"),
        (Role.DEPARTMENT_HEAD, "/cases/"),
        (Role.HOTLINE_OPERATOR, "/hotline/"),
        (Role.LEADERSHIP, "/dashboard/"),
        (Role.ADMIN, "/leadership/"),
        (Role.WORKER, "/complaints/mine/"),
    ],
)
def test_login_lands_on_the_roles_own_start_page(client, role_users, role, lands_on):
    user = role_users[role]
    response = client.post(
        reverse("login"), {"username": user.username, "password": "a-long-test-password"}
    )
    assert response.status_code == 302
    landing = client.get(response["Location"])
    assert landing.status_code == 302 and landing["Location"] == lands_on
    assert client.get(lands_on).status_code == 200
    # The role's own pages come first in its menu.
    assert client.get(lands_on).context["nav_entries"][0]["url"] == lands_on


def test_login_still_follows_next(client, role_users):
    user = role_users[Role.LEADERSHIP]
    response = client.post(
        reverse("login") + "?next=/leadership/activities/",
        {"username": user.username, "password": "a-long-test-password",
         "next": "/leadership/activities/"},
    )  # fmt: skip
    assert response["Location"] == "/leadership/activities/"


def test_the_language_switch_names_each_language_in_itself(client, seeded):
    assert ">English</button>" in client.get(reverse("home")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert ">中文</button>" in client.get(reverse("home")).content.decode()
