"""The knowledge base in a real browser: a worker on a phone searches "加班费 不给",
finds the guide, the article and a typical case, and files a complaint from the
guide; an operator on a call searches at the desk and texts the guide; every
public page passes axe (WCAG 2.1 A and AA)."""

from datetime import date

import pytest
from playwright.sync_api import expect

from . import shoot, zh

pytestmark = pytest.mark.e2e

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture
def knowledge(seeded):
    from cases.models import DisputeCategory
    from knowledge import search
    from knowledge.guides_seed import guides_ensure
    from knowledge.importer import law_import
    from knowledge.models import TypicalCase
    from knowledge.tests.conftest import CORPUS_LAW

    law = law_import(
        text=CORPUS_LAW,
        title="示范劳动权益条例",
        issuing_body="示例",
        version_date=date(2026, 1, 1),
    )
    guides_ensure()
    typical = TypicalCase.objects.create(
        title="某餐饮企业拖欠厨师加班费，工会调解后足额支付",
        facts="劳动者甲连续三个月每天工作十二小时，单位一直不给加班费。",
        outcome_note="单位一次性支付加班费。",
        status=TypicalCase.Status.PUBLISHED,
    )
    typical.categories.set(DisputeCategory.objects.filter(code="pay"))
    search.typical_case_index(typical_case=typical)
    return {"law": law, "typical": typical}


def _axe_clean(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=WCAG)
    assert results.violations_count == 0, results.generate_report()


def test_a_worker_finds_the_answer_on_a_phone_and_files_from_the_guide(new_context, knowledge):
    page = new_context(phone=True).new_page()
    page.goto("/")
    page.get_by_role("button", name=zh("Menu")).tap()
    page.locator("#main-nav").get_by_role("link", name=zh("Know your rights")).tap()
    expect(page.get_by_role("heading", level=1)).to_have_text(zh("Know your rights"))
    _axe_clean(page)
    page.get_by_label(zh("Search laws, guides and typical cases")).fill("加班费 不给")
    page.get_by_role("button", name=zh("Search"), exact=True).tap()
    hits = page.get_by_test_id("hit")
    expect(hits.first).to_contain_text("被拖欠工资怎么办")
    expect(page.locator("[data-testid=hit][data-kind=article]").first).to_be_visible()
    expect(page.locator("[data-testid=hit][data-kind=typical_case]")).to_contain_text("厨师")
    expect(page.locator(".hit-snippet mark").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "knowledge-search-phone")
    _axe_clean(page)

    page.locator("[data-testid=hit][data-kind=article] a").first.tap()
    expect(page.get_by_role("heading", level=1)).to_contain_text("示范劳动权益条例")
    _axe_clean(page)
    page.go_back()
    hits.first.get_by_role("link").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("被拖欠工资怎么办")
    expect(page.get_by_test_id("time-limits")).to_contain_text("15")
    shoot(page, "knowledge-guide-phone")
    _axe_clean(page)
    page.get_by_test_id("file-complaint").tap()
    page.wait_for_url("**/complaints/new/?category=pay")
    selected = page.locator("select[name=category] option:checked")
    expect(selected).to_contain_text("劳动报酬")


def test_an_operator_searches_on_the_call_and_texts_the_guide(
    new_context, knowledge, make_user, login
):
    from zhanjiang_union.accounts.roles import Role
    from zhanjiang_union.notifications.backends import MemorySmsBackend

    MemorySmsBackend.outbox.clear()
    operator = make_user(Role.HOTLINE_OPERATOR, "service-centre")
    page = new_context().new_page()
    login(page, operator, "/hotline/")
    page.locator("#call-form [name=phone]").fill("13912345678")
    page.locator("#desk-knowledge-q").press_sequentially("加班费 不给", delay=30)
    results = page.get_by_test_id("desk-hits")
    expect(results.locator("li").first).to_contain_text("被拖欠工资怎么办")
    results.get_by_role("button", name=zh("Text the link")).first.click()
    expect(results.locator(".guide-sms-status").first).to_contain_text("139****5678")
    # The call form keeps what was typed.
    expect(page.locator("#call-form [name=phone]")).to_have_value("13912345678")
    shoot(page, "knowledge-desk")
    phone, text = MemorySmsBackend.outbox[-1]
    assert phone == "13912345678" and "/law/guides/unpaid-wages/" in text


def test_a_head_announces_a_lecture_and_a_worker_finds_it_on_a_phone(
    new_context, seeded, make_user, login
):
    from datetime import timedelta

    from django.utils import timezone

    from zhanjiang_union.accounts.roles import Role

    head = make_user(Role.DEPARTMENT_HEAD, "rights")
    page = new_context().new_page()
    login(page, head, "/law/staff/lectures/new/")
    when = timezone.localtime() + timedelta(days=6)
    page.get_by_label(zh("topic")).fill("工会普法大讲堂：加班费怎么算")
    page.get_by_label(zh("starts at")).fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label(zh("place")).fill("湛江市职工服务中心三楼报告厅")
    page.get_by_label(zh("what it covers")).fill("加班费的计算基数、休息日和法定休假日加班的标准。")
    page.get_by_label(zh("published")).check()
    page.get_by_role("button", name=zh("Save")).click()
    expect(page.locator(".alert-success")).to_contain_text(zh("Lecture saved."))

    phone = new_context(phone=True).new_page()
    phone.goto("/")
    phone.get_by_role("link", name=zh("Union legal-education lectures")).tap()
    expect(phone.get_by_role("heading", level=1)).to_have_text(zh("Union legal-education lectures"))
    upcoming = phone.get_by_test_id("lectures-upcoming")
    expect(upcoming).to_contain_text("加班费怎么算")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    _axe_clean(phone)
    shoot(phone, "knowledge-lectures-phone")
    upcoming.get_by_role("link").first.tap()
    expect(phone.get_by_role("heading", level=1)).to_have_text("工会普法大讲堂：加班费怎么算")
    expect(phone.locator("main")).to_contain_text("湛江市职工服务中心三楼报告厅")
    _axe_clean(phone)
