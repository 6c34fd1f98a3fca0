"""What the worker sees of the case's documents: the notices written to them on the
tracking page (for the session that opened the case with its query code), the line on
their timeline, and nothing personal left once the case is past its retention period."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cases import retention, signin
from cases.models import Case, PersonalDataAccess
from cases.views import TRACKED_SESSION_KEY
from documents import services, word
from documents.models import CaseDocument, DocumentKind
from zhanjiang_union.accounts.roles import Role

from .helpers import accepted, docx_text

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def _tracking(client, case):
    session = client.session
    session[TRACKED_SESSION_KEY] = case.pk
    session.save()


def test_the_tracking_page_offers_the_notices_written_to_the_worker(client, make_case, role_users):
    mediator = role_users[Role.MEDIATOR]
    case = accepted(make_case, mediator)
    notice = services.document_make(case=case, kind=DocumentKind.ACCEPTANCE, actor=mediator)
    application = services.document_make(case=case, kind=DocumentKind.APPLICATION, actor=mediator)
    _tracking(client, case)
    page = client.get(reverse("cases:track_result"), **ZH).content.decode()
    assert reverse("documents:tracked_docx", args=[notice.pk]) in page
    assert reverse("documents:tracked_docx", args=[application.pk]) not in page
    assert f"已向您出具受理通知书（{notice.number}）" in page  # the worker's timeline line
    assert "制作文书" not in page  # not the staff's wording


def test_the_worker_signed_in_to_my_complaints_is_not_offered_the_tracking_download(
    client, make_case, role_users
):
    mediator, worker = role_users[Role.MEDIATOR], role_users[Role.WORKER]
    case = accepted(make_case, mediator, filed_by=worker)
    notice = services.document_make(case=case, kind=DocumentKind.ACCEPTANCE, actor=mediator)
    client.force_login(worker)
    page = client.get(reverse("cases:my_case", args=[case.pk])).content.decode()
    assert reverse("documents:tracked_docx", args=[notice.pk]) not in page


def test_past_retention_a_document_keeps_its_number_and_loses_the_people(make_case, role_users):
    mediator = role_users[Role.MEDIATOR]
    case = accepted(make_case, mediator)
    notice = services.document_make(case=case, kind=DocumentKind.ACCEPTANCE, actor=mediator)
    assert "张三" in notice.addressee
    Case.objects.filter(pk=case.pk).update(
        status="closed", outcome="withdrawn", closed_at=timezone.now() - timedelta(days=4000)
    )
    assert retention.closed_cases_deidentify() == 1
    notice = CaseDocument.objects.get(pk=notice.pk)
    _word, text = docx_text(word.document_docx(notice))
    assert notice.number in text and "受理通知书" in text
    assert "张三" not in text and "湛江某某电子有限公司" not in text


def test_my_complaints_offers_the_worker_their_notices_and_no_one_else_s(
    client, make_case, role_users, make_user
):
    mediator, worker = role_users[Role.MEDIATOR], role_users[Role.WORKER]
    case = accepted(make_case, mediator, filed_by=worker)
    notice = services.document_make(case=case, kind=DocumentKind.ACCEPTANCE, actor=mediator)
    application = services.document_make(case=case, kind=DocumentKind.APPLICATION, actor=mediator)
    client.force_login(worker)
    page = client.get(reverse("cases:my_case", args=[case.pk]), **ZH).content.decode()
    download = reverse("documents:my_docx", args=[notice.pk])
    assert download in page and reverse("documents:my_docx", args=[application.pk]) not in page
    response = client.get(download)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    _word, text = docx_text(response.content)
    assert notice.number in text
    access = PersonalDataAccess.objects.get(case=case, user=worker)
    assert access.view == "documents:my_docx"
    # Not written to the worker, or another worker's case: nothing.
    assert client.get(reverse("documents:my_docx", args=[application.pk])).status_code == 404
    client.force_login(make_user(Role.WORKER))
    assert client.get(download).status_code == 404


def test_the_sms_sign_in_offers_the_notices_of_that_phone_s_cases_only(
    client, make_case, role_users
):
    mediator = role_users[Role.MEDIATOR]
    case = accepted(make_case, mediator)
    notice = services.document_make(case=case, kind=DocumentKind.ACCEPTANCE, actor=mediator)
    session = client.session
    session[signin.SESSION_KEY] = case.complainants.get().phone
    session.save()
    page = client.get(reverse("cases:phone_case", args=[case.pk]), **ZH).content.decode()
    download = reverse("documents:phone_docx", args=[notice.pk])
    assert download in page
    response = client.get(download)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    # Another number signed in: the document is not there for it.
    session = client.session
    session[signin.SESSION_KEY] = "13900139000"
    session.save()
    assert client.get(download).status_code == 404
