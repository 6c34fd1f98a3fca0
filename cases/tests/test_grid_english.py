"""Union organisations by their English names when the reader reads English."""

import io

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from cases import handing
from cases.models import CaseEvent
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.organisations.models import Organisation
from zhanjiang_union.organisations.services import organisations_load
from zhanjiang_union.organisations.spreadsheet import COLUMNS


def test_the_city_and_the_nine_county_federations_are_seeded_with_english_names(grid):
    english = dict(Organisation.objects.values_list("code", "name_en"))
    assert english["zhanjiang"] == "Zhanjiang Federation of Trade Unions"
    assert english["xiashan"] == "Xiashan District Federation of Trade Unions"
    assert english["lianjiang"] == "Lianjiang City Federation of Trade Unions"
    assert english["xuwen"] == "Xuwen County Federation of Trade Unions"
    assert english["leizhou-kelu"] == "Kelu Town Federation of Trade Unions"  # a demo record
    assert all(english.values())
    # An administrator's own wording stays when the reference data loads again.
    Organisation.objects.filter(code="xuwen").update(name_en="Xuwen County FTU")
    organisations_load()
    assert Organisation.objects.get(code="xuwen").name_en == "Xuwen County FTU"


def test_the_organisation_page_reads_english_in_english_and_chinese_in_chinese(
    client, grid, role_users
):
    client.force_login(role_users[Role.DEPARTMENT_HEAD])
    url = reverse("cases:organisation", args=[grid["zhanjiang"].pk])
    chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "霞山区总工会" in chinese
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    assert "Xiashan District Federation of Trade Unions" in english
    assert "霞山区总工会" not in english and "湛江市总工会" not in english
    # An organisation without an English name shows its Chinese one.
    Organisation.objects.filter(code="xuwen").update(name_en="")
    assert "徐闻县总工会" in client.get(url).content.decode()


def test_the_english_name_goes_out_in_the_export_and_comes_back_in_the_import(
    client, grid, role_users
):
    client.force_login(role_users[Role.ADMIN])
    exported = client.get(reverse("cases:organisations_xlsx", args=[grid["leizhou"].pk]))
    lines = list(load_workbook(io.BytesIO(exported.content)).active.iter_rows(values_only=True))
    headers = list(lines[0])
    assert "英文名称" in headers
    leizhou = next(line for line in lines if line[0] == "leizhou")
    assert leizhou[headers.index("英文名称")] == "Leizhou City Federation of Trade Unions"

    book = Workbook()
    book.active.append([header for _name, header in COLUMNS])
    row = dict.fromkeys((name for name, _header in COLUMNS), "")
    row.update(
        code="leizhou-nanxing", name="南兴镇总工会", kind="township", parent="leizhou",
        has_mediation_committee="是", name_en="Nanxing Town Federation of Trade Unions",
    )  # fmt: skip
    book.active.append([row[name] for name, _header in COLUMNS])
    out = io.BytesIO()
    book.save(out)
    upload = SimpleUploadedFile("organisations.xlsx", out.getvalue())
    response = client.post(
        reverse("cases:organisations_import"), {"workbook": upload, "action": "import"}
    )
    assert response.status_code == 302
    nanxing = Organisation.objects.get(code="leizhou-nanxing")
    assert nanxing.name_en == "Nanxing Town Federation of Trade Unions"
    with translation.override("en"):
        assert str(nanxing) == "Nanxing Town Federation of Trade Unions"
    with translation.override("zh-hans"):
        assert str(nanxing) == "南兴镇总工会"


def test_a_handoff_line_names_the_organisations_in_the_readers_language(
    grid, grid_user, leizhou_cases
):
    county_mediator = grid_user(Role.MEDIATOR, "leizhou")
    case = leizhou_cases["leizhou"]
    handing.case_hand_on(
        case=case,
        direction=handing.DOWN,
        to=grid["leizhou-kelu"],
        reason="属地处理",
        actor=county_mediator,
        expected_version=case.version,
    )
    line = CaseEvent.objects.get(case=case, action="cases.case.handed_down")
    with translation.override("en"):
        assert line.text == "Handed down to Kelu Town Federation of Trade Unions"
    with translation.override("zh-hans"):
        assert "客路镇总工会" in line.text


def test_the_admin_edits_the_english_name(client, grid, role_users):
    admin = role_users[Role.ADMIN]
    admin.is_superuser = True
    admin.save(update_fields=["is_superuser"])
    client.force_login(admin)
    page = client.get(reverse("admin:organisations_organisation_change", args=[grid["xuwen"].pk]))
    assert page.status_code == 200
    assert 'name="name_en"' in page.content.decode()
