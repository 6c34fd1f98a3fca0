"""Typical cases: a draft from a closed case with every personal datum removed
(a property test), reviewed by a department head and published."""

import string

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from cases import services as case_services
from cases.models import Case, MediationSession
from knowledge import search, services
from knowledge.models import PublicEmployer, SearchDocument, TypicalCase
from zhanjiang_union.accounts.roles import Role

pytestmark = pytest.mark.django_db

# Surnames and given-name characters that occur in no template, placeholder or
# category name, so that a name found in a draft can only have come from the case.
SURNAMES = (
    "张王李赵刘陈杨黄周吴徐孙马朱胡郭林罗梁宋郑谢韩唐冯董萧程曹袁邓许傅沈彭吕苏卢蒋蔡"
    "贾丁魏薛叶阎潘杜戴夏钟汪姜范姚谭廖邹熊陆郝孔崔毛邱秦顾侯邵孟段雷钱汤尹黎乔贺赖龚"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛超秀桂英玉兰萍红鹏辉彬晶琳燕倩婷宇浩凯"
ROADS = "人民解放海滨观海椹川湖光北桥"
_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def _with_check(body: str) -> str:
    total = sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


names = st.builds(
    lambda s, g: s + g, st.sampled_from(SURNAMES), st.text(GIVEN, min_size=1, max_size=2)
)
phones = st.builds(
    lambda p, rest: f"1{p}{rest}",
    st.sampled_from("3456789"),
    st.text(string.digits, min_size=9, max_size=9),
)
id_numbers = st.builds(
    lambda region, birth, seq: _with_check(f"{region}{birth}{seq}"),
    st.sampled_from(["440802", "440803", "440881", "110105"]),
    st.dates().map(lambda d: f"{d.year:04d}{d.month:02d}{d.day:02d}").filter(lambda s: len(s) == 8),
    st.text(string.digits, min_size=3, max_size=3),
)
addresses = st.builds(
    lambda district, road, number: f"湛江市{district}{road}路{number}号",
    st.sampled_from(["赤坎区", "霞山区", "麻章区", "遂溪县"]),
    st.text(ROADS, min_size=2, max_size=3),
    st.integers(1, 999),
)
employers = st.builds(
    lambda word: f"湛江{word}电子有限公司", st.text("鑫宏达盛隆兴旺通顺", min_size=2, max_size=3)
)
people = st.tuples(names, id_numbers, phones, addresses)


def _closed_case(make_case, mediator, persons, employer, employer_address):
    complainants = [
        case_services.ComplainantInput(
            name=n, id_number=i, phone=p, address=a, email=f"w{k}@example.cn"
        )
        for k, (n, i, p, a) in enumerate(persons)
    ]
    first_name, first_id, first_phone, first_address = persons[0]
    spaced = f"{first_phone[:3]}-{first_phone[3:7]}-{first_phone[7:]}"
    facts = (
        f"我叫{first_name}，身份证号{first_id.lower()}，电话{spaced}，住在{first_address}。"
        f"在{employer}（{employer_address}）做了两年，单位拖欠工资三个月。"
        + "，".join(f"{n}（{p}）也被拖欠工资" for n, _i, p, _a in persons[1:])
    )
    case = make_case(
        complainants=complainants,
        employer_name=employer,
        employer_address=employer_address,
        facts=facts,
        demand=f"要求{employer}支付工资，联系{first_phone}，邮箱w0@example.cn。",
    )
    MediationSession.objects.create(
        case=case,
        scheduled_at=timezone.now(),
        place="调解室",
        result="agreement",
        result_note=f"{first_name}与{employer}代表到场，{persons[-1][0]}电话{persons[-1][2]}。",
    )
    Case.objects.filter(pk=case.pk).update(
        status="closed",
        closed_at=timezone.now(),
        outcome="agreement_performed",
        outcome_note=f"{employer}已向{first_name}支付，送达{first_address}。",
    )
    return Case.objects.get(pk=case.pk)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # a failure prints its example as is
)
@given(
    persons=st.lists(people, min_size=1, max_size=3, unique_by=lambda p: (p[0], p[1], p[2])),
    employer=employers,
    employer_address=addresses,
)
def test_no_personal_datum_of_the_case_survives_in_the_draft(
    make_case, role_users, persons, employer, employer_address
):
    mediator = role_users[Role.MEDIATOR]
    case = _closed_case(make_case, mediator, persons, employer, employer_address)
    draft = services.typical_case_draft_from_case(case=case, actor=mediator)
    text = "\n".join(
        str(getattr(draft, field.name))
        for field in TypicalCase._meta.get_fields()
        if field.concrete and not field.is_relation
    ).casefold()
    secrets = [employer, employer_address, "w0@example.cn"]
    for name, id_number, phone, address in persons:
        secrets += [name, id_number, phone, address, f"{phone[:3]}-{phone[3:7]}-{phone[7:]}"]
    for secret in secrets:
        assert secret.casefold() not in text, secret
    assert "拖欠工资" in draft.facts  # the story itself stays


