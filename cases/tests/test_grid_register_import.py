"""The mediators' register from and to .xlsx: a preview with each row's errors in
Chinese, an import that writes every row or none, an export of a subtree's register."""

import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.organisations.models import Mediator, MediatorQualification
from zhanjiang_union.organisations.spreadsheet import MediatorSheet

HEADERS = [header for _name, header in MediatorSheet.columns]


def sheet(*rows) -> SimpleUploadedFile:
    book = Workbook()
    page = book.active
    page.append(HEADERS)
    for row in rows:
        page.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("mediators.xlsx", out.getvalue())


def _post(client, organisation, upload, action):
    return client.post(
        reverse("cases:mediators_import", args=[organisation.pk]),
        {"workbook": upload, "action": action},
    )


GOOD = (
    "leizhou-kelu",
    "陈调解",
    "兼职调解员",
    "",
    "13800138000",
    "劳动报酬",
    "2026-01-05",
    "",
    "证书|广东省工会劳动争议调解员证|2025-06-18|2028-06-17；培训|调解实务培训班|2026-03-12",
)


def test_bad_rows_are_named_in_chinese_and_nothing_is_imported(client, grid, grid_user, role_users):
    kelu_mediator = grid_user(Role.MEDIATOR, "leizhou-kelu")
    Mediator.objects.create(organisation=grid["leizhou-kelu"], name="梁文杰", kind="instructor")
    client.force_login(role_users[Role.ADMIN])
    rows = (
        GOOD,
        # a datetime cell, as Excel stores a date typed into it, reads as the date
        (
            "leizhou-kelu",
            "林调解",
            "lawyer",
            kelu_mediator.username,
            "",
            "",
            date(2026, 2, 1),
            "",
            "",
        ),
        ("xiashan", "王调解", "兼职调解员", "", "", "", "", "", ""),  # not below 雷州市
        ("leizhou-kelu", "梁文杰", "兼职调解员", "", "", "", "", "", ""),
        ("leizhou-kelu", "陈调解", "兼职调解员", "", "", "", "", "", ""),  # an earlier row's
        ("leizhou-kelu", "赵调解", "调解能手", "", "12345", "", "2026-13-01", "", ""),
        ("leizhou-kelu", "钱调解", "lawyer", "no-such-account", "", "", "", "", "证书|某证"),
        ("leizhou-kelu", "孙调解", "lawyer", "", "", "", "2026-05-01", "2026-04-01", ""),
    )
    before = (Mediator.objects.count(), MediatorQualification.objects.count())
    preview = _post(client, grid["leizhou"], sheet(*rows), "preview")
    assert preview.status_code == 200
    errors = {row.number: row.errors for row in preview.context["rows"]}
    assert errors[2] == [] and errors[3] == []
    assert errors[4] == ["组织代码“xiashan”不存在"]
    assert errors[5] == ["梁文杰已在“leizhou-kelu”的调解员名册中"]
    assert errors[6] == ["陈调解已在“leizhou-kelu”的调解员名册中"]
    assert errors[7] == [
        "类别“调解能手”不存在",
        "电话号码“12345”有误",
        "日期“2026-13-01”有误，请写作2026-03-12",
    ]
    assert errors[8] == [
        "门户账号“no-such-account”不存在",
        "培训或证书请写作“证书|名称|2025-06-18”，而不是“证书|某证”",
    ]
    assert errors[9] == ["任职期间的结束早于开始"]
    assert "组织代码“xiashan”不存在" in preview.content.decode()

    refused = _post(client, grid["leizhou"], sheet(*rows), "import")
    assert refused.status_code == 400
    assert "未导入任何数据" in refused.content.decode()
    assert (Mediator.objects.count(), MediatorQualification.objects.count()) == before


