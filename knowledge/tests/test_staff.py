"""Beside a case and at the 12351 desk: matching laws and guides, search while on
the call, a guide texted to the caller; and who may open each staff page."""

import pytest
from django.urls import reverse

from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.notifications.backends import MemorySmsBackend

pytestmark = pytest.mark.django_db


def test_a_mediator_sees_the_matching_articles_beside_the_case(
    client, corpus, make_case, role_users
):
    case = make_case(facts="单位安排我们延长工作时间，一直不给加班费。", demand="支付加班费。")
    client.force_login(role_users[Role.MEDIATOR])
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    panel = page.split('data-testid="case-knowledge"')[1].split("</section>")[0]
    assert "《示范劳动权益条例》第二条" in panel  # the article on overtime pay its facts find
    assert "被拖欠工资怎么办" in panel  # the guide of its category
    assert corpus["typical"].title in panel
    assert "Write a typical case" not in panel and "撰写典型案例" not in panel  # the case is open


def test_the_case_page_query_count_does_not_grow_with_the_knowledge_base(
    client, corpus, make_case, role_users
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from knowledge import search
    from knowledge.models import TypicalCase

    case = make_case(facts="加班费不给。")
    client.force_login(role_users[Role.MEDIATOR])
    url = reverse("cases:detail", args=[case.pk])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    for index in range(8):
        more = TypicalCase.objects.create(title=f"案例{index}", facts="加班费", status="published")
        more.categories.set([case.category])
        search.typical_case_index(typical_case=more)
    assert count() == few


def test_an_operator_searches_while_on_the_call_and_texts_the_guide(
    client, corpus, role_users, django_capture_on_commit_callbacks
):
    MemorySmsBackend.outbox.clear()
    client.force_login(role_users[Role.HOTLINE_OPERATOR])
    desk = client.get(reverse("hotline:desk")).content.decode()
    assert 'data-testid="desk-knowledge"' in desk and "knowledge_desk.js" in desk
    response = client.get(reverse("knowledge:staff_search"), {"q": "加班费 不给", "partial": "1"})
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert page.index("被拖欠工资怎么办") < page.index("《示范劳动权益条例》")
    sms_url = reverse("knowledge:guide_sms", args=["unpaid-wages"])
    assert f'action="{sms_url}"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            sms_url, {"phone": "139 1234 5678"}, headers={"X-Requested-With": "fetch"}
        )
    assert response.status_code == 200
    assert "139****5678" in response.content.decode()
    assert "13912345678" not in response.content.decode()
    phone, text = MemorySmsBackend.outbox[-1]
    assert phone == "13912345678"
    assert "/law/guides/unpaid-wages/" in text and "被拖欠工资怎么办" in text


def test_a_wrong_number_is_told_and_nothing_is_sent(
    client, corpus, role_users, django_capture_on_commit_callbacks
):
    MemorySmsBackend.outbox.clear()
    client.force_login(role_users[Role.HOTLINE_OPERATOR])
    url = reverse("knowledge:guide_sms", args=["unpaid-wages"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"phone": "12345"}, headers={"X-Requested-With": "fetch"})
        assert response.status_code == 400 and 'role="alert"' in response.content.decode()
        response = client.post(url, {"phone": "12345"})
    assert response.status_code == 400
    assert MemorySmsBackend.outbox == []


def test_without_script_the_text_goes_and_the_operator_is_told(
    client, corpus, role_users, django_capture_on_commit_callbacks
):
    MemorySmsBackend.outbox.clear()
    client.force_login(role_users[Role.HOTLINE_OPERATOR])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("knowledge:guide_sms", args=["work-injury"]),
            {"phone": "13912345678"},
            follow=True,
        )
    assert response.status_code == 200
    assert "139****5678" in response.content.decode()
    assert "13912345678" not in response.redirect_chain[-1][0]
    assert len(MemorySmsBackend.outbox) == 1


STAFF_URLS = [
    # url name, args, method, roles allowed
    ("knowledge:staff_search", [], "get", {Role.HOTLINE_OPERATOR, Role.MEDIATOR, Role.DEPARTMENT_HEAD, Role.LEADERSHIP, Role.ADMIN}),
    ("knowledge:guide_sms", ["unpaid-wages"], "post", {Role.HOTLINE_OPERATOR, Role.ADMIN}),
    ("knowledge:staff_typical_cases", [], "get", {Role.MEDIATOR, Role.DEPARTMENT_HEAD, Role.ADMIN}),
    ("knowledge:staff_lectures", [], "get", {Role.DEPARTMENT_HEAD, Role.ADMIN}),
    ("knowledge:staff_lecture_new", [], "get", {Role.DEPARTMENT_HEAD, Role.ADMIN}),
]  # fmt: skip


@pytest.mark.parametrize(("name", "args", "method", "allowed"), STAFF_URLS)
def test_permission_matrix(client, corpus, role_users, name, args, method, allowed):
    url = reverse(name, args=args)
    response = getattr(client, method)(url, {"phone": "13912345678"} if method == "post" else {})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for role, user in role_users.items():
        client.force_login(user)
        response = getattr(client, method)(
            url, {"phone": "13912345678"} if method == "post" else {}
        )
        if role in allowed:
            assert response.status_code in (200, 302), (role, response.status_code)
        else:
            assert response.status_code == 403, (role, response.status_code)


def test_every_staff_url_has_a_row():
    from knowledge.urls import urlpatterns

    public = {"index", "search", "law", "article", "guide", "typical_cases", "typical_case",
              "lectures", "lecture"}  # fmt: skip
    # Take an object id: in the IDOR sweep (zhanjiang_union/tests/test_idor.py),
    # test_typical_cases and test_lectures.
    with_ids = {"typical_case_new", "staff_typical_case", "typical_case_action", "staff_lecture"}
    listed = {row[0].split(":")[1] for row in STAFF_URLS}
    assert {p.name for p in urlpatterns} - public - with_ids - listed == set()
