"""The mediators' register kept in the portal by an organisation's head: add and edit a
mediator with their trainings and certificates, end an active period, page the list."""

import re
from datetime import date

import pytest
from django.urls import reverse

from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.organisations.models import Mediator, MediatorQualification


def _form(**changes):
    data = {
        "name": "陈调解",
        "kind": "part_time",
        "user": "",
        "phone": "13800138000",
        "areas": "劳动报酬、工伤",
        "active_from": "2026-01-05",
        "active_until": "",
        "q-TOTAL_FORMS": "1",
        "q-INITIAL_FORMS": "0",
        "q-MIN_NUM_FORMS": "0",
        "q-MAX_NUM_FORMS": "20",
        "q-0-kind": "certificate",
        "q-0-title": "广东省工会劳动争议调解员证",
        "q-0-obtained_on": "2025-06-18",
        "q-0-valid_until": "2028-06-17",
    }
    data.update(changes)
    return data


@pytest.fixture
def kelu(grid, grid_user):
    return {
        "organisation": grid["leizhou-kelu"],
        "head": grid_user(Role.DEPARTMENT_HEAD, "leizhou-kelu"),
        "mediator": grid_user(Role.MEDIATOR, "leizhou-kelu"),
    }


def test_a_head_adds_a_mediator_with_a_certificate_and_the_history_says_who(client, kelu):
    client.force_login(kelu["head"])
    url = reverse("cases:mediator_new", args=[kelu["organisation"].pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _form(user=kelu["mediator"].pk), follow=True)
    assert response.status_code == 200
    assert "陈调解的名册信息已保存" in response.content.decode()
    mediator = Mediator.objects.get(name="陈调解")
    assert mediator.organisation == kelu["organisation"]
    assert mediator.user == kelu["mediator"]
    assert mediator.active_from == date(2026, 1, 5)
    certificate = mediator.qualifications.get()
    assert (certificate.title, certificate.valid_until) == (
        "广东省工会劳动争议调解员证",
        date(2028, 6, 17),
    )
    assert mediator.history.get().history_user == kelu["head"]
    assert certificate.history.get().history_user == kelu["head"]


def test_bad_input_is_said_in_chinese_keeps_what_was_typed_and_saves_nothing(client, kelu):
    client.force_login(kelu["head"])
    url = reverse("cases:mediator_new", args=[kelu["organisation"].pk])
    response = client.post(
        url,
        _form(
            phone="12345",
            active_until="2025-12-31",
            areas="集体协商",
            **{"q-0-valid_until": "2025-01-01", "q-0-obtained_on": "2025-13-40"},
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "请填写手机号码或带区号的固定电话" in html
    assert "任职截止日期早于起始日期" in html
    assert "有效的日期" in html  # Django's own message for the impossible date, in Chinese
    assert "集体协商" in html and "广东省工会劳动争议调解员证" in html
    assert not Mediator.objects.exists()

    missing_title = client.post(url, _form(**{"q-0-title": ""}))
    assert missing_title.status_code == 400
    assert not Mediator.objects.exists()  # not the mediator without the certificate typed

    expired_before = client.post(url, _form(**{"q-0-valid_until": "2025-01-01"}))
    assert "有效期不能早于取得日期" in expired_before.content.decode()


def test_a_head_edits_a_mediator_and_removes_a_training(client, kelu):
    mediator = Mediator.objects.create(
        organisation=kelu["organisation"], name="梁文杰", kind="instructor"
    )
    training = MediatorQualification.objects.create(
        mediator=mediator, kind="training", title="调解实务培训班", obtained_on=date(2026, 3, 12)
    )
    client.force_login(kelu["head"])
    url = reverse("cases:mediator_edit", args=[mediator.pk])
    page = client.get(url)
    assert "调解实务培训班" in page.content.decode()
    data = _form(
        name="梁文杰",
        kind="lawyer",
        **{
            "q-TOTAL_FORMS": "2",
            "q-INITIAL_FORMS": "1",
            "q-0-id": training.pk,
            "q-0-kind": "training",
            "q-0-title": "调解实务培训班",
            "q-0-obtained_on": "2026-03-12",
            "q-0-valid_until": "",
            "q-0-DELETE": "on",
            "q-1-kind": "",
            "q-1-title": "",
            "q-1-obtained_on": "",
            "q-1-valid_until": "",
        },
    )
    assert client.post(url, data).status_code == 302
    mediator.refresh_from_db()
    assert mediator.kind == Mediator.Kind.LAWYER
    assert not mediator.qualifications.exists()
    assert mediator.history.count() == 2


def test_ending_an_active_period_refuses_a_day_before_it_began(client, kelu):
    mediator = Mediator.objects.create(
        organisation=kelu["organisation"],
        name="梁文杰",
        kind="instructor",
        active_from=date(2026, 1, 5),
    )
    client.force_login(kelu["head"])
    url = reverse("cases:mediator_end", args=[mediator.pk])
    refused = client.post(url, {"active_until": "2025-12-31"})
    assert refused.status_code == 400
    assert "任职自2026-01-05起，截止日期不能早于该日" in refused.content.decode()
    bad = client.post(url, {"active_until": "明天"})
    assert bad.status_code == 400
    response = client.post(url, {"active_until": "2026-11-30"}, follow=True)
    assert "梁文杰的任职截止日期为2026-11-30" in response.content.decode()
    mediator.refresh_from_db()
    assert mediator.active_until == date(2026, 11, 30)
    assert mediator.history.first().history_user == kelu["head"]
    # The organisation page no longer offers to end it.
    page = client.get(reverse("cases:organisation", args=[kelu["organisation"].pk]))
    assert url not in page.content.decode()


def test_only_the_organisations_own_head_keeps_its_register(
    client, grid, grid_user, kelu, role_users
):
    mediator = Mediator.objects.create(
        organisation=kelu["organisation"], name="梁文杰", kind="instructor"
    )
    urls = [
        reverse("cases:mediator_new", args=[kelu["organisation"].pk]),
        reverse("cases:mediator_edit", args=[mediator.pk]),
        reverse("cases:mediator_end", args=[mediator.pk]),
    ]
    for user, expected in (
        (kelu["mediator"], 403),  # no head
        (grid_user(Role.DEPARTMENT_HEAD, "leizhou"), 403),  # reads the township, keeps its own
        (grid_user(Role.DEPARTMENT_HEAD, "leizhou-fucheng"), 404),  # the neighbour
        (role_users[Role.LEADERSHIP], 403),
        (kelu["head"], 200),
        (role_users[Role.ADMIN], 200),
    ):
        client.force_login(user)
        assert [client.get(url).status_code for url in urls] == [expected] * 3, user
    client.force_login(kelu["head"])
    page = client.get(reverse("cases:organisation", args=[kelu["organisation"].pk]))
    assert reverse("cases:mediator_edit", args=[mediator.pk]) in page.content.decode()
    client.force_login(grid_user(Role.DEPARTMENT_HEAD, "leizhou"))
    page = client.get(reverse("cases:organisation", args=[kelu["organisation"].pk]))
    assert reverse("cases:mediator_edit", args=[mediator.pk]) not in page.content.decode()


def test_an_account_of_another_organisation_is_not_offered(client, grid, grid_user, kelu):
    fucheng_mediator = grid_user(Role.MEDIATOR, "leizhou-fucheng")
    client.force_login(kelu["head"])
    url = reverse("cases:mediator_new", args=[kelu["organisation"].pk])
    response = client.post(url, _form(user=fucheng_mediator.pk))
    assert response.status_code == 400
    assert not Mediator.objects.exists()


def _register_of(organisation, count):
    Mediator.objects.bulk_create(
        Mediator(organisation=organisation, name=f"调解员{n:03}", kind="part_time")
        for n in range(count)
    )
    for mediator in Mediator.objects.filter(organisation=organisation):
        MediatorQualification.objects.create(
            mediator=mediator, kind="training", title="培训", obtained_on=date(2026, 3, 12)
        )


def test_the_register_is_paged_and_its_queries_do_not_grow(
    client, grid, kelu, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(kelu["head"])
    url = reverse("cases:organisation", args=[kelu["organisation"].pk])
    _register_of(kelu["organisation"], 3)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    Mediator.objects.filter(organisation=kelu["organisation"]).delete()
    _register_of(kelu["organisation"], 60)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert len(page.context["mediators"]) == 25
    assert page.context["mediators"].paginator.count == 60
    last = client.get(url, {"mediators": 3})
    assert [m.name for m in last.context["mediators"]][-1] == "调解员059"
    assert "mediators=2" in last.content.decode()


def test_paging_the_register_keeps_the_page_of_the_organisations_below(client, grid, kelu):
    client.force_login(kelu["head"])
    url = reverse("cases:organisation", args=[kelu["organisation"].pk])
    _register_of(kelu["organisation"], 60)
    html = client.get(url, {"mediators": 2, "page": 1}).content.decode()
    # The register's links carry the other list's page, and only once its own.
    links = re.findall(r'href="\?([^"]*mediators=\d[^"]*)"', html)
    assert links and all("page=1" in link and link.count("mediators=") == 1 for link in links)
