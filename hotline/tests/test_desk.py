"""The desk: one form for a call, today's calls and my callbacks below, the caller's
history beside it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from cases import services as case_services
from cases.models import DisputeCategory
from hotline.forms import parse_duration
from hotline.models import Call
from hotline.tests.form_data import call_form
from hotline.validators import normalize_caller_phone
from zhanjiang_union.accounts.models import Department
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.testing import VALID_ID


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("13800138000", "13800138000"),
        ("138 0013 8000", "13800138000"),
        ("+86 138-0013-8000", "13800138000"),
        ("１３８００１３８０００", "13800138000"),
        ("0759-3123456", "0759-3123456"),
        ("0759 3123456", "0759-3123456"),
        ("(0759)31234567", "0759-31234567"),
        ("07593123456", "0759-3123456"),
        ("+86 759 3123456", "0759-3123456"),
        ("010 6234 5678", "010-62345678"),
        ("020 8123 4567", "020-81234567"),
    ],
)
def test_caller_phones_are_stored_in_one_form(typed, stored):
    assert normalize_caller_phone(typed) == stored


@pytest.mark.parametrize("typed", ["3123456", "12345", "0759-0123456", "1380013800", "abc"])
def test_numbers_that_are_neither_mobile_nor_landline_are_refused(typed):
    with pytest.raises(ValidationError):
        normalize_caller_phone(typed)


@pytest.mark.parametrize(
    "typed, seconds", [("3:25", 205), ("205", 205), ("0:07", 7), ("1:02:03", 3723), ("", None)]
)
def test_durations(typed, seconds):
    assert parse_duration(typed) == seconds


@pytest.mark.parametrize("typed", ["3:75", "3.25分", "-5", "99999"])
def test_bad_durations(typed):
    with pytest.raises(ValidationError):
        parse_duration(typed)


def test_the_desk_logs_a_call_and_is_empty_again(client, operator):
    client.force_login(operator)
    page = client.get(reverse("hotline:desk")).content.decode()
    # The number comes first: the phone field has the focus.
    assert 'name="phone"' in page and "autofocus" in page.split('name="phone"')[1].split(">")[0]

    response = client.post(
        reverse("hotline:desk"),
        call_form(phone="+86 138 0013 8000", duration="3:25", urgency="urgent"),
        follow=True,
    )
    assert response.redirect_chain == [(reverse("hotline:desk"), 302)]
    call = Call.objects.get()
    assert call.phone == "13800138000" and call.duration_seconds == 205
    assert call.urgency == "urgent" and call.operator == operator
    assert call.department == operator.department
    html = response.content.decode()
    # A success message, and an empty form ready for the next call.
    assert [str(m) for m in response.context["messages"]] == [
        _("Call from %(phone)s logged.") % {"phone": "138****8000"}
    ]
    assert not response.context["form"].is_bound
    assert 'value="李四"' not in html
    # Today's calls list it, with the number masked.
    today = html.split('data-testid="today-calls"')[1]
    assert "138****8000" in today and "13800138000" not in today


def test_a_landline_call_without_a_category_is_a_consultation(client, operator):
    client.force_login(operator)
    client.post(reverse("hotline:desk"), call_form(phone="0759 3123456", duration="90"))
    call = Call.objects.get()
    assert call.phone == "0759-3123456" and call.category is None and call.duration_seconds == 90


def test_bad_input_is_refused_next_to_the_field_and_kept(client, operator):
    client.force_login(operator)
    typed = call_form(
        phone="12345", caller_name="陈七", duration="3:75", summary="工伤认定咨询", outcome=""
    )
    response = client.post(reverse("hotline:desk"), typed)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"phone", "duration", "outcome"}
    html = response.content.decode()
    for value in ("12345", "陈七", "3:75", "工伤认定咨询"):
        assert f'value="{value}"' in html
    assert 'id="error_1_id_phone"' in html  # crispy puts each message under its field
    assert not Call.objects.exists()


def test_a_referral_names_the_department(client, operator):
    client.force_login(operator)
    response = client.post(reverse("hotline:desk"), call_form(outcome="referred"))
    assert response.status_code == 400
    assert response.context["form"].errors["referred_to"] == [
        _("Choose the department the caller was referred to.")
    ]
    rights = Department.objects.get(code="rights")
    client.post(reverse("hotline:desk"), call_form(outcome="referred", referred_to=rights.pk))
    assert Call.objects.get().referred_to == rights


def test_a_call_in_the_future_is_refused(client, operator):
    client.force_login(operator)
    response = client.post(reverse("hotline:desk"), call_form(received_at="2099-01-01T10:00"))
    assert response.status_code == 400 and "received_at" in response.context["form"].errors


def test_a_repeat_caller_is_recognised_by_number(client, operator, make_call, make_case):
    pay = DisputeCategory.objects.get(code="pay")
    make_call(summary="第一次来电：咨询欠薪。", category=pay)
    make_call(summary="第二次来电：公司仍未支付。")
    make_call(phone="13900139000", summary="另一位来电人")
    case = make_case(
        complainants=[
            case_services.ComplainantInput(name="张三", id_number=VALID_ID, phone="13800138000")
        ]
    )
    client.force_login(operator)

    response = client.post(reverse("hotline:caller"), {"phone": "138-0013-8000"}, follow=True)
    assert response.status_code == 200
    assert "138" not in response.redirect_chain[0][0]  # the number stays out of the URL
    html = response.content.decode()
    panel = html.split('data-testid="caller-panel"')[1].split('data-testid="callback-queue"')[0]
    assert panel.count('data-testid="caller-call"') == 2
    assert "第一次来电" in panel and "第二次来电" in panel and "另一位来电人" not in panel
    # The case is named with its status and department, without the complainant's data.
    assert case.number in panel and case.department.name in panel
    assert case.get_status_display() in panel
    assert "张三" not in panel and VALID_ID not in panel
    # The number is in the form, and the name field takes the focus.
    form = response.context["form"]
    assert form.initial["phone"] == "13800138000"
    assert form.fields["caller_name"].widget.attrs.get("autofocus")

    partial = client.post(reverse("hotline:caller"), {"phone": "13800138000", "partial": "caller"})
    assert partial.status_code == 200
    assert partial.content.decode().count('data-testid="caller-call"') == 2
    assert "<html" not in partial.content.decode()

    unknown = client.post(
        reverse("hotline:caller"), {"phone": "13700137000"}, follow=True
    ).content.decode()
    assert 'data-testid="caller-call"' not in unknown and case.number not in unknown


def test_a_bad_lookup_says_so_and_breaks_nothing(client, operator):
    client.force_login(operator)
    response = client.post(reverse("hotline:caller"), {"phone": "12"}, follow=True)
    assert response.status_code == 200
    assert response.context["lookup"].errors["phone"]
    assert 'data-testid="caller-history"' not in response.content.decode()


def test_the_call_page_shows_the_whole_number_to_operators_only(client, users, make_call):
    call = make_call()
    url = reverse("hotline:call_detail", args=[call.pk])
    client.force_login(users[Role.HOTLINE_OPERATOR])
    assert "13800138000" in client.get(url).content.decode()
    client.force_login(users[Role.DEPARTMENT_HEAD])  # reads calls, does not call back
    html = client.get(url).content.decode()
    assert "13800138000" not in html and "138****8000" in html


def test_lists_mask_the_number(client, operator, make_call):
    make_call(outcome=Call.Outcome.CALLBACK)
    client.force_login(operator)
    for name in ("hotline:desk", "hotline:calls", "hotline:callbacks"):
        html = client.get(reverse(name)).content.decode()
        assert "138****8000" in html and "13800138000" not in html, name


def test_enter_anywhere_in_the_form_logs_the_call(client, operator):
    """What makes Enter submit: one-line fields only (no textarea swallows it) and a
    single submit button; the script is a static file, not inline."""
    client.force_login(operator)
    html = client.get(reverse("hotline:desk")).content.decode()
    form = html.split('data-testid="call-form"')[1].split("</form>")[0]
    assert "<textarea" not in form
    assert form.count('type="submit"') == 1
    assert '<script src="/static/js/hotline.js"></script>' in html
    assert "<script>" not in html
