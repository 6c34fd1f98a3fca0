"""A mediator makes the notice of acceptance (受理通知书) from the case page: it is
numbered, downloads as a Word file that reads the case's facts, and its print page passes
axe at office and phone size."""

import io
import re

import docx
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from . import shoot, zh
from .test_field_ready import PHONE_SIZE, axe_violations, context_for

pytestmark = pytest.mark.e2e


def test_a_mediator_makes_a_notice_of_acceptance_and_prints_it(
    browser, new_context, live_server, login, make_user, make_case, jobs_at, tmp_path
):
    from cases import services as case_services

    jobs_at()  # beat keeping time: no late-jobs banner on the pages
    mediator = make_user("mediator", "rights")
    case = make_case()
    case_services.case_transition(
        case=case, action="accept_mediation", actor=mediator, expected_version=case.version
    )
    number = f"湛工维受〔{timezone.localdate().year}〕1号"

    context = new_context()
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.set_viewport_size({"width": 1366, "height": 768})
    login(page, mediator, next_url=f"/cases/{case.pk}/")
    page.get_by_role("link", name=zh("The case's documents (notices, letters, Word files)")).click()
    expect(page.get_by_role("heading", name=zh("The case's documents"))).to_be_visible()
    notice = zh("Notice of acceptance")
    page.get_by_role("link", name=zh("Make: %(title)s", title=notice)).click()
    page.get_by_role("button", name=zh("Make the document")).click()

    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/documents/$"))
    row = page.get_by_test_id("document-row").filter(has_text=number)
    expect(row).to_contain_text("受理通知书")
    with page.expect_download() as download:
        row.get_by_role("link", name=re.compile(zh("Word document"))).click()
    path = tmp_path / "notice.docx"
    download.value.save_as(path)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(path.read_bytes())).paragraphs)
    assert number in text and "张三" in text and "湛江某某电子有限公司" in text

    row.get_by_role("link", name=re.compile(zh("Print"))).click()
    document = page.get_by_test_id("document")
    expect(document.get_by_test_id("document-number")).to_have_text(number)
    expect(document.get_by_role("heading", name="受理通知书")).to_be_visible()
    expect(document).to_contain_text("张三")
    assert axe_violations(page) == []  # WCAG 2.1 A/AA, as every main page
    shoot(page, "case-document-print")

    phone = context_for(
        browser, live_server.url, PHONE_SIZE, "zh-CN", storage_state=context.storage_state()
    )
    try:
        small = phone.new_page()
        small.goto(page.url)
        expect(small.get_by_test_id("document-number")).to_have_text(number)
        assert small.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert axe_violations(small) == []
        small.goto(f"/cases/{case.pk}/documents/")
        assert axe_violations(small) == []
        shoot(small, "case-documents-phone")
    finally:
        phone.close()


def test_an_administrator_is_told_which_placeholder_is_unknown_and_previews_a_template(
    page, login, make_user, jobs_at
):
    from documents.forms import DocumentTemplateForm

    from . import field, zh_str

    jobs_at()
    admin = make_user("admin", "office")
    login(page, admin, next_url="/documents/templates/")
    page.get_by_role("link", name=zh("Notice of acceptance")).click()
    body = field(page, zh_str(DocumentTemplateForm.base_fields["body"].label))
    body.fill(body.input_value() + "\n请联系{{ 老板电话 }}。")
    page.get_by_role("button", name=zh("Save the template")).click()
    expect(page.get_by_test_id("form-errors")).to_contain_text("{{ 老板电话 }}")
    expect(body).to_have_value(re.compile("请联系"))  # what was typed stays
    body.fill(body.input_value().replace("\n请联系{{ 老板电话 }}。", ""))
    page.get_by_role("button", name=zh("Preview")).click()
    preview = page.get_by_test_id("template-preview")
    expect(preview).to_contain_text("湛江某某电子有限公司")  # the sample's employer
    assert axe_violations(page) == []
    shoot(page, "document-template-preview")
