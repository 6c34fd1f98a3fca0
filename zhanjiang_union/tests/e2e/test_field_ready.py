"""Every user's working day at office and phone sizes, in both languages: each role lands
on its own start page, no main page is wider than the window, axe-core finds nothing
(WCAG 2.1 A/AA), the keyboard alone gets through login, tracking and the complaint, the
tracking page reads the case number however it is typed, evidence over the limits is
refused before it uploads, and the larger-text mode keeps the layout whole.

One Chromium for the module; each role logs in once and its session is reused across
window sizes and languages."""

import re

import pytest
from playwright.sync_api import expect

from . import BAD_ID, PASSWORD, VALID_ID, field, fill_complaint, label_of, shoot, zh

pytestmark = pytest.mark.e2e

OFFICE = [(1280, 720), (1366, 768)]
PHONE_SIZE = (390, 844)
SIZES = [*OFFICE, PHONE_SIZE]
LOCALES = ["zh-CN", "en-US"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}

HAN = re.compile(r"[\u4e00-\u9fff]")
# Reference data that has an English name, as the seed gives it in Chinese.
CHINESE_REFERENCE = ["霞山区", "职工维权与服务部", "分流受理", "市职工服务中心主任"]

START = {
    "mediator": "/cases/",
    "department_head": "/cases/",
    "hotline_operator": "/hotline/",
    "leadership": "/dashboard/",
    "admin": "/leadership/",
    "worker": "/complaints/mine/",
}


def main_pages(role: str, case) -> list[str]:
    return {
        "anonymous": ["/", "/complaints/new/", "/complaints/track/", "/accounts/login/", "/no/"],
        "worker": ["/complaints/mine/", "/", "/complaints/track/"],
        "mediator": ["/cases/", f"/cases/{case.pk}/", "/inbox/", "/cases/new/"],
        "department_head": ["/cases/", "/dashboard/", f"/cases/{case.pk}/", "/grid/"],
        "hotline_operator": ["/hotline/", "/hotline/visits/", "/hotline/followups/", "/cases/new/"],
        "leadership": ["/dashboard/", "/leadership/", "/leadership/activities/",
                       "/leadership/reports/"],
        "admin": ["/leadership/", "/leadership/history/", "/inbox/"],
    }[role]  # fmt: skip


def context_for(browser, base_url, size, locale, storage_state=None):
    width, height = size
    phone = size == PHONE_SIZE
    return browser.new_context(
        base_url=base_url,
        locale=locale,
        timezone_id="Asia/Shanghai",
        viewport={"width": width, "height": height},
        is_mobile=phone,
        has_touch=phone,
        storage_state=storage_state,
    )


def log_in(page, username: str, password: str = PASSWORD, next_url: str = ""):
    page.goto("/accounts/login/" + (f"?next={next_url}" if next_url else ""))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main").get_by_role("button", name=zh("Log in"), exact=True).click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    return [
        f"{page.url} {violation['id']} ({violation['impact']}): "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
        for violation in results
    ]


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def one_csrf_token_per_form(page) -> bool:
    return page.evaluate(
        "[...document.forms].every(f => f.querySelectorAll('[name=csrfmiddlewaretoken]')"
        ".length <= 1)"
    )


def test_every_role_lands_on_its_start_page_and_every_main_page_fits_and_passes_axe(
    browser, live_server, role_users, make_case
):
    """One browser context per role (its cache and login kept), the window resized and the
    language switched by the portal's cookie between rounds; each role's own header is
    scanned on its start page, each page body once per size."""
    case = make_case()
    problems, violations = [], []
    scanned = set()  # axe once per page, size and language: a page several roles see, once
    for role in ["anonymous", *START]:
        context = context_for(browser, live_server.url, OFFICE[1], "zh-CN")
        page = context.new_page()
        if role != "anonymous":
            log_in(page, role_users[role].username)
            assert page.url == live_server.url + START[role], role
        for locale in LOCALES:
            context.add_cookies(
                [{"name": "django_language", "value": "zh-hans" if locale == "zh-CN" else "en",
                  "url": live_server.url}]
            )  # fmt: skip
            for width, height in SIZES:
                page.set_viewport_size({"width": width, "height": height})
                for path in main_pages(role, case):
                    page.goto(path)
                    where = f"{role} {width} {locale} {path}"
                    if not fits(page):
                        wide = page.evaluate("document.documentElement.scrollWidth")
                        problems.append(f"{where}: {wide} px wide")
                    if width >= 1280:
                        # The header stays one line from 1280 px up: nothing wraps.
                        tall = page.locator("header").evaluate("e => e.offsetHeight")
                        if tall > 72:
                            problems.append(f"{where}: header {tall} px high")
                    if not one_csrf_token_per_form(page):
                        problems.append(f"{where}: a form inside a form")
                    if width in (1366, 390) and (path, width, locale) not in scanned:
                        scanned.add((path, width, locale))
                        violations += axe_violations(page)
                    if locale == "en-US" and width == 1366:
                        # English mode: the portal's own words and its reference data
                        # (districts, departments, rules) in English; only the switch
                        # back reads 中文.
                        header = page.locator("header").inner_text().replace("中文", "")
                        if role != "anonymous":
                            header = header.replace(str(role_users[role]), "")  # a name
                        if HAN.search(header):
                            problems.append(f"{where}: Chinese in the header: {header!r}")
                        # (The roster's history shows the values as they were entered.)
                        as_entered = path == "/leadership/history/"
                        shown = "" if as_entered else page.locator("main")
                        for chinese in CHINESE_REFERENCE if shown else []:
                            if chinese in shown.inner_text():
                                problems.append(f"{where}: {chinese} in English mode")
                    if (role, width, locale) == ("hotline_operator", 1280, "en-US"):
                        shoot(
                            page,
                            "header-operator-1280-en-"
                            + (path.strip("/").replace("/", "-") or "home"),
                        )
        context.close()
    assert problems == []
    assert violations == []


