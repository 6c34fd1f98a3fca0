"""A call (or a visit) becomes a case through the staff intake, linked both ways."""

from django.urls import reverse

from cases.models import Case, Channel, DisputeCategory
from hotline.models import Call, Visit
from hotline.tests.form_data import call_form, visit_form
from zhanjiang_union.accounts.roles import Role


def _intake_post(complaint_data, **overrides) -> dict:
    data = {**complaint_data, "channel": "hotline", "grid": ""}
    data.update(overrides)
    return data


def test_a_call_becomes_a_case_and_each_shows_the_other(client, users, complaint_data):
    operator = users[Role.HOTLINE_OPERATOR]
    pay = DisputeCategory.objects.get(code="pay")
    client.force_login(operator)
    logged = client.post(
        reverse("hotline:desk"),
        call_form(
            phone="138 0013 8000",
            caller_name="王五",
            category=pay.pk,
            summary="公司拖欠三个月工资共12800元。",
            outcome="case",
        ),
    )
    assert logged.status_code == 302
    call = Call.objects.get()

    # The call's page offers the intake, which opens prefilled from the call.
    call_page = client.get(reverse("hotline:call_detail", args=[call.pk])).content.decode()
    intake_url = f"{reverse('cases:intake')}?call={call.pk}"
    assert intake_url in call_page
    intake = client.get(intake_url)
    assert intake.status_code == 200
    initial = intake.context["form"].initial
    assert initial["channel"] == Channel.HOTLINE
    assert initial["phone"] == "13800138000" and initial["name"] == "王五"
    assert initial["category"] == pay.pk
    assert initial["facts"] == "公司拖欠三个月工资共12800元。"
    page = intake.content.decode()
    assert 'value="13800138000"' in page and "公司拖欠三个月工资共12800元。" in page

    registered = client.post(
        intake_url,
        _intake_post(complaint_data, name="王五", facts="公司拖欠三个月工资共12800元。"),
    )
    case = Case.objects.get()
    assert registered.status_code == 302
    assert registered["Location"] == reverse("cases:detail", args=[case.pk])
    assert case.channel == Channel.HOTLINE
    call.refresh_from_db()
    assert call.case == case

    # The call shows its case; the case page (its mediator's) shows the call, masked.
    call_page = client.get(reverse("hotline:call_detail", args=[call.pk])).content.decode()
    assert case.number in call_page
    assert f"{reverse('cases:intake')}?call={call.pk}" not in call_page  # no second case
    client.force_login(users[Role.MEDIATOR])
    case_page = client.get(reverse("cases:detail", args=[case.pk]))
    assert case_page.status_code == 200
    html = case_page.content.decode()
    assert 'data-testid="case-call"' in html
    assert "138****8000" in html
    assert call.received_at.astimezone().strftime("%Y-%m-%d") in html
    # The mediator reads the call on the case page only: no link to the desk's page.
    assert reverse("hotline:call_detail", args=[call.pk]) not in html
    assert case.events.filter(action="hotline.call.linked").exists()


def test_a_linked_call_opens_no_second_intake_and_outsiders_none(client, users, make_call):
    call = make_call()
    url = f"{reverse('cases:intake')}?call={call.pk}"
    client.force_login(users[Role.MEDIATOR])  # may register cases, not read calls
    assert client.get(url).status_code == 404
    client.force_login(users[Role.HOTLINE_OPERATOR])
    assert client.get(f"{reverse('cases:intake')}?call=999999").status_code == 404
    assert client.get(f"{reverse('cases:intake')}?call=abc").status_code == 404
    assert client.get(url).status_code == 200


def test_a_call_already_linked_opens_its_case_not_a_second_intake(
    client, users, make_call, make_case
):
    call = make_call()
    case = make_case()
    Call.objects.filter(pk=call.pk).update(case=case)
    client.force_login(users[Role.HOTLINE_OPERATOR])
    response = client.get(f"{reverse('cases:intake')}?call={call.pk}", follow=True)
    assert response.redirect_chain[0] == (reverse("cases:detail", args=[case.pk]), 302)
    said = [str(message) for message in response.context["messages"]]
    assert any(case.number in message for message in said)
    assert Case.objects.count() == 1


def test_a_visit_becomes_a_walk_in_case(client, users, complaint_data):
    client.force_login(users[Role.HOTLINE_OPERATOR])
    client.post(
        reverse("hotline:visit_new"),
        visit_form(visitor_count="6", representatives=[("赵六", "13900139000")]),
    )
    visit = Visit.objects.get()
    detail = client.get(reverse("hotline:visit_detail", args=[visit.pk])).content.decode()
    intake_url = f"{reverse('cases:intake')}?visit={visit.pk}"
    assert intake_url in detail
    initial = client.get(intake_url).context["form"].initial
    assert initial["channel"] == Channel.WALK_IN
    assert initial["name"] == "赵六" and initial["workers_involved"] == 6
    response = client.post(
        intake_url,
        _intake_post(complaint_data, channel="walk_in", name="赵六", workers_involved=6),
    )
    assert response.status_code == 302
    case = Case.objects.get()
    visit.refresh_from_db()
    assert visit.case == case and case.channel == Channel.WALK_IN
    detail = client.get(reverse("hotline:visit_detail", args=[visit.pk])).content.decode()
    assert case.number in detail
    client.force_login(users[Role.MEDIATOR])
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'data-testid="case-visit"' in html
