"""Role × URL: who may list, make, download and print a case's documents, and edit the
templates. A new documents URL needs a row here."""

import pytest
from django.urls import reverse

from cases.views import TRACKED_SESSION_KEY
from documents import services
from documents.models import DocumentKind
from zhanjiang_union.accounts.roles import Role

from .helpers import accepted

W, OP, MED, HEAD, LEAD, ADM = (
    Role.WORKER, Role.HOTLINE_OPERATOR, Role.MEDIATOR, Role.DEPARTMENT_HEAD, Role.LEADERSHIP, Role.ADMIN,
)  # fmt: skip
OTHER = "mediator-of-another-department"

CASE_STAFF = {W: 403, OP: 404, MED: 200, HEAD: 200, LEAD: 403, ADM: 200, OTHER: 404}
ADMINS = {W: 403, OP: 403, MED: 403, HEAD: 403, LEAD: 403, ADM: 200, OTHER: 403}
MATRIX = [
    ("documents:case_documents", CASE_STAFF),
    ("documents:make", CASE_STAFF),
    ("documents:docx", CASE_STAFF),
    ("documents:print", CASE_STAFF),
    ("documents:templates", ADMINS),
    ("documents:template_edit", ADMINS),
    # Staff do not download through the worker's door; nobody without the tracking
    # session of the document's case does.
    ("documents:tracked_docx", {W: 404, OP: 404, MED: 404, HEAD: 404, LEAD: 404, ADM: 404, OTHER: 404}),
    # The filer's door: no account here filed the case (another worker's is 404).
    ("documents:my_docx", {W: 404, OP: 404, MED: 404, HEAD: 404, LEAD: 404, ADM: 404, OTHER: 404}),
    # The SMS sign-in's door: an account is not that sign-in, so every one is sent to it.
    ("documents:phone_docx", {W: 302, OP: 302, MED: 302, HEAD: 302, LEAD: 302, ADM: 302, OTHER: 302}),
]  # fmt: skip


@pytest.fixture
def users(role_users, make_user):
    return {**role_users, OTHER: make_user(Role.MEDIATOR, "grassroots")}


@pytest.fixture
def document(make_case, users):
    case = accepted(make_case, users[MED])
    return services.document_make(case=case, kind=DocumentKind.ACCEPTANCE, actor=users[MED])


def url_for(name, document):
    return {
        "documents:case_documents": lambda: reverse(name, args=[document.case_id]),
        "documents:make": lambda: reverse(name, args=[document.case_id, "acceptance"]),
        "documents:template_edit": lambda: reverse(name, args=["acceptance"]),
        "documents:templates": lambda: reverse(name),
    }.get(name, lambda: reverse(name, args=[document.pk]))()


@pytest.mark.parametrize("name, expected", MATRIX, ids=[row[0] for row in MATRIX])
def test_role_by_url_matrix(client, users, document, name, expected):
    url = url_for(name, document)
    anonymous = client.get(url)
    if name == "documents:tracked_docx":
        assert anonymous.status_code == 404
    elif name == "documents:phone_docx":
        assert anonymous.status_code == 302 and anonymous["Location"] == reverse("cases:sign_in")
    else:
        assert anonymous.status_code == 302 and reverse("login") in anonymous["Location"]
    for who, status in expected.items():
        client.force_login(users[who])
        response = client.get(url)
        assert response.status_code == status, f"{who} {name}: {response.status_code} != {status}"


def test_every_documents_url_has_a_row():
    from documents.urls import urlpatterns

    assert {f"documents:{p.name}" for p in urlpatterns} == {row[0] for row in MATRIX}


def test_a_download_is_a_private_attachment_without_personal_data_in_its_name(
    client, users, document
):
    client.force_login(users[MED])
    response = client.get(reverse("documents:docx", args=[document.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f'filename="acceptance-{document.year}-{document.sequence}.docx"' in disposition
    assert "张三" not in disposition and "13800138000" not in disposition
    from cases.models import PersonalDataAccess

    access = PersonalDataAccess.objects.get(case=document.case, user=users[MED])
    assert access.view == "documents:docx"


def test_the_worker_downloads_a_notice_written_to_them_from_their_tracking_session(
    client, users, document
):
    application = services.document_make(
        case=document.case, kind=DocumentKind.APPLICATION, actor=users[MED]
    )
    session = client.session
    session[TRACKED_SESSION_KEY] = document.case_id
    session.save()
    notice = client.get(reverse("documents:tracked_docx", args=[document.pk]))
    assert notice.status_code == 200 and "no-store" in notice["Cache-Control"]
    # A document written to the union or a court is not the worker's to download here.
    assert client.get(reverse("documents:tracked_docx", args=[application.pk])).status_code == 404


def test_another_cases_tracking_session_gets_nothing(client, users, document, make_case):
    session = client.session
    session[TRACKED_SESSION_KEY] = make_case().pk
    session.save()
    assert client.get(reverse("documents:tracked_docx", args=[document.pk])).status_code == 404


def test_the_case_page_links_to_its_documents_for_those_who_act(client, users, document):
    link = reverse("documents:case_documents", args=[document.case_id])
    client.force_login(users[MED])
    assert link in client.get(reverse("cases:detail", args=[document.case_id])).content.decode()
    client.force_login(users[LEAD])
    assert link not in client.get(reverse("cases:detail", args=[document.case_id])).content.decode()


def test_the_documents_page_makes_a_fixed_number_of_queries(client, users, document):
    client.force_login(users[MED])
    url = reverse("documents:case_documents", args=[document.case_id])

    def queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = queries()
    for _ in range(6):
        services.document_make(case=document.case, kind=DocumentKind.ACCEPTANCE, actor=users[MED])
    assert queries() == few