def test_a_good_sheet_is_imported_whole_and_reads_back_from_the_export(
    client, grid, grid_user, role_users
):
    kelu_mediator = grid_user(Role.MEDIATOR, "leizhou-kelu")
    client.force_login(role_users[Role.ADMIN])
    rows = (
        GOOD,
        ("leizhou-kelu", "林调解", "lawyer", kelu_mediator.username, "", "", "", "", ""),
    )
    response = _post(client, grid["leizhou"], sheet(*rows), "import")
    assert response.status_code == 302
    imported = Mediator.objects.get(name="陈调解")
    assert imported.organisation == grid["leizhou-kelu"]
    assert imported.kind == Mediator.Kind.PART_TIME
    assert imported.active_from == date(2026, 1, 5)
    assert imported.history.count() == 1
    titles = {(q.kind, q.title, q.valid_until) for q in imported.qualifications.all()}
    assert titles == {
        ("certificate", "广东省工会劳动争议调解员证", date(2028, 6, 17)),
        ("training", "调解实务培训班", None),
    }
    assert Mediator.objects.get(name="林调解").user == kelu_mediator

    # The county's export holds its townships' register; a township's not its neighbour's.
    Mediator.objects.create(organisation=grid["leizhou-fucheng"], name="符晓东", kind="part_time")
    exported = client.get(reverse("cases:mediators_xlsx", args=[grid["leizhou-kelu"].pk]))
    assert exported.status_code == 200
    lines = list(load_workbook(io.BytesIO(exported.content)).active.iter_rows(values_only=True))
    assert list(lines[0]) == HEADERS
    assert {line[1] for line in lines[1:]} == {"陈调解", "林调解"}
    chen = next(line for line in lines if line[1] == "陈调解")
    assert chen[2] == "兼职调解员"
    assert "证书|广东省工会劳动争议调解员证|2025-06-18|2028-06-17" in chen[8]

    # Its rows read back, into another organisation's register, without an error.
    again = Workbook()
    for line in lines:
        again.active.append(
            [("leizhou-fucheng" if i == 0 else value) for i, value in enumerate(line)]
            if line is not lines[0]
            else list(line)
        )
    # The accounts are on the register already: the copy goes without them.
    for row in again.active.iter_rows(min_row=2):
        row[3].value = None
    out = io.BytesIO()
    again.save(out)
    preview = _post(
        client, grid["leizhou"], SimpleUploadedFile("again.xlsx", out.getvalue()), "preview"
    )
    assert [row.errors for row in preview.context["rows"]] == [[], []]


def test_a_head_imports_into_their_own_organisations_register_only(client, grid, grid_user):
    url = reverse("cases:mediators_import", args=[grid["leizhou"].pk])
    client.force_login(grid_user(Role.MEDIATOR, "leizhou"))
    assert client.get(url).status_code == 403
    client.force_login(grid_user(Role.DEPARTMENT_HEAD, "leizhou-kelu"))
    assert client.get(url).status_code == 404  # the county is above the township's head
    county_head = grid_user(Role.DEPARTMENT_HEAD, "leizhou")
    client.force_login(county_head)
    assert client.get(url).status_code == 200
    below = reverse("cases:mediators_import", args=[grid["leizhou-kelu"].pk])
    assert client.get(below).status_code == 403  # a township's register is its own head's
    # A row for an organisation below, imported at the county: unknown to its head.
    township = ("leizhou-kelu", "某调解", "lawyer", "", "", "", "", "", "")
    own = ("leizhou", "某律师", "lawyer", "", "", "", "", "", "")
    preview = _post(client, grid["leizhou"], sheet(own, township), "preview")
    assert [row.errors for row in preview.context["rows"]] == [
        [],
        ["组织代码“leizhou-kelu”不存在"],
    ]


def test_a_file_that_is_not_a_workbook_is_refused_with_a_message(client, grid, grid_user):
    client.force_login(grid_user(Role.DEPARTMENT_HEAD, "leizhou"))
    upload = SimpleUploadedFile("mediators.xlsx", b"not a workbook")
    response = _post(client, grid["leizhou"], upload, "import")
    assert response.status_code == 400
    assert "此文件不是可读取的电子表格" in response.content.decode()
