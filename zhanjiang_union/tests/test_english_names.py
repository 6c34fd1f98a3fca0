"""The reference data reads in the reader's language: English names for districts,
categories, departments, deadline rules and measures in English mode, the plan's Chinese
in Chinese mode (zhanjiang_union.localnames)."""

import io
import re

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from cases.models import DeadlineRule, DisputeCategory, District
from leadership.models import Measure, RosterMember
from zhanjiang_union import seeding
from zhanjiang_union.accounts.models import Department
from zhanjiang_union.accounts.roles import Role

pytestmark = pytest.mark.django_db

HAN = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")

REFERENCE = [
    (District.objects, "name"),
    (DisputeCategory.objects, "name"),
    (Department.objects, "name"),
    (DeadlineRule.objects, "label"),
    (Measure.all_kinds, "title"),
    (RosterMember.objects, "title"),
]


def in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_every_seeded_record_has_an_english_name(seeded):
    for manager, field in REFERENCE:
        records = list(manager.all())
        assert records
        for record in records:
            english = getattr(record, f"{field}_en")
            assert english and not HAN.search(english), (record, english)
    for rule in DeadlineRule.objects.all():
        assert rule.starts_en and not HAN.search(rule.starts_en), rule


def test_a_record_names_itself_in_the_active_language(seeded):
    district = District.objects.get(code="chikan")
    measure = Measure.objects.get(number=1)
    with translation.override("zh-hans"):
        assert str(district) == "赤坎区" and str(measure) == "（一）发挥好协调劳动关系的作用"
    with translation.override("en"):
        assert str(district) == "Chikan District"
        assert str(measure) == "(1) Play a full part in coordinating labor relations"


def test_an_empty_english_name_falls_back_to_the_chinese(seeded):
    District.objects.filter(code="chikan").update(name_en="")
    with translation.override("en"):
        assert str(District.objects.get(code="chikan")) == "赤坎区"


def test_loading_again_fills_empty_english_names_and_keeps_an_admins_own(seeded):
    # The data migration for existing rows runs the same fill as the seed.
    District.objects.filter(code="chikan").update(name_en="")
    Department.objects.filter(code="rights").update(name_en="Rights Department")
    DeadlineRule.objects.filter(key="triage").update(label_en="", starts_en="")
    seeding.reference_data_load()
    assert District.objects.get(code="chikan").name_en == "Chikan District"
    assert Department.objects.get(code="rights").name_en == "Rights Department"
    triage = DeadlineRule.objects.get(key="triage")
    assert triage.label_en == "Triage" and triage.starts_en == "the complaint’s registration"


def test_the_complaint_form_lists_districts_and_categories_in_the_readers_language(client):
    url = reverse("cases:complaint_new")
    english = in_english(client).get(url).content.decode()
    assert "Chikan District" in english and "Xiashan District" in english
    assert "Confirming an employment relationship" in english
    assert "赤坎区" not in english and "确认劳动关系" not in english

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    chinese = client.get(url).content.decode()
    assert "赤坎区" in chinese and "确认劳动关系" in chinese
    assert "Chikan District" not in chinese


def test_the_case_page_names_its_rule_department_and_category_in_english(
    client, make_case, role_users
):
    case = make_case()
    in_english(client).force_login(role_users[Role.MEDIATOR])
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Triage" in page and "分流受理" not in page
    assert "Xiashan District" in page and "霞山区" not in page
    assert "Workers’ Rights and Services Department" in page
    assert "职工维权与服务部" not in page


def test_the_dashboard_and_its_export_read_in_english(client, role_users):
    in_english(client).force_login(role_users[Role.LEADERSHIP])
    page = client.get(reverse("dashboard:index")).content.decode()
    assert "Chikan District" in page and "Municipal Workers’ Service Center" in page
    assert "(1) Play a full part in coordinating labor relations" in page
    for chinese in ("赤坎区", "市职工服务中心", "发挥好协调劳动关系的作用"):
        assert chinese not in page

    workbook = openpyxl.load_workbook(io.BytesIO(client.get(reverse("dashboard:xlsx")).content))
    cells = {
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value
    }
    assert "Chikan District" in cells and "赤坎区" not in cells

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    chinese = client.get(reverse("dashboard:index")).content.decode()
    assert "赤坎区" in chinese and "Chikan District" not in chinese


def test_the_roster_gives_each_title_in_the_readers_language(client, role_users):
    in_english(client).force_login(role_users[Role.LEADERSHIP])
    page = client.get(reverse("leadership:roster")).content.decode()
    assert "Director of the Municipal Workers’ Service Center" in page
    assert "市职工服务中心主任" not in page
    assert "梁颖玉" in page  # names stay as they are
