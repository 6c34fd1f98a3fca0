"""工会普法大讲堂: lectures announced by department heads, listed on the public side
(coming and held), and linked to the activity recorded under the measure."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from knowledge.models import Lecture
from zhanjiang_union.accounts.models import Department
from zhanjiang_union.accounts.roles import Role

pytestmark = pytest.mark.django_db


def _lecture(user, *, days: int, published: bool = True, **fields) -> Lecture:
    values = {
        "title": f"工会普法大讲堂：{days}",
        "place": "湛江市职工服务中心三楼报告厅",
        "speaker": "市总工会法律顾问",
        "summary": "劳动合同订立与解除中的常见问题。",
        "starts_at": timezone.now() + timedelta(days=days),
        "published": published,
        "department": user.department,
        "created_by": user,
        **fields,
    }
    return Lecture.objects.create(**values)


@pytest.fixture
def head(role_users):
    return role_users[Role.DEPARTMENT_HEAD]


def test_the_public_sees_coming_and_held_lectures_and_not_the_unpublished(client, head):
    coming = _lecture(head, days=7, title="讲座：加班费怎么算")
    held = _lecture(head, days=-30, title="讲座：工伤认定")
    hidden = _lecture(head, days=3, published=False, title="讲座：尚未发布")
    page = client.get(reverse("knowledge:lectures")).content.decode()
    upcoming = page.split('data-testid="lectures-upcoming"')[1].split("</ul>")[0]
    past = page.split('data-testid="lectures-past"')[1].split("</ul>")[0]
    assert coming.title in upcoming and held.title not in upcoming
    assert held.title in past and coming.title not in past
    assert hidden.title not in page
    detail = client.get(reverse("knowledge:lecture", args=[coming.pk])).content.decode()
    assert "湛江市职工服务中心三楼报告厅" in detail and "劳动合同订立与解除" in detail
    assert 'property="og:title" content="讲座：加班费怎么算"' in detail
    assert client.get(reverse("knowledge:lecture", args=[hidden.pk])).status_code == 404


def test_the_home_page_and_the_knowledge_pages_link_the_lectures(client, seeded):
    url = reverse("knowledge:lectures")
    assert url in client.get("/").content.decode()
    assert url in client.get(reverse("knowledge:index")).content.decode()


def test_the_lecture_list_pages_and_its_query_count_does_not_grow(client, head):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("knowledge:lectures")).status_code == 200
        return len(queries)

    for n in range(3):
        _lecture(head, days=-n - 1)
        _lecture(head, days=n + 1)
    few = count()
    for n in range(30):
        _lecture(head, days=-n - 10)
        _lecture(head, days=n + 10)
    assert count() == few
    second = client.get(reverse("knowledge:lectures"), {"page": 2}).content.decode()
    assert "2 / 2" in second


def test_a_head_announces_a_lecture_and_links_the_activity_once_held(client, head):
    from leadership.models import Activity, Measure

    client.force_login(head)
    url = reverse("knowledge:staff_lecture_new")
    bad = client.post(url, {"title": "讲座：被违法解除怎么办", "place": "", "starts_at": "明天"})
    assert bad.status_code == 400
    assert "讲座：被违法解除怎么办" in bad.content.decode()  # nothing typed is lost
    when = timezone.localtime() + timedelta(days=5)
    response = client.post(
        url,
        {
            "title": "讲座：被违法解除怎么办",
            "place": "赤坎区总工会会议室",
            "starts_at": when.strftime("%Y-%m-%dT%H:%M"),
            "published": "on",
        },
    )
    lecture = Lecture.objects.get()
    assert response.status_code == 302 and lecture.department == head.department
    assert lecture.created_by == head
    assert lecture.title in client.get(reverse("knowledge:lectures")).content.decode()

    measure = Measure.objects.filter(kind=Measure.Kind.MEASURE).first()
    mine = Activity.objects.create(
        kind=Activity.Kind.LECTURE, measure=measure, held_on=date.today(),
        department=head.department, participants=80, recorded_by=head,
    )  # fmt: skip
    theirs = Activity.objects.create(
        kind=Activity.Kind.LECTURE, measure=measure, held_on=date.today(),
        department=Department.objects.get(code="grassroots"), recorded_by=head,
    )  # fmt: skip
    edit = reverse("knowledge:staff_lecture", args=[lecture.pk])
    form = {
        "title": lecture.title,
        "place": lecture.place,
        "starts_at": when.strftime("%Y-%m-%dT%H:%M"),
        "published": "on",
    }
    refused = client.post(edit, {**form, "activity": theirs.pk})
    assert refused.status_code == 400
    assert client.post(edit, {**form, "activity": mine.pk}).status_code == 302
    lecture.refresh_from_db()
    assert lecture.activity == mine


def test_staff_of_another_department_cannot_open_a_lecture(client, head, make_user):
    lecture = _lecture(head, days=2)
    other = make_user(Role.DEPARTMENT_HEAD, "grassroots")
    client.force_login(other)
    assert client.get(reverse("knowledge:staff_lecture", args=[lecture.pk])).status_code == 404
    assert (
        client.post(
            reverse("knowledge:staff_lecture", args=[lecture.pk]), {"title": "改"}
        ).status_code
        == 404
    )
    client.force_login(make_user(Role.MEDIATOR, "rights"))
    assert client.get(reverse("knowledge:staff_lecture", args=[lecture.pk])).status_code == 403
    client.logout()
    response = client.get(reverse("knowledge:staff_lecture", args=[lecture.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    lecture.refresh_from_db()
    assert lecture.title != "改"


def test_heads_reach_the_lectures_from_the_typical_cases_page(client, head, role_users):
    url = reverse("knowledge:staff_lectures")
    client.force_login(head)
    assert url in client.get(reverse("knowledge:staff_typical_cases")).content.decode()
    client.force_login(role_users[Role.MEDIATOR])
    assert url not in client.get(reverse("knowledge:staff_typical_cases")).content.decode()
