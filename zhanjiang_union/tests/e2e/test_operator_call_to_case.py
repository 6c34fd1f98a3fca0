"""A 12351 operator takes a call that needs a case: logging it with "case" as the outcome
opens the case form prefilled from the call, the caller has no ID card at hand, and one
submit registers the case, linked to the call, marked "to complete"."""

import re

import pytest
from playwright.sync_api import expect

from . import VALID_PHONE, field, fill_complaint, label_of, zh, zh_str

pytestmark = pytest.mark.e2e


def test_operator_logs_a_call_and_registers_its_case_in_one_pass(page, login, make_user):
    from django.utils import timezone

    from cases.forms import StaffIntakeForm
    from cases.models import Case, Channel, DisputeCategory
    from hotline.forms import CallForm
    from hotline.models import Call

    operator = make_user("hotline_operator", "service-centre")
    login(page, operator)
    page.goto("/hotline/")
    form = page.get_by_test_id("call-form")
    field(form, label_of(CallForm, "phone")).fill(VALID_PHONE)
    field(form, label_of(CallForm, "caller_name")).fill("陈志强")
    field(form, label_of(CallForm, "category")).select_option(
        label=DisputeCategory.objects.get(code="pay").name
    )
    summary = "来电反映：湛江某某鞋业有限公司拖欠2026年9月至11月工资。"
    field(form, label_of(CallForm, "summary")).fill(summary)
    form.get_by_role("radio", name=zh_str(Call.Outcome.CASE.label)).check()
    form.get_by_role("button", name=zh("Log the call")).click()

    # Straight on to the case form, prefilled from the call.
    expect(page).to_have_url(re.compile(r"/cases/new/\?call=\d+$"))
    expect(
        page.get_by_role("alert").filter(has_text=zh("Now register the case from this call."))
    ).to_be_visible()
    intake = StaffIntakeForm()
    expect(field(page, zh_str(intake.fields["name"].label))).to_have_value("陈志强")
    expect(field(page, zh_str(intake.fields["phone"].label))).to_have_value(VALID_PHONE)
    expect(field(page, zh_str(intake.fields["facts"].label))).to_have_value(summary)
    expect(page.locator("main")).not_to_contain_text("您的信息")
    fill_complaint(
        page,
        StaffIntakeForm,
        name="陈志强",
        id_number="",
        employer_name="湛江某某鞋业有限公司",
        facts=summary,
        workers_involved="3",
    )
    page.get_by_role("button", name=zh("Register the case"), exact=True).click()

    expect(page).to_have_url(re.compile(r"/cases/\d+/$"))
    expect(page.get_by_test_id("id-to-complete")).to_be_visible()
    call = Call.objects.get()
    case = Case.objects.get()
    assert call.case == case and case.channel == Channel.HOTLINE
    assert case.complainants.get().id_number == ""
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.number)
    when = timezone.localtime(call.received_at).strftime("%Y-%m-%d %H:%M")
    expect(page.get_by_test_id("timeline")).to_contain_text(
        zh("Registered from the 12351 call of %(when)s", when=when)
    )
