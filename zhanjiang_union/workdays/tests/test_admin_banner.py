from datetime import date

from django.contrib.auth.models import AnonymousUser, Permission
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.workdays.calendar import package_knows
from zhanjiang_union.workdays.context_processors import calendar_warnings
from zhanjiang_union.workdays.models import CalendarDay, CalendarYear

BANNER = 'data-testid="calendar-unloaded"'


def _grant(user, *codenames):
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="workdays", codename__in=codenames)
    )


def _unloaded_now() -> list[int]:
    this_year = timezone.localdate().year
    return [year for year in (this_year, this_year + 1) if not package_knows(year)]


def test_the_banner_names_the_unloaded_year_and_links_to_the_notice_page(client, make_user):
    user = make_user(Role.ADMIN, "office")
    _grant(user, "change_calendarday")
    client.force_login(user)

    response = client.get(reverse("home"))

    content = response.content.decode()
    next_year = timezone.localdate().year + 1
    # The package's last year is 2026: the next year is never loaded from here on.
    assert not package_knows(next_year)
    assert BANNER in content
    assert str(next_year) in content
    assert f'href="{reverse("workdays:notice")}"' in content
    assert response.context["calendar_unloaded_years"] == _unloaded_now()


def test_no_banner_without_the_permission(client, role_users):
    # The admin role is meant to have the permission (roles.py).
    for role, user in role_users.items():
        if role == Role.ADMIN:
            continue
        assert not user.has_perm("workdays.change_calendarday")
        client.force_login(user)
        response = client.get(reverse("home"))
        assert BANNER not in response.content.decode(), user.username
        assert response.context["calendar_unloaded_years"] == []


def test_no_banner_once_the_years_are_marked_complete(client, make_user):
    user = make_user(Role.ADMIN, "office")
    _grant(user, "change_calendarday")
    client.force_login(user)
    for year in _unloaded_now():
        CalendarYear.objects.create(year=year, complete=True)

    response = client.get(reverse("home"))

    assert BANNER not in response.content.decode()


def test_an_incomplete_year_still_shows_the_banner(client, make_user):
    user = make_user(Role.ADMIN, "office")
    _grant(user, "change_calendarday")
    client.force_login(user)
    for year in _unloaded_now():
        CalendarYear.objects.create(year=year, complete=False)

    assert BANNER in client.get(reverse("home")).content.decode()


def test_anonymous_visitors_cost_no_query(db, django_assert_num_queries):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert calendar_warnings(request) == {"calendar_unloaded_years": []}


def test_the_admin_pages_list_days_and_years(client, make_user):
    user = make_user(Role.ADMIN, "office")
    _grant(
        user,
        "view_calendarday",
        "add_calendarday",
        "change_calendarday",
        "view_calendaryear",
        "add_calendaryear",
        "change_calendaryear",
    )
    client.force_login(user)
    CalendarDay.objects.create(date=date(2027, 2, 6), kind=CalendarDay.Kind.HOLIDAY, name="春节")
    CalendarYear.objects.create(year=2026, complete=False)
    CalendarYear.objects.create(year=2027, complete=False)

    days = client.get(reverse("admin:workdays_calendarday_changelist"), {"q": "春节"})
    assert days.status_code == 200
    assert "春节" in days.content.decode()

    years = client.get(reverse("admin:workdays_calendaryear_changelist"))
    assert years.status_code == 200
    loaded = {
        row.year: years.context["cl"].model_admin.loaded(row)
        for row in years.context["cl"].result_list
    }
    assert loaded == {2026: True, 2027: False}

    form = client.get(reverse("admin:workdays_calendaryear_add"), HTTP_ACCEPT_LANGUAGE="en")
    assert form.status_code == 200
    assert "then tick" in form.content.decode()