def test_next_is_still_followed_after_login(page, role_users):
    log_in(page, role_users["leadership"].username, next_url="/leadership/activities/")
    expect(page).to_have_url(re.compile(r"/leadership/activities/$"))


def test_the_phone_menu_collapses_and_opens_with_the_user_menu(new_context, role_users):
    page = new_context(phone=True).new_page()
    log_in(page, role_users["hotline_operator"].username)
    user_menu = page.get_by_test_id("user-menu")
    expect(user_menu).to_be_hidden()  # collapsed under the menu button
    page.get_by_test_id("menu-toggle").tap()
    expect(user_menu).to_be_visible()
    # The menu slides open: tap once it stands still, as a person does (a tap while it
    # moves lands on whatever has just slid under the finger).
    expect(page.locator(".collapsing")).to_have_count(0)
    user_menu.tap()
    expect(page.get_by_role("button", name=zh("Log out"))).to_be_visible()
    expect(page.get_by_test_id("language-switch")).to_have_text("English")
    assert fits(page)
    shoot(page, "header-operator-phone-menu")


def tab_to(page, locator, limit: int = 60) -> None:
    """Press Tab until `locator` has the focus, as a keyboard user does."""
    handle = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("e => document.activeElement === e", handle):
            return
    raise AssertionError(f"Tab never reached {locator}")


def focused_is(page, locator) -> bool:
    return page.evaluate("e => document.activeElement === e", locator.element_handle())


def test_keyboard_alone_logs_in_tracks_and_files_with_a_visible_focus_ring(
    browser, live_server, role_users, make_case, seeded
):
    from cases import services
    from cases.models import Case

    context = context_for(browser, live_server.url, OFFICE[1], "zh-CN")
    page = context.new_page()

    # The focus ring on the red header: white, 3 px (6.4:1 against the red).
    page.goto("/")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the portal's name, in the header
    ring = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineColor, s.outlineWidth,"
        " document.activeElement.closest('header') !== null]; }"
    )
    assert ring == ["solid", "rgb(255, 255, 255)", "3px", True]

    # Login: Tab to the name, type, Tab, type, Enter.
    page.goto("/accounts/login/")
    tab_to(page, page.locator("#id_username"))
    page.keyboard.type(role_users["mediator"].username)
    page.keyboard.press("Tab")
    page.keyboard.type("wrong password")
    page.keyboard.press("Enter")
    summary = page.get_by_test_id("form-errors")
    expect(summary).to_be_visible()
    assert focused_is(page, summary)  # the focus went to the error summary
    assert axe_violations(page) == []
    tab_to(page, page.locator("#id_password"))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/cases/$"))
    context.close()

    # Tracking: a short form of the number, the code as heard, Enter.
    case = make_case()
    code = "ABCD2345"
    Case.objects.filter(pk=case.pk).update(query_code_hash=services.query_code_hash(code))
    context = context_for(browser, live_server.url, PHONE_SIZE, "zh-CN")
    page = context.new_page()
    page.goto("/complaints/track/")
    tab_to(page, page.locator("#id_number"))
    page.keyboard.type(str(int(case.number[9:14])))
    page.keyboard.press("Tab")
    page.keyboard.type("abcd2346")  # one character wrong
    page.keyboard.press("Enter")
    summary = page.get_by_test_id("form-errors")
    expect(summary).to_contain_text(
        zh("No case matches this case number and query code. Check both and try again.")
    )
    assert focused_is(page, summary)
    assert case.number not in page.locator("main").inner_text()  # nothing revealed
    assert axe_violations(page) == []
    tab_to(page, page.locator("#id_code"))
    page.keyboard.press("Control+A")
    page.keyboard.type("abcd 2345")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(case.number)
    assert axe_violations(page) == []
    context.close()

    # The complaint: every field reached with Tab, choices with the arrow keys.
    context = context_for(browser, live_server.url, OFFICE[1], "zh-CN")
    page = context.new_page()
    page.goto("/complaints/new/")
    typed = {
        "name": "李海燕", "id_number": BAD_ID, "phone": "13800138000",
        "employer_name": "湛江某某电子有限公司", "workers_involved": "1",
        "amount_claimed": "12800", "facts": "工资未发放。", "demand": "支付工资。",
    }  # fmt: skip
    in_page_order = page.evaluate(
        "[...document.querySelectorAll('main form [id^=id_]')].map(e => e.id.slice(3))"
    )
    for name in in_page_order:
        control = page.locator(f"#id_{name}")
        if name in typed:
            tab_to(page, control)
            page.keyboard.press("Control+A")
            page.keyboard.type(typed[name])
        elif name in ("district", "industry", "category"):
            tab_to(page, control)
            page.keyboard.press("ArrowDown")
            assert control.input_value() != "", name
    tab_to(page, page.get_by_role("button", name=zh("Submit the complaint")))
    page.keyboard.press("Enter")
    summary = page.get_by_test_id("form-errors")
    expect(summary).to_be_visible()
    assert focused_is(page, summary)
    assert axe_violations(page) == []
    # The summary's link takes the focus to the field in error.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert focused_is(page, page.locator("#id_id_number"))
    page.keyboard.press("Control+A")
    page.keyboard.type(VALID_ID)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/complaints/done/$"))
    assert (
        Case.objects.filter(complainants__name="李海燕", complainants__id_number=VALID_ID).count()
        == 1
    )
    context.close()


