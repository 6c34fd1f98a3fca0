"""No exported cell is ever a formula: texts starting with = + - @, a tab or a carriage
return are written as text (CSV/formula injection)."""

import io

import openpyxl
import pytest
from django.urls import reverse
from openpyxl import Workbook

from cases.models import DisputeCategory, District
from dashboard.rollups import rollups_rebuild
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.spreadsheets import safe_cell_value, write_cell

HOSTILE = ['=HYPERLINK("//x.cn","点我")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_formula_like_text_is_written_as_text(text):
    sheet = Workbook().active
    cell = write_cell(sheet, row=1, column=1, value=text)
    assert cell.value == "'" + text and cell.data_type == "s"


def test_numbers_dates_and_plain_texts_are_left_alone():
    assert safe_cell_value(-5) == -5 and safe_cell_value(0.25) == 0.25
    assert safe_cell_value("霞山区") == "霞山区" and safe_cell_value(None) is None


def test_the_dashboard_export_writes_admin_labels_as_text(client, make_case, role_users):
    case = make_case()
    District.objects.filter(pk=case.district_id).update(name=HOSTILE[0])
    DisputeCategory.objects.filter(pk=case.category_id).update(name="@SUM(A1)")
    rollups_rebuild()
    client.force_login(role_users[Role.LEADERSHIP])
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(reverse("dashboard:xlsx")).content))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = {cell.value for cell in cells if isinstance(cell.value, str)}
    assert "'" + HOSTILE[0] in texts and "'@SUM(A1)" in texts
    assert not [text for text in texts if text.startswith(("=", "+", "-", "@", "\t", "\r"))]
