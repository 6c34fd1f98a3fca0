"""Making a document from its page: what a mediator types is checked, kept when refused,
and a form sent twice makes one document, not two numbers."""

import re

from django.urls import reverse

from documents.models import CaseDocument, DocumentKind
from zhanjiang_union.accounts.roles import Role

from .helpers import referred_to_inspection

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def _key(page: str) -> str:
    return re.search(r'name="submission_key" value="([^"]+)"', page).group(1)


def test_a_refusal_without_a_reason_is_refused_and_one_with_it_made_once(
    client, make_case, role_users
):
    case = make_case()
    client.force_login(role_users[Role.MEDIATOR])
    url = reverse("documents:make", args=[case.pk, "refusal"])
    key = _key(client.get(url).content.decode())

    empty = client.post(url, {"submission_key": key, "reason": "  "}, **ZH)
    assert empty.status_code == 400
    assert "这个字段是必须的" in empty.content.decode()
    assert not CaseDocument.objects.exists()

    data = {"submission_key": key, "reason": "不属于劳动争议。"}
    made = client.post(url, data, **ZH)
    assert made.status_code == 302
    assert made["Location"] == reverse("documents:case_documents", args=[case.pk])
    again = client.post(url, data, **ZH)
    assert again.status_code == 302
    document = CaseDocument.objects.get()
    assert document.kind == DocumentKind.REFUSAL and "不属于劳动争议。" in document.body
    page = client.get(made["Location"], **ZH).content.decode()
    assert document.number in page


def test_a_handoff_letter_names_one_of_the_cases_referrals_only(client, make_case, role_users):
    mediator = role_users[Role.MEDIATOR]
    case = referred_to_inspection(make_case, mediator)
    other = referred_to_inspection(make_case, mediator)
    client.force_login(mediator)
    url = reverse("documents:make", args=[case.pk, "handoff"])
    key = _key(client.get(url).content.decode())
    foreign = client.post(url, {"submission_key": key, "handoff": other.handoffs.get().pk}, **ZH)
    assert foreign.status_code == 400  # not a choice of this case
    assert not CaseDocument.objects.exists()
    mine = client.post(url, {"submission_key": key, "handoff": case.handoffs.get().pk}, **ZH)
    assert mine.status_code == 302
    assert "湛江市劳动保障监察支队" in CaseDocument.objects.get().addressee


def test_a_document_the_case_does_not_allow_yet_is_not_offered(client, make_case, role_users):
    case = make_case()
    client.force_login(role_users[Role.MEDIATOR])
    response = client.get(reverse("documents:make", args=[case.pk, "acceptance"]), **ZH)
    assert response.status_code == 302
    page = client.get(response["Location"], **ZH).content.decode()
    assert "本案尚未受理调解申请。" in page
    assert client.get(reverse("documents:make", args=[case.pk, "nonsense"])).status_code == 404


def test_hostile_choices_of_referral_and_served_document_are_refused_not_a_500(
    client, make_case, role_users
):
    mediator = role_users[Role.MEDIATOR]
    case = referred_to_inspection(make_case, mediator)
    client.force_login(mediator)
    for kind, field in (("handoff", "handoff"), ("service", "served")):
        if kind == "service":
            from documents import services

            services.document_make(case=case, kind=DocumentKind.APPLICATION, actor=mediator)
        url = reverse("documents:make", args=[case.pk, kind])
        for value in ("9" * 25, "-1", "abc", "\x00", "1e309"):
            response = client.post(url, {field: value, "recipient": "张三"})
            assert response.status_code == 400, (kind, value, response.status_code)
    assert not CaseDocument.objects.exclude(kind=DocumentKind.APPLICATION).exists()
