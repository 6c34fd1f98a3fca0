"""The 12351 hotline desk: an operator logs a call and finds it in today's calls."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from . import VALID_PHONE, field, label_of, zh, zh_str

pytestmark = pytest.mark.e2e

DESK = reverse("hotline:desk")  # the desk exists: this module is here because it does


def test_hotline_desk_operator_logs_a_call(page, login, make_user):
    from cases.models import DisputeCategory
    from hotline.forms import CallForm
    from hotline.models import Call

    operator = make_user("hotline_operator", "service-centre")
    login(page, operator)
    page.goto(DESK)
    form = page.get_by_test_id("call-form")
    field(form, label_of(CallForm, "phone")).fill(VALID_PHONE)
    field(form, label_of(CallForm, "caller_name")).fill("周大海")
    field(form, label_of(CallForm, "category")).select_option(
        label=DisputeCategory.objects.get(code="pay").name
    )
    field(form, label_of(CallForm, "summary")).fill("来电咨询：单位拖欠两个月工资，如何维权。")
    form.get_by_role("radio", name=zh_str(Call.Outcome.ADVICE.label)).check()
    form.get_by_role("button", name=zh("Log the call")).click()

    masked = VALID_PHONE[:3] + "****" + VALID_PHONE[-4:]
    expect(page).to_have_url(re.compile(re.escape(DESK) + "$"))
    expect(page.get_by_role("alert").filter(has_text=masked)).to_be_visible()
    row = page.get_by_test_id("today-calls").get_by_test_id("call-row").filter(has_text="周大海")
    expect(row).to_have_count(1)
    expect(row.get_by_test_id("call-phone")).to_have_text(masked)
    call = Call.objects.get()
    assert (call.phone, call.operator, call.outcome) == (VALID_PHONE, operator, "advice")
