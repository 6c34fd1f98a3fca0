"""Reading the State Council General Office's yearly notice on public holidays
(国务院办公厅关于YYYY年部分节假日安排的通知) into calendar days.

The notice has one numbered section per festival, always worded the same way:

    一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
    二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。
    2月14日（周六）、2月28日（周六）上班。
    六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。…

Each day of the range before 放假 is a holiday; each date in a sentence with 上班 is a
make-up workday. A range's end may leave out its month (the start's) and a date its year
(the notice's). What cannot be read is reported, never guessed: the administrator sees
the preview and confirms it.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

_NUMERAL = "一二三四五六七八九十"
_SECTION = re.compile(rf"(?:^|\n)\s*[{_NUMERAL}]+\s*[、.．]\s*([^:：\n]{{1,40}})[:：]")
_DATE = r"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日"
_RANGE = re.compile(rf"{_DATE}(?:\s*(?:至|-|—|–|~)\s*{_DATE})?\s*放假")
_ANY_DATE = re.compile(_DATE)
_YEAR = re.compile(r"关于\s*(\d{4})\s*年")
_SIGNED = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日\s*$")


class NoticeError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Festival:
    name: str
    holidays: list[datetime.date] = field(default_factory=list)
    workdays: list[datetime.date] = field(default_factory=list)


@dataclass
class Notice:
    year: int
    festivals: list[Festival]
    published_on: datetime.date | None = None

    def days(self) -> list[tuple[datetime.date, str, str]]:
        """(date, "holiday" or "workday", festival name), by date."""
        rows = [
            (day, kind, festival.name)
            for festival in self.festivals
            for kind, days in (("holiday", festival.holidays), ("workday", festival.workdays))
            for day in days
        ]
        return sorted(rows)


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)  # full-width digits, brackets and colons
    text = re.sub(r"\([^)]*\)", "", text)  # （周四）（农历腊月二十八、周日）
    return re.sub(r"[ \t\u3000]+", "", text)


def _date(year: int, month: int | None, day: int, *, default_year: int, default_month):
    try:
        return datetime.date(
            int(year) if year else default_year, int(month or default_month), int(day)
        )
    except (TypeError, ValueError):
        raise NoticeError(_("A date in the notice cannot be read.")) from None


def parse_notice(text: str) -> Notice:
    """The year and each festival's holidays and make-up workdays, or NoticeError."""
    text = _clean(text or "")
    found = _YEAR.search(text)
    if found is None:
        raise NoticeError(
            _("The notice’s title with its year was not found (关于YYYY年部分节假日安排的通知).")
        )
    year = int(found.group(1))
    signed = _SIGNED.search(text.strip())
    published_on = None
    if signed:
        try:
            published_on = datetime.date(*(int(part) for part in signed.groups()))
        except ValueError:
            published_on = None
    sections = list(_SECTION.finditer(text))
    if not sections:
        raise NoticeError(_("No festival sections (一、元旦：…) were found in the text."))
    festivals = []
    seen: dict[datetime.date, str] = {}
    for index, section in enumerate(sections):
        end = sections[index + 1].start() if index + 1 < len(sections) else len(text)
        body = text[section.end() : end]
        name = section.group(1).strip()
        festival = Festival(name=name)
        span = _RANGE.search(body)
        if span is None:
            raise NoticeError(_("No days off were found for %(festival)s.") % {"festival": name})
        y1, m1, d1, y2, m2, d2 = span.groups()
        if m1 is None:
            raise NoticeError(_("A date in the notice cannot be read."))
        first = _date(y1, m1, d1, default_year=year, default_month=m1)
        last = _date(y2 or y1, m2, d2, default_year=year, default_month=m1) if d2 else first
        if last < first or (last - first).days > 15:
            raise NoticeError(
                _("The days off of %(festival)s cannot be read.") % {"festival": name}
            )
        day = first
        while day <= last:
            festival.holidays.append(day)
            day += datetime.timedelta(days=1)
        for sentence in re.split(r"[。;；\n]", body[span.end() :]):
            if "上班" not in sentence:
                continue
            month = None
            for y, m, d in _ANY_DATE.findall(sentence):
                month = m or month
                if month is None:
                    raise NoticeError(_("A date in the notice cannot be read."))
                festival.workdays.append(_date(y, month, d, default_year=year, default_month=month))
        for day in (*festival.holidays, *festival.workdays):
            if day in seen:
                raise NoticeError(
                    _("%(date)s is listed twice (%(first)s, %(second)s).")
                    % {"date": day.isoformat(), "first": seen[day], "second": name}
                )
            seen[day] = name
        festivals.append(festival)
    return Notice(year=year, festivals=festivals, published_on=published_on)
