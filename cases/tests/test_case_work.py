"""A mediator's day on a case page: taking a case on makes it theirs, assignment tells the
assignee, each save says it was saved, a failed session can end the mediation in one step,
the handoff form is prefilled as a browser can show it, and the award keeps its details."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import ArbitrationAward, Case, MediationSession
from cases.workflow import Status
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.notifications.models import Notification


def _move(client, case, action, **data):
    case.refresh_from_db()
    return client.post(
        reverse("cases:move", args=[case.pk, action]),
        {"version": case.version, **data},
        follow=True,
    )


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_mediator_who_accepts_a_case_becomes_its_handler_and_sees_it_under_my_cases(
    client, make_case, role_users
):
    mediator = role_users[Role.MEDIATOR]
    case = make_case()
    client.force_login(mediator)
    _move(client, case, "accept_mediation")
    case.refresh_from_db()
    assert case.handler == mediator
    mine = client.get(reverse("cases:workbench"), {"scope": "mine"}).content.decode()
    assert case.number in mine


def test_a_handler_assigned_by_the_head_stays_when_someone_else_accepts(
    client, make_case, make_user, role_users
):
    head, mediator = role_users[Role.DEPARTMENT_HEAD], role_users[Role.MEDIATOR]
    colleague = make_user(Role.MEDIATOR, "rights")
    case = make_case()
    client.force_login(head)
    response = client.post(
        reverse("cases:assign", args=[case.pk]),
        {"version": case.version, "handler": colleague.pk},
        follow=True,
    )
    assert any(str(colleague) in text for text in _messages(response))
    client.force_login(mediator)
    _move(client, case, "accept_mediation")
    case.refresh_from_db()
    assert case.handler == colleague


def test_assignment_sends_the_assignee_a_message_linking_to_the_case(
    client, make_case, make_user, role_users
):
    colleague = make_user(Role.MEDIATOR, "rights")
    case = make_case()
    client.force_login(role_users[Role.DEPARTMENT_HEAD])
    client.post(
        reverse("cases:assign", args=[case.pk]), {"version": case.version, "handler": colleague.pk}
    )
    note = Notification.objects.get(recipient=colleague)
    assert case.number in note.subject
    assert note.url == reverse("cases:detail", args=[case.pk])
    client.force_login(colleague)
    inbox = client.get(reverse("notifications:inbox")).content.decode()
    assert case.number in inbox


def test_scheduling_acknowledging_and_recording_are_buttons_on_the_case_page(
    client, make_case, role_users
):
    client.force_login(role_users[Role.MEDIATOR])
    case = make_case()
    _move(client, case, "accept_mediation")
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    schedule = reverse("cases:session_new", args=[case.pk])
    assert re.search(rf'class="btn[^"]*" href="{schedule}"', page)


def test_saving_a_session_an_amount_and_a_result_each_say_so(client, make_case, role_users):
    client.force_login(role_users[Role.MEDIATOR])
    case = make_case()
    _move(client, case, "accept_mediation")
    when = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT10:00")
    response = client.post(
        reverse("cases:session_new", args=[case.pk]),
        {"scheduled_at": when, "place": "调解室", "participants": ""},
        follow=True,
    )
    assert "调解会已安排。" in _messages(response)
    case.refresh_from_db()
    response = client.post(
        reverse("cases:recovered", args=[case.pk]),
        {"version": case.version, "amount": "3000"},
        follow=True,
    )
    assert "追回金额已保存。" in _messages(response)
    session = case.sessions.get()
    response = client.post(
        reverse("cases:session_result", args=[session.pk]),
        {"version": case.version + 1, "result": "continue", "note": ""},
        follow=True,
    )
    assert "调解会结果已记录。" in _messages(response)


def test_a_failed_session_records_mediation_failure_in_the_same_step_with_its_reason(
    client, make_case, role_users
):
    client.force_login(role_users[Role.MEDIATOR])
    case = make_case()
    _move(client, case, "accept_mediation")
    session = MediationSession.objects.create(
        case=case, scheduled_at=timezone.now(), place="调解室"
    )
    form_page = client.get(reverse("cases:session_result", args=[session.pk])).content.decode()
    assert 'name="record_failure"' in form_page
    case.refresh_from_db()
    reason = "单位只同意支付一半，职工不接受。"
    response = client.post(
        reverse("cases:session_result", args=[session.pk]),
        {"version": case.version, "result": "failed", "note": reason, "record_failure": "on"},
        follow=True,
    )
    case.refresh_from_db()
    assert case.status == Status.MEDIATION_FAILED
    assert case.events.get(action="cases.case.mediation_failed").note == reason
    assert "已完成：登记调解不成。" in _messages(response)


def test_ending_mediation_needs_a_failed_result_and_a_reason_and_keeps_what_was_typed(
    client, make_case, role_users
):
    client.force_login(role_users[Role.MEDIATOR])
    case = make_case()
    _move(client, case, "accept_mediation")
    session = MediationSession.objects.create(
        case=case, scheduled_at=timezone.now(), place="调解室"
    )
    case.refresh_from_db()
    url = reverse("cases:session_result", args=[session.pk])
    response = client.post(
        url, {"version": case.version, "result": "failed", "note": "", "record_failure": "on"}
    )
    assert response.status_code == 400
    assert "请说明调解不成的原因。" in response.content.decode()
    response = client.post(
        url,
        {"version": case.version, "result": "continue", "note": "改期", "record_failure": "on"},
    )
    assert response.status_code == 400
    assert "改期" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.MEDIATION
    session.refresh_from_db()
    assert session.result == MediationSession.Result.SCHEDULED


def test_the_handoff_form_has_todays_iso_date_and_the_receiving_body_filled_in(
    client, make_case, role_users
):
    client.force_login(role_users[Role.MEDIATOR])
    case = make_case()
    Case.objects.filter(pk=case.pk).update(status=Status.MEDIATION_FAILED)
    with timezone.override("Asia/Shanghai"):
        today = timezone.localdate().isoformat()
    page = client.get(reverse("cases:move", args=[case.pk, "hand_to_arbitration"])).content.decode()
    assert re.search(rf'type="date" name="sent_on" value="{today}"', page)
    assert re.search(r'name="receiver_name" value="湛江市劳动人事争议仲裁委员会"', page)


def test_the_court_handoff_names_the_basic_court_of_the_cases_district(
    client, make_case, role_users
):
    client.force_login(role_users[Role.MEDIATOR])
    case = make_case()
    Case.objects.filter(pk=case.pk).update(status=Status.MEDIATION_FAILED)
    page = client.get(reverse("cases:move", args=[case.pk, "hand_to_litigation"])).content.decode()
    assert 'value="霞山区人民法院"' in page


def test_the_award_records_its_date_number_amount_and_finality(client, make_case, role_users):
    client.force_login(role_users[Role.MEDIATOR])
    case = make_case()
    Case.objects.filter(pk=case.pk).update(status=Status.ARBITRATION)
    response = _move(
        client,
        case,
        "record_award",
        awarded_on=timezone.localdate().isoformat(),
        award_document_number="湛劳人仲案字〔2026〕88号",
        amount_awarded="12800.50",
        is_final="on",
        note="",
    )
    award = ArbitrationAward.objects.get(case=case)
    assert (award.document_number, award.amount_awarded, award.is_final) == (
        "湛劳人仲案字〔2026〕88号",
        Decimal("12800.50"),
        True,
    )
    page = response.content.decode()
    assert "湛劳人仲案字〔2026〕88号" in page and "12800.50元" in page


def test_an_award_without_its_document_number_is_refused_next_to_the_field(
    client, make_case, role_users
):
    client.force_login(role_users[Role.MEDIATOR])
    case = make_case()
    Case.objects.filter(pk=case.pk).update(status=Status.ARBITRATION)
    case.refresh_from_db()
    response = client.post(
        reverse("cases:move", args=[case.pk, "record_award"]),
        {"version": case.version, "awarded_on": "2026-11-30", "amount_awarded": "500"},
    )
    assert response.status_code == 400
    assert 'value="500"' in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.ARBITRATION


def test_the_complainants_table_has_headers_and_the_list_says_how_many_workers(
    client, make_case, role_users
):
    client.force_login(role_users[Role.MEDIATOR])
    case = make_case(workers_involved=3)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    for header in ("姓名", "居民身份证号码", "手机号码"):
        assert f'<th scope="col">{header}</th>' in page
    queue = client.get(reverse("cases:workbench")).content.decode()
    assert re.search(r"张三\s*<span[^>]*>（3名职工）</span>", queue)


def test_a_session_result_is_recorded_once_whatever_the_page_offers(client, make_case, role_users):
    client.force_login(role_users[Role.MEDIATOR])
    case = make_case()
    _move(client, case, "accept_mediation")
    session = MediationSession.objects.create(
        case=case, scheduled_at=timezone.now(), place="调解室"
    )
    url = reverse("cases:session_result", args=[session.pk])
    case.refresh_from_db()
    client.post(url, {"version": case.version, "result": "continue", "note": "改期"})
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert url not in page  # the case page no longer offers it
    case.refresh_from_db()
    again = client.post(url, {"version": case.version, "result": "agreement", "note": ""})
    assert "该次调解会的结果已经记录，不能重复记录。" in again.content.decode()
    session.refresh_from_db()
    assert session.result == "continue" and session.result_note == "改期"
    assert case.events.filter(action="cases.session.result").count() == 1


def test_sessions_are_offered_and_taken_only_while_the_case_is_in_mediation(
    client, make_case, role_users
):
    client.force_login(role_users[Role.MEDIATOR])
    case = make_case()
    schedule = reverse("cases:session_new", args=[case.pk])
    assert schedule not in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    when = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT10:00")
    response = client.post(schedule, {"scheduled_at": when, "place": "调解室"})
    assert "案件处于调解阶段时才能安排调解会" in response.content.decode()
    assert not case.sessions.exists()


def test_an_agreement_paid_before_it_is_signed_is_refused_by_the_service_and_the_database(
    make_case, role_users
):
    from django.db import IntegrityError, transaction

    from cases import services
    from cases.models import MediationAgreement
    from cases.services import CaseError

    mediator = role_users[Role.MEDIATOR]
    case = make_case()
    case = services.case_transition(
        case=case, action="accept_mediation", actor=mediator, expected_version=case.version
    )
    terms = {
        "signed_on": timezone.localdate(),
        "amount_agreed": Decimal("5000.00"),
        "payment_due": timezone.localdate() - timedelta(days=1),
        "terms": "被申请人支付工资。",
    }
    with pytest.raises(CaseError, match="付款期限不能早于协议签订日期"):
        services.case_transition(
            case=case, action="record_agreement", actor=mediator,
            expected_version=case.version, agreement=terms,
        )  # fmt: skip
    case.refresh_from_db()
    assert case.status == Status.MEDIATION
    with pytest.raises(IntegrityError), transaction.atomic():
        MediationAgreement.objects.create(case=case, **terms)
