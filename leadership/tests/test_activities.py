"""Departments record what they did under the measures; staff list and filter it."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from leadership import services
from leadership.models import Activity, Measure
from zhanjiang_union.accounts.models import Department
from zhanjiang_union.accounts.roles import Role


def dept(code: str) -> Department:
    return Department.objects.get(code=code)


def test_measures_their_departments_and_the_four_requirements(seeded):
    measures = {m.number: {d.code for d in m.departments.all()} for m in Measure.objects.all()}
    assert measures == {
        1: {"rights", "grassroots"},
        2: {"rights", "grassroots"},
        3: {"rights", "service-centre"},
    }
    assert list(Measure.requirements.values_list("number", "title")) == [
        (1, "加强组织领导"),
        (2, "强化自查自纠"),
        (3, "严格工作纪律"),
        (4, "加大宣传力度"),
    ]
    assert not Measure.requirements.filter(departments__isnull=False).exists()


@pytest.fixture
def mediator(staff):
    return staff(Role.MEDIATOR, "rights")


def form_data(**overrides):
    return {
        "kind": Activity.Kind.LEGAL_CHECKUP,
        "measure": "",
        "held_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "department": dept("grassroots").pk,  # ignored: a mediator records for their own
        "participants": "12",
        "enterprises": "湛江某某电子有限公司\n\n  湛江某某建筑工程有限公司  \n",
        "note": "协助完善规章制度。",
        **overrides,
    }


def test_staff_record_an_activity_for_their_own_department(client, mediator):
    client.force_login(mediator)
    form_page = client.get(reverse("leadership:activity_new"))
    assert form_page.status_code == 200
    assert form_page.context["form"].fields["department"].disabled

    response = client.post(reverse("leadership:activity_new"), form_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("leadership:activities")

    activity = Activity.objects.get()
    assert activity.department == dept("rights")
    assert activity.measure == Measure.objects.get(number=1)  # a check-up is under (一)
    assert activity.recorded_by == mediator
    assert activity.participants == 12
    assert activity.enterprise_names == ["湛江某某电子有限公司", "湛江某某建筑工程有限公司"]

    listing = client.get(reverse("leadership:activities")).content.decode()
    assert "湛江某某建筑工程有限公司" in listing
    assert "协助完善规章制度。" in listing


def test_an_activity_in_the_future_is_refused(client, mediator):
    client.force_login(mediator)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(reverse("leadership:activity_new"), form_data(held_on=tomorrow))
    assert response.status_code == 400
    assert not Activity.objects.exists()


def test_an_administrator_may_record_for_any_department(client, staff):
    admin = staff(Role.ADMIN, "office")
    client.force_login(admin)
    response = client.post(
        reverse("leadership:activity_new"),
        form_data(
            kind=Activity.Kind.BARGAINING,
            department=dept("grassroots").pk,
            measure=Measure.objects.get(number=2).pk,
        ),
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert (activity.department.code, activity.measure.number) == ("grassroots", 2)


def test_the_service_refuses_another_department_and_a_requirement(mediator, seeded):
    common = {
        "actor": mediator,
        "kind": Activity.Kind.LECTURE,
        "held_on": timezone.localdate(),
        "participants": 30,
    }
    with pytest.raises(services.LeadershipError):
        services.activity_record(department=dept("grassroots"), **common)
    with pytest.raises(services.LeadershipError):
        services.activity_record(
            department=dept("rights"), measure=Measure.requirements.get(number=4), **common
        )
    assert not Activity.objects.exists()


def test_recording_and_listing_need_their_permissions(client, make_user):
    new, listing = reverse("leadership:activity_new"), reverse("leadership:activities")
    anonymous = client.get(listing)
    assert anonymous.status_code == 302 and reverse("login") in anonymous["Location"]

    operator = make_user(Role.HOTLINE_OPERATOR, "service-centre")  # neither permission
    client.force_login(operator)
    assert client.get(listing).status_code == 403
    assert client.get(new).status_code == 403
    assert client.post(new, form_data()).status_code == 403

    reader = make_user(Role.LEADERSHIP)  # reads activities, records none
    client.force_login(reader)
    assert client.get(listing).status_code == 200
    assert client.post(new, form_data()).status_code == 403
    assert not Activity.objects.exists()


def test_list_filters_by_kind_department_and_month(client, mediator, staff):
    def record(kind, code, held_on):
        Activity.objects.create(
            kind=kind,
            measure=Measure.objects.get(number=1),
            held_on=held_on,
            department=dept(code),
            participants=1,
            enterprises=f"{kind}-{code}-{held_on}",
            recorded_by=mediator,
        )

    record(Activity.Kind.LEGAL_CHECKUP, "rights", date(2026, 3, 5))
    record(Activity.Kind.LECTURE, "rights", date(2026, 3, 31))
    record(Activity.Kind.LECTURE, "grassroots", date(2026, 3, 10))
    record(Activity.Kind.LECTURE, "rights", date(2026, 4, 1))

    client.force_login(mediator)

    def shown(**query) -> list[str]:
        response = client.get(reverse("leadership:activities"), query)
        assert response.status_code == 200
        return [activity.enterprises for activity in response.context["page"]]

    assert len(shown()) == 4
    assert shown(kind="lecture", department=dept("rights").pk, month="2026-03") == [
        "lecture-rights-2026-03-31"
    ]
    assert shown(month="2026-04") == ["lecture-rights-2026-04-01"]
    assert len(shown(month="not a month")) == 4  # an invalid filter filters nothing


def test_activity_list_queries_do_not_grow_with_the_rows(client, mediator):
    client.force_login(mediator)
    url = reverse("leadership:activities")

    def add(count):
        for day in range(count):
            Activity.objects.create(
                kind=Activity.Kind.TRAINING,
                measure=Measure.objects.get(number=2),
                held_on=date(2026, 1, 1) + timedelta(days=day),
                department=dept("rights"),
                participants=5,
                recorded_by=mediator,
            )

    add(2)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(20)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
