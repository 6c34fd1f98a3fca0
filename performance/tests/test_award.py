"""The award after it is made: its claims, the day it was received and the windows that
run from it (hand-computed across the 2026 holidays), and the moves they allow."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from cases import services as case_services
from cases.models import ArbitrationAward, Case
from cases.views import TRACKED_SESSION_KEY
from performance.award import ClaimInput, award_details_record, award_move_check
from performance.services import PerformanceError

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def awarded(make_case):
    def make(awarded_on=date(2026, 9, 10), **overrides):
        case = make_case(**overrides)
        Case.objects.filter(pk=case.pk).update(status="award")
        ArbitrationAward.objects.create(
            case=case, awarded_on=awarded_on, document_number="湛劳人仲案字〔2026〕88号"
        )
        case.refresh_from_db()
        return case

    return make


def windows(case):
    return {
        d.rule.key: d.due_on
        for d in case.deadlines.filter(met_at__isnull=True).select_related("rule")
        if d.rule.key.startswith("award_")
    }


def test_a_final_award_received_before_national_day(awarded, mediator):
    case = awarded()
    award_details_record(
        case=case, received_on=date(2026, 9, 16), actor=mediator,
        claims=[ClaimInput("拖欠工资", Decimal("8000.00"), True),
                ClaimInput("经济补偿", Decimal("12000.00"), True)],
    )  # fmt: skip
    # 16 Sep + 15 = 1 Oct (National Day, 1-7 Oct) → 8 Oct; 16 Sep + 30 = 16 Oct, a Friday.
    assert windows(case) == {"award_suit": date(2026, 10, 8), "award_set_aside": date(2026, 10, 16)}
    award = ArbitrationAward.objects.get(case=case)
    assert award.amount_awarded == Decimal("20000.00") and award.is_final


def test_a_non_final_award_has_only_the_days_to_sue_and_a_make_up_workday_holds(awarded, mediator):
    case = awarded(awarded_on=date(2026, 1, 26))
    award_details_record(
        case=case, received_on=date(2026, 1, 30), actor=mediator,
        claims=[ClaimInput("加班费", Decimal("3000.00"), False)],
    )  # fmt: skip
    # 30 Jan + 15 = 14 Feb 2026, a Saturday worked before the Spring Festival: it holds.
    assert windows(case) == {"award_suit": date(2026, 2, 14)}


def test_the_award_windows_decide_the_way_out_of_arbitration(awarded, mediator):
    case = awarded()
    award_details_record(
        case=case, received_on=date(2026, 9, 16), actor=mediator,
        claims=[ClaimInput("加班费", Decimal("3000.00"), False)],
    )  # fmt: skip
    # Within the 15 days: suing is open, enforcement not yet.
    award_move_check(case=case, action="hand_to_litigation", today=date(2026, 10, 8))
    with pytest.raises(PerformanceError) as refused:
        award_move_check(case=case, action="apply_enforcement", today=date(2026, 10, 8))
    assert "2026-10-08" in refused.value.message
    # After them: the award is in force; enforcement open, suing closed.
    award_move_check(case=case, action="apply_enforcement", today=date(2026, 10, 9))
    with pytest.raises(PerformanceError):
        award_move_check(case=case, action="hand_to_litigation", today=date(2026, 10, 9))


def test_a_final_award_may_be_enforced_at_once(awarded, mediator):
    case = awarded(awarded_on=date(2026, 11, 20))
    award_details_record(
        case=case, received_on=date(2026, 11, 24), actor=mediator,
        claims=[ClaimInput("拖欠工资", Decimal("8000.00"), True)],
    )  # fmt: skip
    case = case_services.case_transition(
        case=Case.objects.get(pk=case.pk), action="apply_enforcement", actor=mediator,
        expected_version=Case.objects.get(pk=case.pk).version,
        handoff=case_services.HandoffInput(sent_on=date(2026, 11, 25)),
    )  # fmt: skip
    assert case.status == "enforcement"


def test_the_award_page_records_claims_and_shows_both_windows(client, awarded, mediator):
    case = awarded()
    client.force_login(mediator)
    url = reverse("performance:award_details", args=[case.pk])
    data = {
        "received_on": "2026-09-16", "claims-TOTAL_FORMS": "3", "claims-INITIAL_FORMS": "0",
        "claims-0-claim": "拖欠工资", "claims-0-amount": "8000", "claims-0-is_final": "on",
        "claims-1-claim": "", "claims-1-amount": "", "claims-2-claim": "", "claims-2-amount": "",
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    page = client.get(reverse("cases:detail", args=[case.pk]), **ZH).content.decode()
    assert "2026-10-08" in page and "2026-10-16" in page
    assert "申请撤销终局裁决" in page
    # A claim without its amount: refused beside the field, the rest kept.
    data["claims-0-amount"] = ""
    response = client.post(url, data, **ZH)
    assert response.status_code == 400 and "拖欠工资" in response.content.decode()


def enforcement(case):
    running = case.deadlines.filter(rule__key="enforcement", met_at__isnull=True)
    return [d.due_on for d in running]


def test_a_final_award_opens_the_two_years_to_apply_for_enforcement_at_receipt(awarded, mediator):
    case = awarded()
    award_details_record(
        case=case, received_on=date(2026, 9, 16), actor=mediator,
        claims=[ClaimInput("拖欠工资", Decimal("8000.00"), True)],
    )  # fmt: skip
    # In force at receipt: 16 Sep 2026 + 2 years = 16 Sep 2028, a Saturday → Monday 18 Sep.
    assert enforcement(case) == [date(2028, 9, 18)]


def test_a_non_final_award_counts_the_two_years_once_the_days_to_sue_pass(awarded, mediator):
    case = awarded(awarded_on=date(2026, 1, 26))
    award_details_record(
        case=case, received_on=date(2026, 1, 30), actor=mediator,
        claims=[ClaimInput("加班费", Decimal("3000.00"), False)],
    )  # fmt: skip
    # Days to sue end 14 Feb 2026; in force 15 Feb; + 2 years = 15 Feb 2028, a Tuesday.
    assert enforcement(case) == [date(2028, 2, 15)]
    # Recorded again (a corrected day of receipt): one window, from the new day.
    award_details_record(
        case=case, received_on=date(2026, 2, 2), actor=mediator,
        claims=[ClaimInput("加班费", Decimal("3000.00"), False)],
    )  # fmt: skip
    # 2 Feb + 15 = 17 Feb (Spring Festival, 15-23 Feb 2026) → 24 Feb; in force 25 Feb.
    assert enforcement(case) == [date(2028, 2, 25)]


def test_the_enforcement_move_ends_the_window(awarded, mediator):
    case = awarded(awarded_on=date(2026, 11, 20))
    award_details_record(
        case=case, received_on=date(2026, 11, 24), actor=mediator,
        claims=[ClaimInput("拖欠工资", Decimal("8000.00"), True)],
    )  # fmt: skip
    assert enforcement(case) == [date(2028, 11, 24)]
    case_services.case_transition(
        case=Case.objects.get(pk=case.pk), action="apply_enforcement", actor=mediator,
        expected_version=Case.objects.get(pk=case.pk).version,
        handoff=case_services.HandoffInput(sent_on=date(2026, 11, 25)),
    )  # fmt: skip
    assert enforcement(case) == []


def test_the_case_page_and_the_tracking_page_name_the_enforcement_day(client, awarded, mediator):
    case = awarded()
    award_details_record(
        case=case, received_on=date(2026, 9, 16), actor=mediator,
        claims=[ClaimInput("拖欠工资", Decimal("8000.00"), True)],
    )  # fmt: skip
    client.force_login(mediator)
    page = client.get(reverse("cases:detail", args=[case.pk]), **ZH).content.decode()
    assert "申请强制执行" in page and "2028-09-18" in page
    client.logout()
    session = client.session
    session[TRACKED_SESSION_KEY] = case.pk
    session.save()
    text = client.get(reverse("cases:track_result"), **ZH).content.decode()
    assert "2028-09-18" in text and "申请强制执行" in text
