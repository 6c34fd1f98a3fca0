"""Role × action: who may open which case page. A new case URL needs a row here."""

import pytest
from django.urls import reverse

from cases.models import Case
from zhanjiang_union.accounts.roles import Role

W, OP, MED, HEAD, LEAD, ADM = (
    Role.WORKER, Role.HOTLINE_OPERATOR, Role.MEDIATOR, Role.DEPARTMENT_HEAD, Role.LEADERSHIP, Role.ADMIN,
)  # fmt: skip
OTHER_DEPT_MEDIATOR = "mediator-of-another-department"

# url name, method, expected status per user (anonymous: login redirect, 302)
MATRIX = [
    ("cases:workbench", "get", {W: 403, OP: 200, MED: 200, HEAD: 200, LEAD: 200, ADM: 200, OTHER_DEPT_MEDIATOR: 200}),
    ("cases:intake", "get", {W: 403, OP: 200, MED: 200, HEAD: 200, LEAD: 403, ADM: 200, OTHER_DEPT_MEDIATOR: 200}),
    ("cases:detail", "get", {W: 403, OP: 404, MED: 200, HEAD: 200, LEAD: 200, ADM: 200, OTHER_DEPT_MEDIATOR: 404}),
    ("cases:move", "get", {W: 403, OP: 404, MED: 200, HEAD: 200, LEAD: 403, ADM: 200, OTHER_DEPT_MEDIATOR: 404}),
    ("cases:hand_on", "get", {W: 403, OP: 404, MED: 200, HEAD: 200, LEAD: 403, ADM: 200, OTHER_DEPT_MEDIATOR: 404}),
    ("cases:assign", "get", {W: 403, OP: 404, MED: 403, HEAD: 200, LEAD: 403, ADM: 200, OTHER_DEPT_MEDIATOR: 404}),
    ("cases:note", "post", {W: 403, OP: 404, MED: 302, HEAD: 302, LEAD: 403, ADM: 302, OTHER_DEPT_MEDIATOR: 404}),
    ("cases:related", "post", {W: 403, OP: 404, MED: 302, HEAD: 302, LEAD: 403, ADM: 302, OTHER_DEPT_MEDIATOR: 404}),
    ("cases:mass_incident", "post", {W: 403, OP: 404, MED: 302, HEAD: 302, LEAD: 403, ADM: 302, OTHER_DEPT_MEDIATOR: 404}),
    ("cases:recovered", "get", {W: 403, OP: 404, MED: 200, HEAD: 200, LEAD: 403, ADM: 200, OTHER_DEPT_MEDIATOR: 404}),
    ("cases:session_new", "get", {W: 403, OP: 404, MED: 200, HEAD: 200, LEAD: 403, ADM: 200, OTHER_DEPT_MEDIATOR: 404}),
    ("cases:deadline_extend", "get", {W: 403, OP: 404, MED: 200, HEAD: 200, LEAD: 403, ADM: 200, OTHER_DEPT_MEDIATOR: 404}),
    ("cases:deadline_pause", "get", {W: 403, OP: 404, MED: 200, HEAD: 200, LEAD: 403, ADM: 200, OTHER_DEPT_MEDIATOR: 404}),
    ("cases:deadline_resume", "post", {W: 403, OP: 404, MED: 302, HEAD: 302, LEAD: 403, ADM: 302, OTHER_DEPT_MEDIATOR: 404}),
    # An invalid answer (no decision): 400 for those who may answer, nothing changes.
    ("cases:reopen_decide", "post", {W: 403, OP: 404, MED: 403, HEAD: 400, LEAD: 403, ADM: 400, OTHER_DEPT_MEDIATOR: 404}),
    ("cases:collective", "get", {W: 403, OP: 404, MED: 200, HEAD: 200, LEAD: 200, ADM: 200, OTHER_DEPT_MEDIATOR: 404}),
    ("cases:collective_xlsx", "get", {W: 403, OP: 404, MED: 200, HEAD: 200, LEAD: 200, ADM: 200, OTHER_DEPT_MEDIATOR: 404}),
    ("cases:collective_merge", "get", {W: 403, OP: 404, MED: 200, HEAD: 200, LEAD: 403, ADM: 200, OTHER_DEPT_MEDIATOR: 404}),
    ("cases:collective_notice", "get", {W: 403, OP: 404, MED: 200, HEAD: 200, LEAD: 403, ADM: 200, OTHER_DEPT_MEDIATOR: 404}),
    # Nothing valid posted: told so on the roll, nothing changes.
    ("cases:collective_split", "post", {W: 403, OP: 404, MED: 302, HEAD: 302, LEAD: 403, ADM: 302, OTHER_DEPT_MEDIATOR: 404}),
    ("cases:collective_representative", "post", {W: 403, OP: 404, MED: 302, HEAD: 302, LEAD: 403, ADM: 302, OTHER_DEPT_MEDIATOR: 404}),
    ("cases:my_case", "get", {W: 404, OP: 404, MED: 404, HEAD: 404, LEAD: 404, ADM: 404, OTHER_DEPT_MEDIATOR: 404}),
]  # fmt: skip

