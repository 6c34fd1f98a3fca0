"""After closing: the worker signs in with the complaint's mobile number and an SMS code,
rates the handling and asks for the case to be reopened; the department head sees the
request on the case page and reopens it; the worker reads the answer."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from . import VALID_ID, VALID_PHONE, field, label_of, zh, zh_str

pytestmark = pytest.mark.e2e


def _closed_case(mediator):
    from cases import services
    from cases.models import Case, DisputeCategory, District, MediationAgreement
    from cases.workflow import Outcome, Status

    case, _code = services.case_create(
        complainants=[
            services.ComplainantInput(name="王建军", id_number=VALID_ID, phone=VALID_PHONE)
        ],
        employer_name="湛江港城建材有限公司",
        district=District.objects.get(name="霞山区"),
        industry="C",
        category=DisputeCategory.objects.get(code="pay"),
        facts="2026年9月起工资未按时发放。",
        demand="支付拖欠工资。",
        channel="web",
    )
    Case.objects.filter(pk=case.pk).update(status=Status.AGREEMENT)
    # An agreement with nothing left to pay: it may close as performed.
    MediationAgreement.objects.create(
        case=case,
        signed_on=date(2026, 11, 2),
        amount_agreed=0,
        payment_due=date(2026, 11, 2),
        terms="恢复劳动关系。",
    )
    case.refresh_from_db()
    return services.case_transition(
        case=case,
        action="close",
        actor=mediator,
        expected_version=case.version,
        outcome=Outcome.AGREEMENT_PERFORMED,
        note="协议已履行。",
    )


def test_worker_signs_in_rates_and_asks_to_reopen_and_the_head_reopens(
    new_context, login, make_user, monkeypatch
):
    from django.db import transaction

    from cases.forms import (
        PhoneSignInForm,
        ReopenRequestForm,
        SignInCodeForm,
    )
    from cases.workflow import Status
    from hotline.forms import RatingForm
    from hotline.models import FollowUp
    from zhanjiang_union.notifications.backends import MemorySmsBackend

    # The live server commits for real; texts go out on commit.
    monkeypatch.setattr(transaction, "on_commit", lambda callback, **kwargs: callback())
    mediator = make_user("mediator", "rights")
    head = make_user("department_head", "rights")
    case = _closed_case(mediator)
    MemorySmsBackend.outbox.clear()

    worker = new_context(phone=True).new_page()
    worker.goto("/complaints/track/")
    worker.get_by_test_id("sign-in-by-phone").tap()
    field(worker, label_of(PhoneSignInForm, "phone")).fill(VALID_PHONE)
    worker.get_by_role("button", name=zh("Send me a code")).tap()
    expect(worker).to_have_url(re.compile(r"/complaints/sign-in/code/$"))
    code = re.search(r"(?<!\d)(\d{6})(?!\d)", MemorySmsBackend.outbox[-1][1]).group(1)
    field(worker, label_of(SignInCodeForm, "code")).fill(code)
    worker.get_by_role("button", name=zh("Sign in")).tap()
    expect(worker.get_by_test_id("phone-cases")).to_contain_text(case.number)
    worker.get_by_role("link", name=re.compile(re.escape(case.number))).tap()

    worker.get_by_role("radio", name=zh_str(FollowUp.Result.FAIRLY_SATISFIED.label)).check()
    field(worker, label_of(RatingForm, "note")).fill("调解员很耐心。")
    worker.get_by_role("button", name=zh("Send my rating")).tap()
    expect(worker.get_by_test_id("rating-given")).to_contain_text(
        zh_str(FollowUp.Result.FAIRLY_SATISFIED.label)
    )
    reason = "单位至今未按协议支付剩余工资。"
    field(worker, label_of(ReopenRequestForm, "reason")).fill(reason)
    worker.get_by_role("button", name=zh("Ask for the case to be reopened")).tap()
    expect(worker.get_by_test_id("reopen-request")).to_be_visible()

    staff = new_context().new_page()
    login(staff, head)
    staff.goto(f"/cases/{case.pk}/")
    request = staff.get_by_test_id("reopen-request")
    expect(request).to_contain_text(reason)
    request.get_by_role("radio", name=zh("Accept: reopen the case")).check()
    request.get_by_role("button", name=zh("Send the answer")).click()
    expect(staff.get_by_role("alert").filter(has_text=zh("The case is reopened."))).to_be_visible()
    expect(staff.get_by_test_id("case-status")).to_have_text(zh_str(Status.INTAKE.label))

    worker.reload()
    expect(worker.get_by_test_id("case-status")).to_have_text(zh_str(Status.INTAKE.label))
