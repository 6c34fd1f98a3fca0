"""The 12351 desk in one pass: a call whose outcome is a case goes straight on to the
prefilled case form; the staff form speaks of the complainant, not "you", and registers
without an ID number; a callback gets a time and a person; a lone visitor has a name and
a phone, and the optional representative rows carry no asterisk."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cases.models import Case, Channel, Complainant
from cases.workflow import Status
from hotline.models import Call, Visit
from hotline.tests.form_data import call_form, visit_form
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.notifications.models import Notification


def test_choosing_case_goes_straight_to_the_prefilled_form_and_registers_the_case(
    client, operator, complaint_data
):
    client.force_login(operator)
    response = client.post(
        reverse("hotline:desk"),
        call_form(caller_name="陈志强", summary="公司拖欠两个月工资。", outcome="case"),
        follow=True,
    )
    call = Call.objects.get()
    assert response.redirect_chain[-1][0] == f"{reverse('cases:intake')}?call={call.pk}"
    page = response.content.decode()
    assert 'value="陈志强"' in page and "公司拖欠两个月工资。" in page
    data = {
        **complaint_data,
        "channel": "hotline",
        "grid": "",
        "name": "陈志强",
        "id_number": "",
        "facts": "公司拖欠两个月工资。",
    }
    registered = client.post(f"{reverse('cases:intake')}?call={call.pk}", data, follow=True)
    case = Case.objects.get()
    call.refresh_from_db()
    assert call.case == case and case.channel == Channel.HOTLINE
    assert registered.redirect_chain[-1][0] == reverse("cases:detail", args=[case.pk])


def test_the_staff_form_speaks_of_the_complainant_and_the_id_number_is_optional(
    client, operator, complaint_data, make_user
):
    client.force_login(operator)
    page = client.get(reverse("cases:intake")).content.decode()
    assert "您的信息" not in page and "含您本人" not in page
    assert "投诉人" in page
    # One form in the page's content (crispy's own is not nested in it): one CSRF token.
    main = page.split("<main")[1].split("</main>")[0]
    assert main.count("<form") == 1 and main.count("csrfmiddlewaretoken") == 1
    response = client.post(
        reverse("cases:intake"),
        {**complaint_data, "channel": "hotline", "grid": "", "id_number": ""},
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.complainants.get().id_number == ""
    mediator = make_user(Role.MEDIATOR, "rights")
    client.force_login(mediator)
    detail = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'data-testid="id-to-complete"' in detail


def test_a_wrong_id_number_is_still_refused_on_the_staff_form(client, operator, complaint_data):
    client.force_login(operator)
    response = client.post(
        reverse("cases:intake"),
        {**complaint_data, "channel": "hotline", "grid": "", "id_number": "110105194912310021"},
    )
    assert response.status_code == 400
    assert not Case.objects.exists()
    assert "110105194912310021" in response.content.decode()


def test_an_agreement_waits_for_the_missing_id_number(client, make_case, role_users):
    from cases import services

    case = make_case(
        complainants=[services.ComplainantInput(name="陈志强", id_number="", phone="13800138000")]
    )
    Case.objects.filter(pk=case.pk).update(status=Status.MEDIATION)
    case.refresh_from_db()
    client.force_login(role_users[Role.MEDIATOR])
    response = client.post(
        reverse("cases:move", args=[case.pk, "record_agreement"]),
        {
            "version": case.version,
            "signed_on": timezone.localdate().isoformat(),
            "amount_agreed": "5000",
            "payment_due": (timezone.localdate() + timedelta(days=10)).isoformat(),
            "terms": "单位支付工资5000元。",
        },
    )
    assert response.status_code == 409
    assert "居民身份证号码" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.MEDIATION
    Complainant.objects.filter(case=case).update(id_number="11010519491231002X")
    case.refresh_from_db()
    response = client.post(
        reverse("cases:move", args=[case.pk, "record_agreement"]),
        {
            "version": case.version,
            "signed_on": timezone.localdate().isoformat(),
            "amount_agreed": "5000",
            "payment_due": (timezone.localdate() + timedelta(days=10)).isoformat(),
            "terms": "单位支付工资5000元。",
        },
    )
    assert response.status_code == 302


def test_a_callback_gets_a_time_and_a_person_who_is_told_and_finds_it_in_their_queue(
    client, operator, make_user
):
    colleague = make_user(Role.HOTLINE_OPERATOR, "service-centre")
    at = (timezone.localtime() + timedelta(days=2)).replace(hour=15, minute=30)
    client.force_login(operator)
    response = client.post(
        reverse("hotline:desk"),
        call_form(
            outcome="callback",
            callback_at=at.strftime("%Y-%m-%dT%H:%M"),
            callback_assignee=colleague.pk,
        ),
    )
    assert response.status_code == 302
    call = Call.objects.get()
    assert call.callback_assignee == colleague
    assert timezone.localtime(call.callback_at).strftime("%H:%M") == "15:30"
    assert call.callback_due_on >= at.date()
    note = Notification.objects.get(recipient=colleague)
    assert note.url == reverse("hotline:call_detail", args=[call.pk])
    assert at.strftime("%m-%d 15:30") in note.subject
    assert (
        call.summary
        not in client.get(reverse("hotline:desk"))
        .content.decode()
        .split('data-testid="callback-queue"')[1]
        .split("</section>")[0]
    )
    client.force_login(colleague)
    queue = client.get(reverse("hotline:desk")).content.decode()
    queue = queue.split('data-testid="callback-queue"')[1].split("</section>")[0]
    assert 'data-testid="callback-row"' in queue and at.strftime("%m-%d 15:30") in queue


def test_a_callback_time_in_the_past_or_on_a_call_without_callback_is_refused(client, operator):
    client.force_login(operator)
    past = (timezone.localtime() - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("hotline:desk"), call_form(outcome="callback", callback_at=past))
    assert response.status_code == 400
    soon = (timezone.localtime() + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("hotline:desk"), call_form(outcome="advice", callback_at=soon))
    assert response.status_code == 400
    assert "咨询拖欠工资如何维权。" in response.content.decode()
    assert not Call.objects.exists()


def test_a_lone_visitor_has_a_name_and_a_phone_and_optional_rows_have_no_asterisk(client, operator):
    client.force_login(operator)
    page = client.get(reverse("hotline:visit_new")).content.decode()
    rows = page.split('data-testid="representatives"')[1]
    assert "asteriskField" not in rows
    assert 'name="visitor_name"' in page and 'name="visitor_phone"' in page
    response = client.post(
        reverse("hotline:visit_new"),
        visit_form(visitor_count="1", visitor_name="黄丽", visitor_phone="13800138000"),
        follow=True,
    )
    visit = Visit.objects.get()
    assert (visit.visitor_name, visit.visitor_phone) == ("黄丽", "13800138000")
    detail = response.content.decode()
    assert "黄丽" in detail and "138****8000" in detail and "13800138000" not in detail
    intake = client.get(f"{reverse('cases:intake')}?visit={visit.pk}").content.decode()
    assert re.search(r'name="name" value="黄丽"', intake)


def test_a_half_filled_representative_row_says_what_is_missing(client, operator):
    client.force_login(operator)
    response = client.post(
        reverse("hotline:visit_new"),
        visit_form(visitor_count="6", representatives=[("林海", "")]),
    )
    assert response.status_code == 400
    assert "请填写代表的联系电话。" in response.content.decode()
    assert not Visit.objects.exists()