CASE_ARGS = {
    "cases:detail", "cases:move", "cases:assign", "cases:note", "cases:recovered",
    "cases:session_new", "cases:my_case", "cases:related", "cases:mass_incident",
    "cases:collective", "cases:collective_xlsx", "cases:collective_merge", "cases:collective_notice",
    "cases:collective_split", "cases:collective_representative",
}  # fmt: skip


def url_for(name: str, case: Case) -> str:
    if name.startswith("cases:deadline_"):
        return reverse(name, args=[case.deadlines.first().pk])
    if name == "cases:reopen_decide":
        from cases.models import ReopenRequest

        return reverse(name, args=[ReopenRequest.objects.create(case=case, reason="未履行").pk])
    if name == "cases:move":
        return reverse(name, args=[case.pk, "record_agreement"])
    if name == "cases:hand_on":
        return reverse(name, args=[case.pk, "down"])
    return reverse(name, args=[case.pk]) if name in CASE_ARGS else reverse(name)


@pytest.fixture
def users(role_users, make_user):
    return {**role_users, OTHER_DEPT_MEDIATOR: make_user(Role.MEDIATOR, "grassroots")}


@pytest.mark.parametrize("name, method, expected", MATRIX, ids=[row[0] for row in MATRIX])
def test_role_by_action_matrix(client, make_case, users, name, method, expected):
    case = make_case()
    Case.objects.filter(pk=case.pk).update(status="mediation")  # every listed page applies
    case.refresh_from_db()
    url = url_for(name, case)
    data = {"text": "备注"} if method == "post" else None
    anonymous = getattr(client, method)(url, data)
    assert anonymous.status_code in (302, 404), "anonymous"
    if anonymous.status_code == 302:
        assert reverse("login") in anonymous["Location"]
    for who, status in expected.items():
        client.force_login(users[who])
        response = getattr(client, method)(url, data)
        assert response.status_code == status, f"{who} {name}: {response.status_code} != {status}"


def test_every_case_url_has_a_row():
    from cases.urls import urlpatterns

    listed = {row[0] for row in MATRIX}
    public = {
        "cases:complaint_new",
        "cases:complaint_done",
        "cases:track",
        "cases:track_result",
        "cases:privacy",
        "cases:my_cases",
        # The worker's sign-in by mobile number (its own tests: test_phone_sign_in.py).
        "cases:sign_in",
        "cases:sign_in_code",
        "cases:sign_out",
        "cases:phone_cases",
        "cases:phone_case",
    }
    covered_elsewhere = {
        "cases:evidence",
        "cases:handoff_ack",
        "cases:session_result",
        "cases:agreement",
        # The grid's pages: test_the_grid_pages_by_role below and test_grid_pages.py.
        "cases:my_organisation",
        "cases:organisation",
        "cases:organisation_merge",
        # The grid's .xlsx (test_grid_import.py).
        "cases:organisations_xlsx",
        "cases:organisations_import",
        # The mediators' register and the loan of a mediator to a city case
        # (test_grid_register.py, test_grid_register_import.py, test_grid_secondment.py).
        "cases:mediators_xlsx",
        "cases:mediators_import",
        "cases:mediator_new",
        "cases:mediator_edit",
        "cases:mediator_end",
        "cases:secondment_acknowledge",
        "cases:secondment_decline",
    }
    names = {f"cases:{p.name}" for p in urlpatterns}
    assert names - listed - public - covered_elsewhere == set()