def test_a_public_employer_keeps_its_name(make_case, role_users):
    mediator = role_users[Role.MEDIATOR]
    PublicEmployer.objects.create(name="湛江市某国有公交公司")
    case = _closed_case(
        make_case, mediator, [("张伟", _with_check("44080219900101123"), "13912345678", "湛江市赤坎区人民路1号")],
        "湛江市某国有公交公司", "湛江市霞山区海滨路2号",
    )  # fmt: skip
    draft = services.typical_case_draft_from_case(case=case, actor=mediator)
    assert "湛江市某国有公交公司" in draft.facts
    assert "张伟" not in draft.facts and "13912345678" not in draft.facts


def test_only_a_closed_case_becomes_a_draft(make_case, role_users):
    with pytest.raises(services.KnowledgeError):
        services.typical_case_draft_from_case(case=make_case(), actor=role_users[Role.MEDIATOR])


@pytest.fixture
def draft(make_case, role_users):
    mediator = role_users[Role.MEDIATOR]
    case = _closed_case(
        make_case, mediator, [("李娜", _with_check("44080219900101123"), "13912345678", "湛江市赤坎区人民路1号")],
        "湛江鑫宏电子有限公司", "湛江市霞山区海滨路2号",
    )  # fmt: skip
    return services.typical_case_draft_from_case(case=case, actor=mediator)


def test_a_mediator_cannot_publish_a_head_can(draft, role_users):
    mediator, head = role_users[Role.MEDIATOR], role_users[Role.DEPARTMENT_HEAD]
    with pytest.raises(services.KnowledgeError):
        services.typical_case_submit(typical_case=draft, actor=role_users[Role.HOTLINE_OPERATOR])
    services.typical_case_submit(typical_case=draft, actor=mediator)
    with pytest.raises(services.KnowledgeError):
        services.typical_case_publish(typical_case=draft, actor=mediator)
    assert draft.status == TypicalCase.Status.IN_REVIEW
    services.typical_case_publish(typical_case=draft, actor=head)
    draft.refresh_from_db()
    assert draft.status == TypicalCase.Status.PUBLISHED and draft.reviewed_by == head
    assert SearchDocument.objects.filter(kind="typical_case", object_id=draft.pk).exists()
    services.typical_case_return(typical_case=draft, actor=head)
    assert not SearchDocument.objects.filter(kind="typical_case", object_id=draft.pk).exists()


def test_a_head_of_another_department_cannot_publish(draft, role_users, make_user):
    services.typical_case_submit(typical_case=draft, actor=role_users[Role.MEDIATOR])
    other_head = make_user(Role.DEPARTMENT_HEAD, "grassroots")
    with pytest.raises(services.KnowledgeError):
        services.typical_case_publish(typical_case=draft, actor=other_head)


def test_publishing_is_refused_while_personal_data_is_in_the_text(draft, role_users):
    draft.lesson = "请联系李娜，电话13912345678。"
    draft.save()
    services.typical_case_submit(typical_case=draft, actor=role_users[Role.MEDIATOR])
    with translation.override("en"), pytest.raises(services.KnowledgeError, match="personal data"):
        services.typical_case_publish(typical_case=draft, actor=role_users[Role.DEPARTMENT_HEAD])


def test_the_workflow_through_the_staff_pages(client, draft, role_users):
    mediator, head = role_users[Role.MEDIATOR], role_users[Role.DEPARTMENT_HEAD]
    url = reverse("knowledge:staff_typical_case", args=[draft.pk])
    client.force_login(mediator)
    page = client.get(url).content.decode()
    assert "李娜" not in page and "13912345678" not in page
    # A bad edit keeps what was typed.
    response = client.post(url, {"title": "", "facts": "新的事实经过", "categories": []})
    assert response.status_code == 400 and "新的事实经过" in response.content.decode()
    response = client.post(reverse("knowledge:typical_case_action", args=[draft.pk, "publish"]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == TypicalCase.Status.DRAFT
    client.post(reverse("knowledge:typical_case_action", args=[draft.pk, "submit"]))
    client.force_login(head)
    assert (
        "Publish" in client.get(url).content.decode() or "发布" in client.get(url).content.decode()
    )
    client.post(reverse("knowledge:typical_case_action", args=[draft.pk, "publish"]))
    draft.refresh_from_db()
    assert draft.status == TypicalCase.Status.PUBLISHED
    client.logout()
    public = client.get(reverse("knowledge:typical_case", args=[draft.pk]))
    assert public.status_code == 200
    assert draft.title in public.content.decode()
    assert draft.title in [hit.title for hit in search.search(draft.title)]


def test_a_draft_is_started_from_the_closed_case_page(client, make_case, role_users):
    mediator = role_users[Role.MEDIATOR]
    case = _closed_case(
        make_case, mediator, [("王芳", _with_check("44080219900101123"), "13912345678", "湛江市赤坎区人民路1号")],
        "湛江鑫宏电子有限公司", "湛江市霞山区海滨路2号",
    )  # fmt: skip
    client.force_login(mediator)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert reverse("knowledge:typical_case_new", args=[case.pk]) in page
    response = client.post(reverse("knowledge:typical_case_new", args=[case.pk]))
    draft = TypicalCase.objects.get(source_case=case)
    assert response.status_code == 302 and response["Location"] == reverse(
        "knowledge:staff_typical_case", args=[draft.pk]
    )
    client.force_login(role_users[Role.HOTLINE_OPERATOR])
    assert client.post(reverse("knowledge:typical_case_new", args=[case.pk])).status_code == 403
