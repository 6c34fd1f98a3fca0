"""A mediator takes a worker's case from the workbench through mediation, arbitration and the
award to closing, and the worker's tracking page shows each step."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from . import VALID_ID, VALID_PHONE, field, label_of, shoot, zh, zh_str

pytestmark = pytest.mark.e2e

EMPLOYER = "湛江港城建材有限公司"


def _file_cases():
    """The worker's case, and two more in the mediator's queue for a realistic workbench."""
    from cases import services
    from cases.models import DisputeCategory, District

    def file(employer, person, district, category, **extra):
        return services.case_create(
            complainants=[
                services.ComplainantInput(name=person, id_number=VALID_ID, phone=VALID_PHONE)
            ],
            employer_name=employer,
            district=District.objects.get(name=district),
            industry="C",
            category=DisputeCategory.objects.get(code=category),
            facts="2026年9月起工资未按时发放。",
            demand="支付拖欠工资。",
            channel="web",
            **extra,
        )

    file("湛江某某物流有限公司", "陈国强", "赤坎区", "dismissal")
    file("湛江某某食品有限公司", "黄丽", "麻章区", "pay", workers_involved=12)
    return file(EMPLOYER, "王建军", "霞山区", "pay", amount_claimed=36000)


def _move(page, action: str, *, fill=None, choose=None):
    """Open a move from the case page's actions, fill its form, submit it."""
    from cases.workflow import MOVES_BY_ACTION

    move = MOVES_BY_ACTION[action]
    label = zh_str(move.label)
    page.get_by_test_id("case-actions").get_by_role("link", name=label, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(label)
    for text, value in (fill or {}).items():
        field(page, text).fill(value)
    for text, option in (choose or {}).items():
        field(page, text).select_option(label=option)
    page.get_by_role("button", name=label, exact=True).click()
    done = zh("Done: %(action)s.", action=label)
    expect(page.get_by_role("alert").filter(has_text=done)).to_be_visible()
    expect(page.get_by_test_id("case-status")).to_have_text(zh_str(move.target.label))


def test_mediator_takes_a_case_to_the_award_and_the_worker_sees_each_step(
    new_context, page, login, make_user
):
    from django.utils import timezone

    from cases.forms import (
        AcknowledgeForm,
        SessionForm,
        SessionResultForm,
        TrackForm,
        TransitionForm,
        WorkbenchFilterForm,
    )
    from cases.models import Case, MediationSession
    from cases.workflow import MOVES_BY_ACTION, Outcome, Stage, Status

    case, code = _file_cases()
    mediator = make_user("mediator", "rights")
    login(page, mediator)

    # The workbench: the department's queue; search finds the case.
    page.get_by_role("navigation", name=zh("Main navigation")).get_by_role(
        "link", name=zh("Workbench")
    ).click()
    expect(page.get_by_test_id("result-count")).to_have_text(re.compile(r"(^|\D)3(\D|$)"))
    shoot(page, "workbench")
    field(page, label_of(WorkbenchFilterForm, "q")).fill(EMPLOYER)
    page.get_by_role("button", name=zh("Filter")).click()
    expect(page.get_by_test_id("result-count")).to_have_text(re.compile(r"(^|\D)1(\D|$)"))
    page.get_by_role("link", name=case.number).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.number)
    expect(page.get_by_test_id("case-status")).to_have_text(zh_str(Status.INTAKE.label))

    _move(page, "accept_mediation")
    # Whoever accepts the case handles it.
    expect(page.get_by_test_id("case-handler")).to_have_text(str(mediator))

    # A session, which ends without agreement; the same step records that mediation failed.
    when = timezone.localtime() + timedelta(days=1)
    when = when.replace(hour=10, minute=0, second=0, microsecond=0)
    page.get_by_role("link", name=zh("Schedule a mediation session"), exact=True).click()
    field(page, label_of(SessionForm, "scheduled_at")).fill(when.strftime("%Y-%m-%dT%H:%M"))
    field(page, label_of(SessionForm, "place")).fill("湛江市总工会职工法律服务中心调解室")
    field(page, label_of(SessionForm, "participants")).fill("王建军；用人单位代表；调解员")
    page.get_by_role("button", name=zh("Schedule the session")).click()
    expect(
        page.get_by_role("alert").filter(has_text=zh("The mediation session is scheduled."))
    ).to_be_visible()
    record_result = page.get_by_test_id("session").get_by_role(
        "link", name=zh("Record the result"), exact=True
    )
    expect(record_result).to_be_visible()
    record_result.click()
    field(page, label_of(SessionResultForm, "result")).select_option(
        label=zh_str(MediationSession.Result.FAILED.label)
    )
    reason = "双方对欠薪数额分歧较大，单位只同意支付一半，调解不成。"
    field(page, label_of(SessionResultForm, "note")).fill(reason)
    page.get_by_label(label_of(SessionResultForm, "record_failure")).check()
    page.get_by_role("button", name=zh("Record the result")).click()
    session_result = zh(
        "Mediation session result: %(result)s",
        result=zh_str(MediationSession.Result.FAILED.label),
    )
    expect(page.get_by_test_id("timeline")).to_contain_text(session_result)
    expect(page.get_by_test_id("case-status")).to_have_text(zh_str(Status.MEDIATION_FAILED.label))
    expect(page.get_by_test_id("session").get_by_role("link")).to_have_count(0)

    # The handoff form arrives with today's date and the commission's name filled in.
    label = zh_str(MOVES_BY_ACTION["hand_to_arbitration"].label)
    page.get_by_test_id("case-actions").get_by_role("link", name=label, exact=True).click()
    expect(field(page, label_of(TransitionForm, "sent_on"))).to_have_value(
        timezone.localdate().isoformat()
    )
    expect(field(page, label_of(TransitionForm, "receiver_name"))).to_have_value(
        "湛江市劳动人事争议仲裁委员会"
    )
    field(page, label_of(TransitionForm, "document_number")).fill("湛工维移〔2026〕17号")
    page.get_by_role("button", name=label, exact=True).click()
    expect(page.get_by_test_id("case-status")).to_have_text(zh_str(Status.ARBITRATION.label))

    handoff = page.get_by_test_id("handoff")
    expect(handoff).to_contain_text("湛工维移〔2026〕17号")
    handoff.get_by_role("link", name=zh("Record acknowledgement")).click()
    field(page, label_of(AcknowledgeForm, "acknowledged_by_name")).fill("林晓红")
    page.get_by_role("button", name=zh("Record the acknowledgement")).click()
    expect(page.get_by_test_id("handoff")).to_contain_text("林晓红")

    _move(
        page,
        "record_award",
        fill={
            label_of(TransitionForm, "award_document_number"): "湛劳人仲案字〔2026〕301号",
            label_of(TransitionForm, "amount_awarded"): "36000",
        },
    )
    expect(page.get_by_test_id("award")).to_contain_text("湛劳人仲案字〔2026〕301号")
    expect(page.get_by_test_id("award")).to_contain_text("36000.00元")
    _move(
        page,
        "close",
        choose={label_of(TransitionForm, "outcome"): zh_str(Outcome.AWARD.label)},
        fill={label_of(TransitionForm, "note"): "仲裁裁决单位支付欠薪36000元，已履行。"},
    )
    expect(page.get_by_test_id("timeline")).to_contain_text(reason)  # staff see the reason
    shoot(page, "case-page")
    case.refresh_from_db()
    assert (case.status, case.outcome) == (Status.CLOSED, Outcome.AWARD)

    # The worker, on a phone, with the number and code from the receipt.
    worker = new_context(phone=True).new_page()
    worker.goto("/complaints/track/")
    field(worker, label_of(TrackForm, "number")).fill(case.number)
    field(worker, label_of(TrackForm, "code")).fill(code)
    worker.get_by_role("button", name=zh("Look up")).tap()
    expect(worker.get_by_test_id("case-stage")).to_have_text(zh_str(Stage.CLOSED.label))
    expect(worker.get_by_test_id("case-status")).to_have_text(zh_str(Status.CLOSED.label))
    expect(worker.locator("main")).to_contain_text(zh_str(Outcome.AWARD.label))

    def event(action):
        # The worker reads what happened, not the staff's command (cases.timeline).
        from cases.workflow import MOVES_BY_ACTION

        return zh_str(MOVES_BY_ACTION[action].worker_label)

    steps = [
        zh("Complaint registered"),
        event("accept_mediation"),
        zh("Mediation session scheduled for %(when)s", when=when.strftime("%Y-%m-%d %H:%M")),
        session_result,
        event("mediation_failed"),
        event("hand_to_arbitration"),
        zh("The arbitration commission’s notice of acceptance recorded"),
        event("record_award"),
        zh("Case closed (%(outcome)s)", outcome=zh_str(Outcome.AWARD.label)),
    ]
    items = worker.get_by_test_id("timeline").get_by_role("listitem")
    expect(items).to_have_count(len(steps))
    for item, step in zip(items.all(), steps, strict=True):
        expect(item).to_contain_text(step)
    # Worker-safe: no staff-only reason on the worker's page.
    expect(worker.locator("main")).not_to_contain_text(reason)
    assert Case.objects.get(pk=case.pk).events.filter(public=True).count() == len(steps)
