"""The State Council's yearly notice, pasted by an admin: read into festivals, days off and
make-up workdays (checked against chinesecalendar for the published 2025 and 2026 notices),
previewed, then loaded: the year complete, open deadlines recomputed, handlers told."""

import datetime

import chinese_calendar
import pytest
from django.urls import reverse

from cases.models import Case, Deadline
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.notifications.models import Notification
from zhanjiang_union.workdays.calendar import year_is_loaded
from zhanjiang_union.workdays.models import CalendarDay, CalendarYear
from zhanjiang_union.workdays.notice import NoticeError, parse_notice

from .notices import NOTICE_2025, NOTICE_2026


@pytest.mark.parametrize(
    "text, year, names, published",
    [
        (
            NOTICE_2025,
            2025,
            ["元旦", "春节", "清明节", "劳动节", "端午节", "国庆节、中秋节"],
            datetime.date(2024, 11, 12),
        ),
        (
            NOTICE_2026,
            2026,
            ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"],
            datetime.date(2025, 11, 4),
        ),
    ],
)
def test_the_published_notices_read_as_chinesecalendar_has_them(text, year, names, published):
    notice = parse_notice(text)
    assert (notice.year, notice.published_on) == (year, published)
    assert [festival.name for festival in notice.festivals] == names
    holidays = {day for day, kind, _name in notice.days() if kind == "holiday"}
    workdays = {day for day, kind, _name in notice.days() if kind == "workday"}
    assert holidays == {day for day in chinese_calendar.holidays if day.year == year}
    assert workdays == {day for day in chinese_calendar.workdays if day.year == year}


def test_full_width_digits_and_a_range_across_months_are_read():
    text = "国务院办公厅关于2025年部分节假日安排的通知\n五、端午节：５月３１日（周六）至６月２日（周一）放假，共3天。"
    (festival,) = parse_notice(text).festivals
    assert festival.holidays == [
        datetime.date(2025, 5, 31),
        datetime.date(2025, 6, 1),
        datetime.date(2025, 6, 2),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "随便一段文字",
        "国务院办公厅关于2027年部分节假日安排的通知\n没有条目。",
        "国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：另行通知。",
        "国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：2月30日放假。",
        "国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：1月1日放假。\n二、春节：1月1日放假。",
    ],
)
def test_text_that_is_not_a_notice_is_refused_with_a_reason(text):
    with pytest.raises(NoticeError) as refused:
        parse_notice(text)
    assert refused.value.message


@pytest.fixture
def admin(make_user):
    return make_user(Role.ADMIN, "office")


# Not a published notice: the 2026 text moved to 2027, to load a year the package lacks.
NOTICE_2027_TEST = NOTICE_2026.replace("2026年", "2027年")
URL = reverse("workdays:notice")


def test_an_admin_previews_the_notice_then_loads_the_year(
    client, admin, make_case, make_user, django_capture_on_commit_callbacks
):
    mediator = make_user(Role.MEDIATOR, "rights")
    case = make_case()
    Case.objects.filter(pk=case.pk).update(handler=mediator)
    # Triage, 3 working days from 31 December 2026: counted on weekends only while 2027 is
    # not loaded (Friday 1, Monday 4, Tuesday 5 January).
    triage = case.deadlines.get(rule__key="triage")
    Deadline.objects.filter(pk=triage.pk).update(
        started_on=datetime.date(2026, 12, 31),
        due_on=datetime.date(2027, 1, 5),
        unloaded_year=2027,
    )
    client.force_login(admin)
    preview = client.post(URL, {"text": NOTICE_2027_TEST})
    page = preview.content.decode()
    assert preview.status_code == 200 and 'data-testid="notice-preview"' in page
    for name in ("元旦", "春节", "国庆节"):
        assert name in page
    assert "2027-10-01 – 2027-10-07" in page
    assert not CalendarDay.objects.exists()  # nothing loaded before the confirmation

    with django_capture_on_commit_callbacks(execute=True):
        loaded = client.post(URL, {"text": NOTICE_2027_TEST, "confirm": "1"})
    assert loaded.status_code == 302
    assert CalendarDay.objects.filter(date__year=2027).count() == 39
    assert CalendarDay.objects.get(date=datetime.date(2027, 1, 4)).kind == "workday"
    assert CalendarDay.objects.get(date=datetime.date(2027, 2, 15)).name == "春节"
    year = CalendarYear.objects.get(year=2027)
    assert year.complete and year.published_on == datetime.date(2025, 11, 4)
    assert year_is_loaded(2027)

    triage.refresh_from_db()
    # 1-3 January are days off: the working days after 31 December are 4, 5 and 6 January.
    assert triage.due_on == datetime.date(2027, 1, 6) and triage.unloaded_year is None
    note = Notification.objects.get(recipient=mediator)
    assert case.number in note.body and "2027-01-05 → 2027-01-06" in note.body


def test_loading_again_replaces_the_years_days(client, admin, django_capture_on_commit_callbacks):
    CalendarDay.objects.create(date=datetime.date(2027, 3, 1), kind="holiday", name="错录")
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {"text": NOTICE_2027_TEST, "confirm": "1"})
    assert not CalendarDay.objects.filter(date=datetime.date(2027, 3, 1)).exists()


def test_a_bad_paste_keeps_the_text_and_says_why(client, admin):
    client.force_login(admin)
    response = client.post(
        URL, {"text": "国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：另行通知。"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "另行通知" in page and "元旦" in page
    assert not CalendarYear.objects.exists()


@pytest.mark.parametrize("role", [Role.MEDIATOR, Role.DEPARTMENT_HEAD, Role.LEADERSHIP])
def test_only_admins_load_a_notice(client, make_user, role):
    client.force_login(make_user(role, "rights"))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"text": NOTICE_2027_TEST, "confirm": "1"}).status_code == 403
    assert not CalendarDay.objects.exists()
    client.logout()
    assert client.get(URL).status_code == 302