def test_tracking_reads_the_number_however_it_is_typed(new_context, make_case):
    from cases import services
    from cases.forms import TrackForm
    from cases.models import Case

    case = make_case()
    code = "HJKM6789"
    Case.objects.filter(pk=case.pk).update(query_code_hash=services.query_code_hash(code))
    year, sequence = case.number[4:8], case.number[9:14]
    full_width = str.maketrans("0123456789", "０１２３４５６７８９")
    page = new_context(phone=True).new_page()
    for typed_number, typed_code in [
        (str(int(sequence)), code.lower()),
        (f"{year}-{sequence}", f"{code[:4]} {code[4:]}"),
        (f"【{year}】{int(sequence)}", code),
        (f"湛工维（{year}）{sequence}号".translate(full_width), "ＨＪＫＭ６７８９"),
        (f" [{year}] / {sequence} ", code),
    ]:
        page.goto("/complaints/track/")
        field(page, label_of(TrackForm, "number")).fill(typed_number)
        field(page, label_of(TrackForm, "code")).fill(typed_code)
        page.get_by_role("button", name=zh("Look up")).tap()
        expect(page.get_by_role("heading", level=1)).to_have_text(case.number)
    shoot(page, "tracking-short-number-phone")


def test_evidence_over_the_limits_is_refused_before_it_uploads(new_context):
    from cases.forms import ComplaintForm

    page = new_context(phone=True).new_page()
    page.goto("/complaints/new/")
    fill_complaint(page)
    evidence = field(page, label_of(ComplaintForm, "evidence"))
    limit = page.get_by_test_id("evidence-limit")

    big = {
        "name": "工资条.pdf",
        "mimeType": "application/pdf",
        "buffer": b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024 + 1),
    }
    evidence.set_input_files([big])
    expect(limit).to_contain_text("工资条.pdf")
    assert evidence.evaluate("e => e.files.length") == 0  # nothing left to upload
    expect(evidence).to_have_attribute("aria-invalid", "true")

    small = [{"name": f"{n}.png", "mimeType": "image/png", "buffer": b"\x89PNG"} for n in range(11)]
    evidence.set_input_files(small)
    expect(limit).to_contain_text("11")
    assert evidence.evaluate("e => e.files.length") == 0

    evidence.set_input_files(small[:2])
    expect(limit).to_have_text("")
    assert evidence.evaluate("e => e.files.length") == 2
    shoot(page, "complaint-evidence-limit-phone")


def test_the_larger_text_mode_is_remembered_and_keeps_the_layout(new_context):
    page = new_context(phone=True).new_page()
    page.goto("/")
    page.get_by_test_id("menu-toggle").tap()
    toggle = page.get_by_test_id("large-text")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.tap()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    page.goto("/complaints/track/")  # remembered on the device
    assert "large-text" in page.evaluate("document.documentElement.className")
    for path in ("/", "/complaints/new/", "/complaints/track/"):
        page.goto(path)
        # Text at 200 %: the page still fits the phone.
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        assert fits(page), path
    page.goto("/")
    shoot(page, "home-larger-text-phone")
