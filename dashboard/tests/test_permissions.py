"""Role × dashboard page: who may open /dashboard/, its export and its print view, with
the permissions roles.py gives each role. A new dashboard URL needs a row here."""

import pytest
from django.urls import reverse

from zhanjiang_union.accounts.roles import ROLE_PERMISSIONS, Role

W, OP, MED, HEAD, LEAD, ADM = (
    Role.WORKER, Role.HOTLINE_OPERATOR, Role.MEDIATOR, Role.DEPARTMENT_HEAD, Role.LEADERSHIP, Role.ADMIN,
)  # fmt: skip
HEAD_WITHOUT_DEPARTMENT = "department-head-without-a-department"

MATRIX = [
    ("dashboard:index", {W: 403, OP: 403, MED: 403, HEAD: 200, LEAD: 200, ADM: 200, HEAD_WITHOUT_DEPARTMENT: 403}),
    ("dashboard:xlsx", {W: 403, OP: 403, MED: 403, HEAD: 200, LEAD: 200, ADM: 200, HEAD_WITHOUT_DEPARTMENT: 403}),
    ("dashboard:print", {W: 403, OP: 403, MED: 403, HEAD: 200, LEAD: 200, ADM: 200, HEAD_WITHOUT_DEPARTMENT: 403}),
]  # fmt: skip


@pytest.fixture
def users(make_user):
    return {
        W: make_user(W),
        OP: make_user(OP, "service-centre"),
        MED: make_user(MED, "rights"),
        HEAD: make_user(HEAD, "rights"),
        LEAD: make_user(LEAD),
        ADM: make_user(ADM, "office"),
        # Held to their own department, and with none there is nothing to show.
        HEAD_WITHOUT_DEPARTMENT: make_user(HEAD),
    }


def test_the_roles_that_read_the_dashboard():
    readers = {
        role for role, perms in ROLE_PERMISSIONS.items() if "leadership.view_dashboard" in perms
    }
    assert readers == {HEAD, LEAD, ADM}


@pytest.mark.parametrize("name, expected", MATRIX, ids=[row[0] for row in MATRIX])
def test_role_by_page_matrix(client, users, name, expected):
    url = reverse(name)
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and reverse("login") in anonymous["Location"]
    for who, status in expected.items():
        client.force_login(users[who])
        response = client.get(url)
        assert response.status_code == status, f"{who} {name}: {response.status_code} != {status}"


def test_every_dashboard_url_has_a_row():
    from dashboard.urls import urlpatterns

    assert {f"dashboard:{pattern.name}" for pattern in urlpatterns} == {row[0] for row in MATRIX}
