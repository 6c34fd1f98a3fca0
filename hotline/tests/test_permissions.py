"""Every hotline URL × every role: logged out → login; a page without the permission
→ 403; a record the user may not read → 404; allowed → 200 (or the redirect after a
valid POST). A new hotline URL needs a row here."""

import pytest
from django.urls import reverse

from cases import services as case_services
from hotline import services
from hotline.models import Call
from hotline.tests.form_data import local
from zhanjiang_union.accounts.roles import Role

W, OP, MED, HEAD, LEAD, ADM = (
    Role.WORKER, Role.HOTLINE_OPERATOR, Role.MEDIATOR,
    Role.DEPARTMENT_HEAD, Role.LEADERSHIP, Role.ADMIN,
)  # fmt: skip

# url name, method, expected status per role
MATRIX = [
    ("hotline:desk", "get", {W: 403, OP: 200, MED: 403, HEAD: 403, LEAD: 403, ADM: 200}),
    ("hotline:caller", "post", {W: 403, OP: 302, MED: 403, HEAD: 403, LEAD: 403, ADM: 302}),
    ("hotline:calls", "get", {W: 403, OP: 200, MED: 403, HEAD: 200, LEAD: 403, ADM: 200}),
    ("hotline:call_detail", "get", {W: 404, OP: 200, MED: 404, HEAD: 200, LEAD: 404, ADM: 200}),
    ("hotline:callback_record", "post",
     {W: 404, OP: 302, MED: 404, HEAD: 403, LEAD: 404, ADM: 302}),
    ("hotline:callbacks", "get", {W: 403, OP: 200, MED: 403, HEAD: 200, LEAD: 403, ADM: 200}),
    ("hotline:followups", "get", {W: 403, OP: 200, MED: 403, HEAD: 403, LEAD: 403, ADM: 200}),
    ("hotline:followup_record", "get",
     {W: 404, OP: 200, MED: 404, HEAD: 404, LEAD: 404, ADM: 200}),
    ("hotline:visits", "get", {W: 403, OP: 200, MED: 403, HEAD: 200, LEAD: 403, ADM: 200}),
    ("hotline:visit_new", "get", {W: 403, OP: 200, MED: 403, HEAD: 403, LEAD: 403, ADM: 200}),
    ("hotline:visit_detail", "get", {W: 404, OP: 200, MED: 404, HEAD: 200, LEAD: 404, ADM: 200}),
    ("hotline:visit_link_case", "post",
     {W: 404, OP: 302, MED: 404, HEAD: 403, LEAD: 404, ADM: 302}),
    ("hotline:external", "get", {W: 403, OP: 200, MED: 403, HEAD: 200, LEAD: 403, ADM: 200}),
    ("hotline:external_new", "get", {W: 403, OP: 200, MED: 403, HEAD: 403, LEAD: 403, ADM: 200}),
    # The staff intake opened from a call: the case permission, then the call's own rule.
    ("intake_from_call", "get", {W: 403, OP: 200, MED: 404, HEAD: 403, LEAD: 403, ADM: 200}),
]  # fmt: skip


@pytest.fixture
def records(users, make_case, make_call):
    operator = users[OP]
    case = make_case()
    closed = case_services.case_transition(
        case=make_case(employer_name="湛江已结厂"),
        action="close",
        actor=users[MED],
        expected_version=1,
        outcome="withdrawn",
    )
    call = make_call(received_at=local(2026, 11, 20, 10, 0), outcome=Call.Outcome.CALLBACK)
    visit = services.visit_record(
        actor=operator, visited_at=local(2026, 11, 20, 9, 0), visitor_count=2, demands="欠薪"
    )
    return {"case": case, "closed": closed, "call": call, "visit": visit}


def request_for(name: str, records) -> tuple[str, dict | None]:
    call, visit = records["call"], records["visit"]
    if name == "intake_from_call":
        return f"{reverse('cases:intake')}?call={call.pk}", None
    if name in ("hotline:call_detail",):
        return reverse(name, args=[call.pk]), None
    if name == "hotline:callback_record":
        # Not reached: the callback stays open for the next allowed user.
        return reverse(name, args=[call.pk]), {"result": "not_reached", "note": "占线"}
    if name == "hotline:caller":
        return reverse(name), {"phone": "13800138000"}
    if name == "hotline:followup_record":
        return reverse(name, args=[records["closed"].pk]), None
    if name == "hotline:visit_detail":
        return reverse(name, args=[visit.pk]), None
    if name == "hotline:visit_link_case":
        return reverse(name, args=[visit.pk]), {"case": records["case"].number}
    return reverse(name), None


@pytest.mark.parametrize("name, method, expected", MATRIX, ids=[row[0] for row in MATRIX])
def test_role_by_url_matrix(client, users, records, name, method, expected):
    url, data = request_for(name, records)
    anonymous = getattr(client, method)(url, data)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    for role, status in expected.items():
        client.force_login(users[role])
        response = getattr(client, method)(url, data)
        assert response.status_code == status, f"{role} {name}: {response.status_code} != {status}"


def test_every_hotline_url_has_a_row():
    from hotline.urls import urlpatterns

    listed = {row[0] for row in MATRIX}
    assert {f"hotline:{pattern.name}" for pattern in urlpatterns} - listed == set()


def test_post_only_urls_refuse_get(client, users, records):
    client.force_login(users[OP])
    for name in ("hotline:callback_record", "hotline:visit_link_case"):
        url, _data = request_for(name, records)
        assert client.get(url).status_code == 405


def test_an_unknown_record_is_404_even_for_operators(client, users):
    client.force_login(users[OP])
    for name in ("hotline:call_detail", "hotline:visit_detail", "hotline:followup_record"):
        assert client.get(reverse(name, args=[999999])).status_code == 404


OBJECT_URLS = [
    "hotline:call_detail",
    "hotline:callback_record",
    "hotline:followup_record",
    "hotline:visit_detail",
    "hotline:visit_link_case",
]


@pytest.mark.parametrize("name", OBJECT_URLS)
def test_outsiders_get_404_for_records_by_get_and_post(client, users, make_user, records, name):
    url, data = request_for(name, records)
    outsiders = [users[W], users[MED], users[LEAD], make_user(Role.MEDIATOR, "service-centre")]
    for user in outsiders:
        client.force_login(user)
        for method in ("get", "post"):
            status = getattr(client, method)(url, data).status_code
            assert status in (404, 405), f"{user} {method} {name}: {status}"
