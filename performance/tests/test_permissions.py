"""Role × page for performance: logged out → login, wrong role → 403, another
department's case → 404. A new URL needs a row here."""

from datetime import date

import pytest
from django.urls import reverse

from cases.models import ArbitrationAward, Case
from performance.models import Instalment
from zhanjiang_union.accounts.roles import Role

W, OP, MED, HEAD, LEAD, ADM = (
    Role.WORKER, Role.HOTLINE_OPERATOR, Role.MEDIATOR, Role.DEPARTMENT_HEAD, Role.LEADERSHIP, Role.ADMIN,
)  # fmt: skip
OTHER = "mediator-of-another-department"
STAFF_PAGE = {W: 403, OP: 404, MED: 200, HEAD: 200, LEAD: 403, ADM: 200, OTHER: 404}

MATRIX = [
    ("performance:schedule", STAFF_PAGE),
    ("performance:payment", STAFF_PAGE),
    ("performance:confirmation", STAFF_PAGE),
    ("performance:award_details", STAFF_PAGE),
    ("performance:limitation", STAFF_PAGE),
    ("performance:limitation_event", STAFF_PAGE),
]


@pytest.fixture
def users(role_users, make_user):
    return {**role_users, OTHER: make_user(Role.MEDIATOR, "grassroots")}


@pytest.fixture
def awarded_agreed(agreed):
    case = agreed()
    # The award pages need an award: the same case carries both for this test.
    ArbitrationAward.objects.create(
        case=case, awarded_on=date(2026, 11, 20), document_number="湛劳人仲案字〔2026〕1号"
    )
    return case


def url_for(name, case):
    if name == "performance:payment":
        return reverse(name, args=[Instalment.objects.get(agreement__case=case).pk])
    return reverse(name, args=[case.pk])


@pytest.mark.parametrize("name, expected", MATRIX, ids=[row[0] for row in MATRIX])
def test_role_by_page(client, awarded_agreed, users, name, expected):
    url = url_for(name, awarded_agreed)
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and reverse("login") in anonymous["Location"]
    for who, status in expected.items():
        client.force_login(users[who])
        assert client.get(url).status_code == status, who


def test_the_non_payment_report_takes_only_the_workers_own_case(client, agreed, users, make_user):
    owner = users[W]
    case = agreed(filed_by=owner)
    url = reverse("performance:non_payment", args=[case.pk])
    assert client.post(url, {"note": "x"}).status_code == 404  # logged out, not tracked
    client.force_login(make_user(Role.WORKER))
    assert client.post(url, {"note": "x"}).status_code == 404  # someone else's
    client.force_login(users[MED])
    assert client.post(url, {"note": "x"}).status_code == 404  # staff do not report
    client.force_login(owner)
    response = client.post(url, {"note": "x"})
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:my_case", args=[case.pk])
    assert client.get(url).status_code == 405


def test_every_performance_url_has_a_row():
    from performance.urls import urlpatterns

    listed = {row[0] for row in MATRIX} | {"performance:non_payment"}
    assert {f"performance:{p.name}" for p in urlpatterns} == listed


def test_an_award_page_without_an_award_is_404(client, agreed, users):
    case = agreed()
    client.force_login(users[MED])
    assert client.get(reverse("performance:award_details", args=[case.pk])).status_code == 404
    assert Case.objects.filter(pk=case.pk).exists()


def test_a_worker_signed_in_by_mobile_number_reports_from_their_case(client, agreed):
    from cases import signin
    from zhanjiang_union.testing import VALID_PHONE

    case = agreed()
    session = client.session
    session[signin.SESSION_KEY] = "13900139000"  # another worker's number
    session.save()
    url = reverse("performance:non_payment", args=[case.pk])
    assert client.post(url, {"note": "x"}).status_code == 404
    session[signin.SESSION_KEY] = VALID_PHONE  # the complainant's
    session.save()
    response = client.post(url, {"note": "x"})
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:phone_case", args=[case.pk])
