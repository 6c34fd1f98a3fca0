"""A mediator's moves on a case with the keyboard alone: Tab to reach each control, Enter
to follow a link or send a form, Space to tick a box, the arrow keys in a list; the focus
ring visible on every control reached, and axe finds nothing on the pages walked."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from . import VALID_ID, VALID_PHONE, zh, zh_str
from .test_field_ready import OFFICE, axe_violations, context_for

pytestmark = pytest.mark.e2e

RING = """e => {
  const s = getComputedStyle(e);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
  return outline || (s.boxShadow && s.boxShadow !== 'none');
}"""


def tab_to(page, locator, limit: int = 80) -> None:
    """Press Tab until `locator` has the focus, and check that it shows."""
    handle = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("e => document.activeElement === e", handle):
            assert page.evaluate(RING, handle), f"no visible focus ring on {locator}"
            return
    raise AssertionError(f"Tab never reached {locator}")


def test_a_mediator_works_a_case_with_the_keyboard_alone(browser, live_server, make_user):
    from django.utils import timezone

    from cases import services
    from cases.models import DisputeCategory, District, MediationSession
    from cases.workflow import MOVES_BY_ACTION, Status

    case, _code = services.case_create(
        complainants=[
            services.ComplainantInput(name="王建军", id_number=VALID_ID, phone=VALID_PHONE)
        ],
        employer_name="湛江港城建材有限公司",
        district=District.objects.get(code="xiashan"),
        industry="C",
        category=DisputeCategory.objects.get(code="pay"),
        facts="2026年9月起工资未按时发放。",
        demand="支付拖欠工资。",
        channel="web",
    )
    mediator = make_user("mediator", "rights")
    context = context_for(browser, live_server.url, OFFICE[1], "zh-CN")
    page = context.new_page()
    status = page.get_by_test_id("case-status")

    # Log in: Tab, type, Tab, type, Enter; the workbench is the start page.
    page.goto("/accounts/login/")
    tab_to(page, page.locator("#id_username"))
    page.keyboard.type(mediator.username)
    page.keyboard.press("Tab")
    page.keyboard.type("a-long-test-password")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/cases/$"))

    # The case from the queue.
    tab_to(page, page.get_by_role("link", name=case.number))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.number)
    assert axe_violations(page) == []

    # Accept for mediation: the move's link, then its button, pressed with Space.
    accept = zh_str(MOVES_BY_ACTION["accept_mediation"].label)
    tab_to(page, page.get_by_test_id("case-actions").get_by_role("link", name=accept, exact=True))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(accept)
    assert axe_violations(page) == []
    tab_to(page, page.get_by_role("button", name=accept, exact=True))
    page.keyboard.press("Space")
    expect(status).to_have_text(zh_str(Status.MEDIATION.label))
    expect(page.get_by_test_id("case-handler")).to_have_text(str(mediator))

    # Schedule a session: the date and time typed segment by segment, Enter sends.
    when = (timezone.localtime() + timedelta(days=1)).replace(hour=10, minute=0)
    tab_to(page, page.get_by_role("link", name=zh("Schedule a mediation session"), exact=True))
    page.keyboard.press("Enter")
    tab_to(page, page.locator("#id_scheduled_at"))
    # Chromium lays the segments out in its own interface language (en-US here, whatever
    # the page's): month, day, year, then hour, minute and AM/PM.
    page.keyboard.type(f"{when:%m%d%Y}")
    page.keyboard.press("ArrowRight")
    page.keyboard.type(f"{when:%I%M}" + f"{when:%p}"[0])
    expect(page.locator("#id_scheduled_at")).to_have_value(when.strftime("%Y-%m-%dT%H:%M"))
    tab_to(page, page.locator("#id_place"))
    page.keyboard.type("湛江市总工会职工法律服务中心调解室")
    tab_to(page, page.get_by_role("button", name=zh("Schedule the session")))
    page.keyboard.press("Enter")
    expect(
        page.get_by_role("alert").filter(has_text=zh("The mediation session is scheduled."))
    ).to_be_visible()

    # Its result: failed (arrow keys in the list), the reason, the box ticked with Space.
    tab_to(
        page,
        page.get_by_test_id("session").get_by_role(
            "link", name=zh("Record the result"), exact=True
        ),
    )
    page.keyboard.press("Enter")
    result = page.locator("#id_result")
    tab_to(page, result)
    failed = MediationSession.Result.FAILED
    for _ in range(6):
        if result.input_value() == failed:
            break
        page.keyboard.press("ArrowDown")
    assert result.input_value() == failed
    tab_to(page, page.locator("#id_note"))
    page.keyboard.type("双方对欠薪数额分歧较大，调解不成。")
    box = page.locator("#id_record_failure")
    tab_to(page, box)
    page.keyboard.press("Space")
    expect(box).to_be_checked()
    tab_to(page, page.get_by_role("button", name=zh("Record the result")))
    page.keyboard.press("Enter")
    expect(status).to_have_text(zh_str(Status.MEDIATION_FAILED.label))

    # Guide the worker to arbitration: the form arrives filled in; Enter sends it.
    arbitration = zh_str(MOVES_BY_ACTION["hand_to_arbitration"].label)
    tab_to(
        page, page.get_by_test_id("case-actions").get_by_role("link", name=arbitration, exact=True)
    )
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(arbitration)
    assert axe_violations(page) == []
    tab_to(page, page.get_by_role("button", name=arbitration, exact=True))
    page.keyboard.press("Enter")
    expect(status).to_have_text(zh_str(Status.ARBITRATION.label))

    # The commission's acknowledgement.
    tab_to(
        page, page.get_by_test_id("handoff").get_by_role("link", name=zh("Record acknowledgement"))
    )
    page.keyboard.press("Enter")
    tab_to(page, page.locator("#id_acknowledged_by_name"))
    page.keyboard.type("林晓红")
    tab_to(page, page.get_by_role("button", name=zh("Record the acknowledgement")))
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("handoff")).to_contain_text("林晓红")
    assert axe_violations(page) == []
    context.close()
