"""Role × page: who may open which leadership page. A new leadership URL needs a row here.

The role users hold the permissions zhanjiang_union/accounts/roles.py lists for their
role, as roles.py is to give them.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from leadership import services
from leadership.periods import last_ended_period
from zhanjiang_union.accounts.models import Department
from zhanjiang_union.accounts.roles import Role

W, OP, MED, HEAD, LEAD, ADM = (
    Role.WORKER, Role.HOTLINE_OPERATOR, Role.MEDIATOR, Role.DEPARTMENT_HEAD, Role.LEADERSHIP, Role.ADMIN,
)  # fmt: skip
IC = "leader-in-charge-of-rights"
OH = "head-of-another-department"

# url name, method, report status (for report pages), expected status per user
# (anonymous: login redirect). The report belongs to 职工维权与服务部 (rights).
MATRIX = [
    ("leadership:roster", "get", None, {W: 403, OP: 200, MED: 200, HEAD: 200, LEAD: 200, IC: 200, ADM: 200, OH: 200}),
    ("leadership:roster_docx", "get", None, {W: 403, OP: 200, MED: 200, HEAD: 200, LEAD: 200, IC: 200, ADM: 200, OH: 200}),
    ("leadership:history", "get", None, {W: 403, OP: 200, MED: 200, HEAD: 200, LEAD: 200, IC: 200, ADM: 200, OH: 200}),
    ("leadership:members", "get", None, {W: 403, OP: 403, MED: 403, HEAD: 403, LEAD: 403, IC: 403, ADM: 200, OH: 403}),
    ("leadership:member_new", "get", None, {W: 403, OP: 403, MED: 403, HEAD: 403, LEAD: 403, IC: 403, ADM: 200, OH: 403}),
    ("leadership:member_order", "get", None, {W: 403, OP: 403, MED: 403, HEAD: 403, LEAD: 403, IC: 403, ADM: 200, OH: 403}),
    ("leadership:activities", "get", None, {W: 403, OP: 403, MED: 200, HEAD: 200, LEAD: 200, IC: 200, ADM: 200, OH: 200}),
    ("leadership:activity_new", "get", None, {W: 403, OP: 403, MED: 200, HEAD: 200, LEAD: 403, IC: 403, ADM: 200, OH: 200}),
    ("leadership:reports", "get", None, {W: 403, OP: 200, MED: 200, HEAD: 200, LEAD: 200, IC: 200, ADM: 200, OH: 200}),
    ("leadership:report_open", "post", None, {W: 403, OP: 403, MED: 403, HEAD: 302, LEAD: 403, IC: 403, ADM: 302, OH: 302}),
    ("leadership:report_detail", "get", "draft", {W: 403, OP: 404, MED: 200, HEAD: 200, LEAD: 404, IC: 200, ADM: 200, OH: 404}),
    ("leadership:report_submit", "get", "draft", {W: 403, OP: 404, MED: 403, HEAD: 200, LEAD: 404, IC: 403, ADM: 200, OH: 404}),
    ("leadership:report_review", "get", "submitted", {W: 403, OP: 404, MED: 403, HEAD: 403, LEAD: 404, IC: 200, ADM: 200, OH: 404}),
]  # fmt: skip


@pytest.fixture
def users(staff, leader_in_charge):
    return {
        W: staff(W),
        OP: staff(OP, "service-centre"),
        MED: staff(MED, "rights"),
        HEAD: staff(HEAD, "rights"),
        LEAD: staff(LEAD),
        IC: leader_in_charge("邵平静", ["rights"]),
        ADM: staff(ADM, "office"),
        OH: staff(HEAD, "grassroots"),
    }


@pytest.mark.parametrize(
    "name, method, report_status, expected", MATRIX, ids=[r[0] for r in MATRIX]
)
def test_role_by_page_matrix(client, users, name, method, report_status, expected):
    period = last_ended_period(timezone.localdate())
    args = []
    if report_status:
        report = services.report_open_for_period(
            department=Department.objects.get(code="rights"), period_start=period.start
        )
        if report_status == "submitted":
            services.report_submit(report=report, actor=users[HEAD], text="报告")
        args = [report.pk]
    url = reverse(name, args=args)
    data = {"period": period.start.isoformat()} if method == "post" else None

    anonymous = getattr(client, method)(url, data)
    assert anonymous.status_code == 302 and reverse("login") in anonymous["Location"]
    for who, status in expected.items():
        client.force_login(users[who])
        response = getattr(client, method)(url, data)
        assert response.status_code == status, f"{who} {name}: {response.status_code} != {status}"
