"""Each document made from a case, opened again as Word reads it; numbered per kind and
per year without gaps; logged on the timeline; the templates admins edit refused when
they name a placeholder the portal does not fill."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from docx.shared import Pt
from hypothesis import given, settings
from hypothesis import strategies as st

from cases.models import CaseEvent
from documents import services, word
from documents.models import CaseDocument, DocumentKind, DocumentTemplate
from documents.placeholders import PLACEHOLDERS, fill, placeholders_in, text_problems
from documents.selectors import chinese_date
from zhanjiang_union.accounts.roles import Role

from .helpers import accepted, docx_text, failed, referred_to_inspection, with_agreement

MADE_ON = date(2026, 3, 9)
EMPLOYER = "湛江某某电子有限公司"


def _case_for(kind, make_case, mediator):
    if kind == DocumentKind.APPLICATION:
        return make_case(amount_claimed=Decimal("12800.00"))
    if kind in (DocumentKind.ACCEPTANCE, DocumentKind.SERVICE):
        return accepted(make_case, mediator)
    if kind == DocumentKind.REFUSAL:
        return make_case()
    if kind in (DocumentKind.AGREEMENT, DocumentKind.PAYMENT_ORDER):
        return with_agreement(make_case, mediator, amount_claimed=Decimal("15000.00"))
    if kind == DocumentKind.TERMINATION:
        return failed(make_case, mediator)
    return referred_to_inspection(make_case, mediator)


def _make(kind, case, mediator, **extra):
    if kind == DocumentKind.HANDOFF:
        extra.setdefault("handoff", case.handoffs.first())
    if kind in (DocumentKind.REFUSAL, DocumentKind.TERMINATION):
        extra.setdefault("reason", "双方分歧较大，用人单位拒绝调解。")
    if kind == DocumentKind.SERVICE:
        served = services.document_make(
            case=case, kind=DocumentKind.ACCEPTANCE, actor=mediator, today=MADE_ON
        )
        extra.update(served=served, recipient="张三")
        from cases.models import Complainant

        Complainant.objects.filter(case=case).update(address="湛江市赤坎区人民大道1号")
    return services.document_make(case=case, kind=kind, actor=mediator, today=MADE_ON, **extra)


# What each document must say, beyond the number, the worker and the employer.
EXPECTED = {
    DocumentKind.APPLICATION: ["12800.00元", "11010519491231002X", "支付工资。"],
    DocumentKind.ACCEPTANCE: ["2026年3月9日", "十五日", "第二十七条"],
    DocumentKind.REFUSAL: [
        "双方分歧较大",
        "劳动保障监察机构",
        "申请劳动仲裁",
        "人民法院",
        "2026年3月9日",
    ],
    DocumentKind.AGREEMENT: [
        "12800.00元",
        "2026年3月20日",
        "2026年3月5日",
        "分两期支付",
        "第十六条",
    ],
    DocumentKind.TERMINATION: ["双方分歧较大", "终止调解", "2026年3月9日"],
    DocumentKind.HANDOFF: ["湛江市劳动保障监察支队", "2026年3月10日", "涉嫌拖欠多名职工工资"],
    DocumentKind.SERVICE: [
        "受理通知书（湛工维受〔2026〕1号）",
        "受送达人：张三",
        "送达地址：湛江市赤坎区人民大道1号",
    ],
    DocumentKind.PAYMENT_ORDER: ["12800.00元", "15000.00元", "2026年3月20日", "支付令", "第十六条"],
}
PREFIX = {
    DocumentKind.APPLICATION: "湛工维申", DocumentKind.ACCEPTANCE: "湛工维受",
    DocumentKind.REFUSAL: "湛工维不受", DocumentKind.AGREEMENT: "湛工维调",
    DocumentKind.TERMINATION: "湛工维终", DocumentKind.HANDOFF: "湛工维移",
    DocumentKind.SERVICE: "湛工维送", DocumentKind.PAYMENT_ORDER: "湛工维支",
}  # fmt: skip


@pytest.mark.parametrize("kind", list(DocumentKind), ids=[k.value for k in DocumentKind])
def test_each_document_opens_in_word_with_the_cases_facts(kind, make_case, role_users):
    mediator = role_users[Role.MEDIATOR]
    case = _case_for(kind, make_case, mediator)
    document = _make(kind, case, mediator)
    assert document.number == f"{PREFIX[kind]}〔2026〕1号"

    word_file, text = docx_text(word.document_docx(document))
    assert document.number in text
    assert "张三" in text
    assert kind == DocumentKind.SERVICE or EMPLOYER in text
    for expected in EXPECTED[kind]:
        assert expected in text, expected
    assert "{{" not in text, "every placeholder filled"
    if kind == DocumentKind.APPLICATION:
        assert chinese_date(timezone.localdate(case.created_at)) in text  # 登记日期
    # GB/T 9704-2012: A4, its margins, the title in size 2 and the body in size 3 仿宋.
    section = word_file.sections[0]
    mm = [round(length.mm, 1) for length in (
        section.page_width, section.page_height, section.top_margin, section.bottom_margin,
        section.left_margin, section.right_margin,
    )]  # fmt: skip
    assert mm == [210, 297, 37, 35, 28, 26]  # Word keeps lengths in twentieths of a point
    title = next(p for p in word_file.paragraphs if p.text == document.title)
    assert title.runs[0].font.size == Pt(22) and title.runs[0].bold
    body = next(p for p in word_file.paragraphs if "张三" in p.text)
    font = body.runs[0].font
    assert font.size == Pt(16)
    assert (
        font.element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
        )
        == "仿宋_GB2312"
    )


def test_the_word_file_names_the_fonts_to_fall_back_on(make_case, role_users):
    document = _make(DocumentKind.APPLICATION, make_case(), role_users[Role.MEDIATOR])
    word_file, _text = docx_text(word.document_docx(document))
    fonts = word_file.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
    ).blob.decode()
    assert 'w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in fonts
    assert 'w:name="方正小标宋简体"><w:altName w:val="宋体"/>' in fonts
    footer = word_file.sections[0].footer.paragraphs[0]
    assert footer.text == "—  —" and "PAGE" in footer._p.xml  # "— 1 —" once Word counts


def test_numbers_run_per_kind_and_restart_each_year(make_case, role_users):
    mediator = role_users[Role.MEDIATOR]
    case = accepted(make_case, mediator)

    def make(kind, day):
        return services.document_make(case=case, kind=kind, actor=mediator, today=day).number

    assert make(DocumentKind.ACCEPTANCE, date(2026, 3, 9)) == "湛工维受〔2026〕1号"
    assert make(DocumentKind.ACCEPTANCE, date(2026, 12, 31)) == "湛工维受〔2026〕2号"
    assert make(DocumentKind.APPLICATION, date(2026, 5, 1)) == "湛工维申〔2026〕1号"
    assert make(DocumentKind.ACCEPTANCE, date(2027, 1, 4)) == "湛工维受〔2027〕1号"
    assert make(DocumentKind.ACCEPTANCE, date(2027, 1, 5)) == "湛工维受〔2027〕2号"


def test_a_document_refused_hands_its_number_back(make_case, role_users):
    mediator = role_users[Role.MEDIATOR]
    case = make_case()  # not accepted: no notice of acceptance yet
    with pytest.raises(services.DocumentError):
        services.document_make(
            case=case, kind=DocumentKind.ACCEPTANCE, actor=mediator, today=MADE_ON
        )
    with pytest.raises(services.DocumentError):  # a reason is what the notice states
        services.document_make(case=case, kind=DocumentKind.REFUSAL, actor=mediator, reason=" ")
    case = accepted(make_case, mediator)
    made = services.document_make(
        case=case, kind=DocumentKind.ACCEPTANCE, actor=mediator, today=MADE_ON
    )
    assert made.number == "湛工维受〔2026〕1号"
    assert not CaseDocument.objects.filter(kind=DocumentKind.REFUSAL).exists()


def test_making_a_document_is_logged_on_the_timeline(client, make_case, role_users):
    mediator = role_users[Role.MEDIATOR]
    case = accepted(make_case, mediator)
    document = services.document_make(case=case, kind=DocumentKind.ACCEPTANCE, actor=mediator)
    event = CaseEvent.objects.get(case=case, action="documents.document.made")
    assert event.actor == mediator and event.public
    assert event.data["number"] == document.number
    client.force_login(mediator)
    page = client.get(reverse("cases:detail", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert f"制作文书：受理通知书{document.number}" in page.content.decode()


def test_a_handoff_letter_is_not_written_to_arbitration(make_case, role_users):
    from cases import services as case_services

    mediator = role_users[Role.MEDIATOR]
    case = make_case()
    case_services.case_transition(
        case=case, action="hand_to_arbitration", actor=mediator, expected_version=case.version,
        handoff=case_services.HandoffInput(sent_on=MADE_ON, receiver_name="湛江市劳动人事争议仲裁委员会"),
    )  # fmt: skip
    with pytest.raises(services.DocumentError, match="arbitration|仲裁"):
        services.document_make(
            case=case, kind=DocumentKind.HANDOFF, actor=mediator, handoff=case.handoffs.first()
        )


def test_a_payment_order_only_for_the_arrears_of_article_16(make_case, role_users):
    from cases.models import DisputeCategory

    mediator = role_users[Role.MEDIATOR]
    case = with_agreement(make_case, mediator, category=DisputeCategory.objects.get(code="other"))
    with pytest.raises(services.DocumentError):
        services.document_make(case=case, kind=DocumentKind.PAYMENT_ORDER, actor=mediator)


# --- Templates -------------------------------------------------------------------------


def test_every_seeded_template_uses_known_placeholders_only(seeded):
    templates = DocumentTemplate.objects.all()
    assert {t.kind for t in templates} == set(DocumentKind.values)
    for template in templates:
        template.full_clean()


@pytest.mark.parametrize(
    "text, named",
    [
        ("{{ 老板电话 }}", "{{ 老板电话 }}"),
        ("{{职工姓名}}与{{ settings.SECRET_KEY }}", "{{ settings.SECRET_KEY }}"),
        ("{% load static %}", "{%"),
        ("{# 注释 #}", "{#"),
        ("{{ 职工姓名 ", "{{ 名称 }}"),
    ],
)
def test_a_template_text_outside_the_placeholders_is_refused(text, named):
    problems = text_problems(text)
    assert problems and any(named in problem for problem in problems), problems


def test_the_model_refuses_an_unknown_placeholder_naming_it(seeded):
    template = DocumentTemplate.objects.get(kind=DocumentKind.ACCEPTANCE)
    template.body += "\n联系人：{{ 经办人 }}"
    with pytest.raises(ValidationError) as refused:
        template.full_clean()
    assert "{{ 经办人 }}" in str(refused.value.message_dict["body"])


def _edit_data(template, **changes):
    data = {
        "number_prefix": template.number_prefix, "title": template.title,
        "addressee": template.addressee, "body": template.body,
        "signature": template.signature, "preview_case": "",
    }  # fmt: skip
    data.update(changes)
    return data


def test_the_portal_page_refuses_an_unknown_placeholder_and_keeps_the_text(client, role_users):
    template = DocumentTemplate.objects.get(kind=DocumentKind.ACCEPTANCE)
    before = template.body
    client.force_login(role_users[Role.ADMIN])
    url = reverse("documents:template_edit", args=["acceptance"])
    typed = before + "\n请联系{{ 老板电话 }}。"
    response = client.post(
        url, _edit_data(template, body=typed, save="1"), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "{{ 老板电话 }}" in page and "未知的占位符" in page
    assert "请联系" in page  # what was typed stays
    template.refresh_from_db()
    assert template.body == before


def test_the_admin_refuses_an_unknown_placeholder(client, role_users):
    admin_user = role_users[Role.ADMIN]
    admin_user.is_superuser = True
    admin_user.save()
    template = DocumentTemplate.objects.get(kind=DocumentKind.REFUSAL)
    client.force_login(admin_user)
    url = reverse("admin:documents_documenttemplate_change", args=[template.pk])
    response = client.post(url, _edit_data(template, title="{{ 标题 }}"))
    assert response.status_code == 200  # the form again, with the error
    assert "{{ 标题 }}" in response.content.decode()
    template.refresh_from_db()
    assert template.title == "不予受理告知书"


def test_a_template_saved_is_what_the_next_document_says(client, make_case, role_users):
    template = DocumentTemplate.objects.get(kind=DocumentKind.ACCEPTANCE)
    admin_user = role_users[Role.ADMIN]
    client.force_login(admin_user)
    url = reverse("documents:template_edit", args=["acceptance"])
    response = client.post(
        url, _edit_data(template, body="{{ 职工姓名 }}，你的申请已受理。", save="1")
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.updated_by == admin_user
    mediator = role_users[Role.MEDIATOR]
    document = services.document_make(
        case=accepted(make_case, mediator), kind=DocumentKind.ACCEPTANCE, actor=mediator
    )
    assert document.paragraphs == ["张三，你的申请已受理。"]


def test_the_preview_fills_the_sample_or_a_chosen_case(client, make_case, role_users):
    template = DocumentTemplate.objects.get(kind=DocumentKind.APPLICATION)
    case = make_case(employer_name="湛江市预览物流有限公司")
    client.force_login(role_users[Role.ADMIN])
    url = reverse("documents:template_edit", args=["application"])
    sample = client.post(url, _edit_data(template, preview="1"))
    assert sample.status_code == 200
    assert "湛江某某电子有限公司" in sample.content.decode()
    chosen = client.post(url, _edit_data(template, preview="1", preview_case=case.number))
    page = chosen.content.decode()
    assert "湛江市预览物流有限公司" in page and case.number in page
    unknown = client.post(url, _edit_data(template, preview="1", preview_case="2026-99999"))
    assert unknown.status_code == 400
    template.refresh_from_db()
    assert template.updated_by is None  # a preview saves nothing


def test_the_placeholder_list_is_shown_to_admins(client, role_users):
    client.force_login(role_users[Role.ADMIN])
    page = client.get(reverse("documents:template_edit", args=["handoff"])).content.decode()
    for name in PLACEHOLDERS:
        assert "{{ " + name + " }}" in page


# --- Any text an admin types ------------------------------------------------------------


_PIECES = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        ["{{", "}}", "{%", "%}", "{#", "#}", "{{ 职工姓名 }}", "{{ 文号 }}", "{{ x }}"]
    ),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_any_text_is_either_refused_or_fills_every_placeholder(text):
    values = dict.fromkeys(PLACEHOLDERS, "值")

    if text_problems(text):
        return  # refused with a message: never saved
    filled = fill(text, values)
    assert not placeholders_in(filled)
    for left_over in ("{{", "}}", "{%", "{#"):
        assert left_over not in filled, (text, filled)