def test_the_worker_who_filed_reads_own_case_only(client, make_case, role_users, make_user):
    owner, other = role_users[Role.WORKER], make_user(Role.WORKER)
    case = make_case(filed_by=owner)
    client.force_login(owner)
    assert client.get(reverse("cases:my_case", args=[case.pk])).status_code == 200
    client.force_login(other)
    assert client.get(reverse("cases:my_case", args=[case.pk])).status_code == 404


def test_leadership_reads_everything_and_changes_nothing(client, make_case, role_users):
    case = make_case()
    client.force_login(role_users[Role.LEADERSHIP])
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    response = client.post(
        reverse("cases:move", args=[case.pk, "accept_mediation"]), {"version": case.version}
    )
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.status == "intake" and case.events.count() == 1


def test_lists_mask_phones_and_the_handler_sees_them_whole(client, make_case, role_users):
    case = make_case()
    client.force_login(role_users[Role.LEADERSHIP])
    workbench = client.get(reverse("cases:workbench")).content.decode()
    assert "138****8000" in workbench and "13800138000" not in workbench
    detail = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "13800138000" not in detail and "11010519491231002X" not in detail
    client.force_login(role_users[Role.MEDIATOR])
    detail = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "13800138000" in detail and "11010519491231002X" in detail


def test_each_view_of_full_personal_data_is_logged_for_admins(client, make_case, role_users):
    from cases.models import PersonalDataAccess

    case = make_case()
    client.force_login(role_users[Role.LEADERSHIP])  # sees the case masked: nothing to log
    client.get(reverse("cases:detail", args=[case.pk]))
    assert not PersonalDataAccess.objects.exists()
    mediator = role_users[Role.MEDIATOR]
    client.force_login(mediator)
    client.get(reverse("cases:detail", args=[case.pk]))
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.case, access.view) == (mediator, case, "case_page")
    assert access.client_address == "127.0.0.1"
    admin_user = role_users[Role.ADMIN]
    client.force_login(admin_user)
    log = client.get(reverse("admin:cases_personaldataaccess_changelist")).content.decode()
    assert case.number in log and str(mediator) in log


def test_the_access_log_names_the_workstation_behind_the_proxy(
    client, make_case, role_users, settings
):
    from cases.models import PersonalDataAccess

    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    case = make_case()
    client.force_login(role_users[Role.MEDIATOR])
    url = reverse("cases:detail", args=[case.pk])
    client.get(url, HTTP_X_FORWARDED_FOR="10.20.30.40")
    assert PersonalDataAccess.objects.get().client_address == "10.20.30.40"


# The grid's pages, by role: staff open their organisation's page (404 beside it: see
# test_grid_pages.py), workers get 403, visitors the login page.
GRID_PAGES = {W: 403, OP: 200, MED: 200, HEAD: 200, LEAD: 200, ADM: 200, OTHER_DEPT_MEDIATOR: 200}


@pytest.mark.parametrize("name", ["cases:my_organisation", "cases:organisation"])
def test_the_grid_pages_by_role(client, users, name):
    from zhanjiang_union.organisations.selectors import organisation_city

    args = [organisation_city().pk] if name == "cases:organisation" else []
    url = reverse(name, args=args)
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and reverse("login") in anonymous["Location"]
    for who, status in GRID_PAGES.items():
        client.force_login(users[who])
        assert client.get(url, follow=True).status_code == status, who


def test_only_the_administrators_merge_organisations(client, users):
    from zhanjiang_union.organisations.models import Organisation

    url = reverse("cases:organisation_merge", args=[Organisation.objects.get(code="xuwen").pk])
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and reverse("login") in anonymous["Location"]
    for who in users:
        client.force_login(users[who])
        assert client.get(url).status_code == (200 if who == ADM else 403), who
