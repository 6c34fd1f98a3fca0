"""Administrators see a red banner on every page while a periodic job is late."""

import pytest
from django.urls import reverse

from zhanjiang_union.accounts.roles import Role

BANNER = 'data-testid="jobs-late"'


@pytest.fixture
def admin_user(make_user):
    return make_user(Role.ADMIN, "office")


@pytest.mark.parametrize("url", [reverse("home"), reverse("dashboard:index"), "/admin/"])
def test_admins_see_the_late_job_on_every_page(client, admin_user, jobs_at, url):
    from django.utils import translation

    jobs_at(deadline_sweep=4)
    client.force_login(admin_user)
    content = client.get(url).content.decode()
    assert BANNER in content
    with translation.override("zh-hans"):
        from zhanjiang_union.monitoring.models import Job

        assert str(Job.DEADLINE_SWEEP.label) in content
        assert str(Job.DASHBOARD_REFRESH.label) not in content


def test_a_job_that_never_ran_is_named(client, admin_user, jobs_at):
    from django.utils import translation

    jobs_at(notification_delivery=None)
    client.force_login(admin_user)
    content = client.get(reverse("home")).content.decode()
    with translation.override("zh-hans"):
        from django.utils.translation import gettext

        assert (
            gettext("%(job)s: has never succeeded") % {"job": gettext("Notification delivery")}
            in content
        )


def test_no_banner_while_every_job_keeps_time(client, admin_user, jobs_at):
    jobs_at()
    client.force_login(admin_user)
    assert BANNER not in client.get(reverse("home")).content.decode()
    assert BANNER not in client.get("/admin/").content.decode()


@pytest.mark.parametrize("role", [Role.MEDIATOR, Role.DEPARTMENT_HEAD, Role.LEADERSHIP])
def test_other_staff_see_no_banner(client, make_user, jobs_at, role):
    jobs_at(deadline_sweep=10)
    client.force_login(make_user(role, "rights"))
    assert BANNER not in client.get(reverse("home")).content.decode()


def test_anonymous_visitors_see_none_and_cost_no_query(rf, db, jobs_at):
    from django.contrib.auth.models import AnonymousUser

    from zhanjiang_union.monitoring.context_processors import jobs_late_banner

    jobs_at(deadline_sweep=10)
    request = rf.get("/")
    request.user = AnonymousUser()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert jobs_late_banner(request) == {}
    assert len(queries) == 0


def test_admins_read_the_heartbeats_in_the_admin_and_cannot_edit_them(client, jobs_at, make_user):
    from zhanjiang_union.monitoring.models import Job

    admin_user = make_user(Role.ADMIN, "office")  # the role's permissions, no superuser
    jobs_at(deadline_sweep=4)
    client.force_login(admin_user)
    listing = client.get("/admin/monitoring/heartbeat/")
    assert listing.status_code == 200
    from django.utils import translation

    with translation.override("zh-hans"):
        assert str(Job.DEADLINE_SWEEP.label) in listing.content.decode()
    assert client.get("/admin/monitoring/heartbeat/add/").status_code == 403
