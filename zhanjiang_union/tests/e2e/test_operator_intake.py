"""A 12351 hotline operator registers a caller's case at the staff intake form, and the caller
tracks it with the query code read out on the phone."""

import re

import pytest
from playwright.sync_api import expect

from . import field, fill_complaint, label_of, zh, zh_str

pytestmark = pytest.mark.e2e


def test_hotline_operator_registers_a_call_at_the_intake_form(new_context, page, login, make_user):
    from cases.forms import StaffIntakeForm, TrackForm
    from cases.models import Case, Channel
    from cases.workflow import Stage

    operator = make_user("hotline_operator", "service-centre")
    login(page, operator)
    page.get_by_role("navigation", name=zh("Main navigation")).get_by_role(
        "link", name=zh("Register a case"), exact=True
    ).click()
    expect(page).to_have_url(re.compile(r"/cases/new/$"))

    field(page, label_of(StaffIntakeForm, "channel")).select_option(
        label=zh_str(Channel.HOTLINE.label)
    )
    field(page, label_of(StaffIntakeForm, "grid")).fill("霞山区解放街道第三网格")
    fill_complaint(
        page,
        StaffIntakeForm,
        name="赵小梅",
        employer_name="湛江某某酒店管理有限公司",
        category="dismissal",
        facts="来电反映：2026年11月被口头辞退，单位未支付经济补偿。",
        demand="支付经济补偿金。",
    )
    page.get_by_role("button", name=zh("Register the case"), exact=True).click()

    expect(page).to_have_url(re.compile(r"/cases/\d+/$"))
    registered = (
        re.escape(zh("Case %(number)s registered. Tell the worker the query code: %(code)s"))
        .replace(re.escape("%(number)s"), r"(\S+?)")
        .replace(re.escape("%(code)s"), r"([A-Z2-9]{8})")
    )
    message = page.get_by_role("alert").filter(has_text=re.compile(registered))
    expect(message).to_be_visible()
    said = re.search(registered, message.inner_text())
    number, code = said.groups()
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)
    expect(page.locator("main")).to_contain_text(zh_str(Channel.HOTLINE.label))

    case = Case.objects.get(number=number)
    assert case.channel == Channel.HOTLINE
    assert case.registered_by == operator and case.filed_by is None
    assert case.department.code == "rights"  # the intake department's queue, not the desk's
    assert case.grid == "霞山区解放街道第三网格"
    assert case.complainants.get().name == "赵小梅"

    # The caller follows the case on a phone with what the operator read out.
    caller = new_context(phone=True).new_page()
    caller.goto("/complaints/track/")
    field(caller, label_of(TrackForm, "number")).fill(number)
    field(caller, label_of(TrackForm, "code")).fill(code)
    caller.get_by_role("button", name=zh("Look up")).tap()
    expect(caller.get_by_test_id("case-stage")).to_have_text(zh_str(Stage.INTAKE.label))
    expect(caller.get_by_test_id("timeline")).to_contain_text(zh("Complaint registered"))
