"""Organisations from and to .xlsx: a preview with each row's errors in Chinese, and an
import that writes every row or none."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.organisations.models import Organisation
from zhanjiang_union.organisations.spreadsheet import COLUMNS

HEADERS = [header for _name, header in COLUMNS]


def sheet(*rows) -> SimpleUploadedFile:
    book = Workbook()
    page = book.active
    page.append(HEADERS)
    for row in rows:
        page.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("organisations.xlsx", out.getvalue())


GOOD = (
    "leizhou-nanxing",
    "南兴镇总工会",
    "镇（街道）总工会",
    "leizhou",
    "雷州市南兴镇",
    "",
    "林某",
    "0759-8881234",
    "是",
)
CHILD = (
    "leizhou-nanxing-sugar",
    "南兴某某糖厂劳动争议调解委员会",
    "committee",
    "leizhou-nanxing",
    "",
    "",
    "",
    "",
    "否",
)


def _post(client, upload, action):
    return client.post(
        reverse("cases:organisations_import"), {"workbook": upload, "action": action}
    )


def test_bad_rows_are_named_in_chinese_and_nothing_is_imported(client, role_users, grid):
    client.force_login(role_users[Role.ADMIN])
    rows = (
        GOOD,
        CHILD,
        ("leizhou", "某总工会", "township", "zhanjiang", "", "", "", "", "是"),
        ("x-1", "某某镇总工会", "township", "no-such-parent", "", "", "", "", "是"),
        ("x-2", "另一镇总工会", "township", "leizhou", "", "", "", "12345", "是"),
    )
    before = Organisation.objects.count()
    preview = _post(client, sheet(*rows), "preview")
    assert preview.status_code == 200
    errors = {row.number: row.errors for row in preview.context["rows"]}
    assert errors[2] == [] and errors[3] == []  # a parent on an earlier row is fine
    assert errors[4] == ["代码“leizhou”重复"]
    assert errors[5] == ["上级代码“no-such-parent”不存在"]
    assert errors[6] == ["电话号码“12345”有误"]
    assert "上级代码“no-such-parent”不存在" in preview.content.decode()

    refused = _post(client, sheet(*rows), "import")
    assert refused.status_code == 400
    assert "未导入任何数据" in refused.content.decode()
    assert Organisation.objects.count() == before  # all or nothing


def test_a_clean_sheet_imports_whole_and_exports_back(client, role_users, grid):
    client.force_login(role_users[Role.ADMIN])
    response = _post(client, sheet(GOOD, CHILD), "import")
    assert response.status_code == 302
    nanxing = Organisation.objects.get(code="leizhou-nanxing")
    assert nanxing.get_parent() == grid["leizhou"] and nanxing.kind == "township"
    assert nanxing.contact_phone == "0759-8881234" and nanxing.has_mediation_committee
    committee = Organisation.objects.get(code="leizhou-nanxing-sugar")
    assert committee.get_parent() == nanxing and not committee.has_mediation_committee

    exported = client.get(reverse("cases:organisations_xlsx", args=[grid["leizhou"].pk]))
    book = load_workbook(io.BytesIO(exported.content))
    lines = list(book.active.iter_rows(values_only=True))
    assert list(lines[0]) == HEADERS
    by_code = {line[0]: line for line in lines[1:]}
    assert by_code["leizhou-nanxing-sugar"][3] == "leizhou-nanxing"
    assert by_code["leizhou-nanxing"][2] == "镇（街道）总工会"
    assert "xuwen" not in by_code  # the subtree only


def test_not_an_xlsx_is_refused_plainly(client, role_users, grid):
    client.force_login(role_users[Role.ADMIN])
    upload = SimpleUploadedFile("organisations.xlsx", b"not a workbook")
    response = _post(client, upload, "preview")
    assert response.status_code == 400
    assert "此文件不是可读取的电子表格" in response.content.decode()


def test_only_administrators_import_and_staff_export_their_subtree(client, grid_user, grid):
    kelu_head = grid_user(Role.DEPARTMENT_HEAD, "leizhou-kelu")
    client.force_login(kelu_head)
    assert client.get(reverse("cases:organisations_import")).status_code == 403
    own = reverse("cases:organisations_xlsx", args=[grid["leizhou-kelu"].pk])
    assert client.get(own).status_code == 200
    county = reverse("cases:organisations_xlsx", args=[grid["leizhou"].pk])
    assert client.get(county).status_code == 404
