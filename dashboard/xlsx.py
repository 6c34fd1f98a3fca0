"""The dashboard's tables as an Excel workbook (openpyxl): a sheet of the filters, one of
the headline figures, then one sheet per table, in the page's order. Numbers are
written as numbers (rates as fractions formatted as percentages), so the sheet can
be summed and charted again; links and colours stay on the page. Every cell is written
through zhanjiang_union.spreadsheets, so no text is ever taken for a formula."""

import io
import re

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from zhanjiang_union.spreadsheets import write_cell

from .figures import AMOUNT, COUNT, DATE, DAYS, NUMBER, RATE, Dashboard, Figure, Headline, Table

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NUMBER_FORMATS = {
    COUNT: "#,##0",
    RATE: "0.0%",
    AMOUNT: "#,##0.00",
    DAYS: "0.0",
    NUMBER: "0.00",
    DATE: "yyyy-mm-dd",
}
# Excel refuses these in sheet names, and names longer than 31 characters.
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(title: str, taken: set[str]) -> str:
    base = _SHEET_NAME_FORBIDDEN.sub(" ", title)[:31].strip() or "Sheet"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(name.lower())
    return name


def _write_cell(sheet, row: int, column: int, figure: Figure) -> None:
    value = figure.value
    if figure.kind in (COUNT, RATE, AMOUNT, DAYS, NUMBER) and value is not None:
        value = float(value) if figure.kind in (RATE, DAYS, NUMBER) else value
    cell = write_cell(sheet, row=row, column=column, value=value)
    if figure.kind in NUMBER_FORMATS:
        cell.number_format = NUMBER_FORMATS[figure.kind]
    if figure.alarm:
        cell.font = Font(color="B4121B", bold=True)


def _header(sheet, headings: list[str]) -> None:
    for column, heading in enumerate(headings, start=1):
        write_cell(sheet, row=1, column=column, value=heading).font = Font(bold=True)
    sheet.freeze_panes = "A2"


def _widths(sheet, widths: list[int]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _headline_sheet(workbook, title: str, headlines: list[Headline], taken: set[str]) -> None:
    sheet = workbook.create_sheet(_sheet_title(title, taken))
    _header(sheet, [_("Figure"), _("Value"), _("Period covered")])
    for row, headline in enumerate(headlines, start=2):
        write_cell(sheet, row=row, column=1, value=headline.label)
        _write_cell(sheet, row, 2, headline.figure)
        write_cell(sheet, row=row, column=3, value=headline.note)
    _widths(sheet, [36, 16, 40])


def _table_sheet(workbook, table: Table, taken: set[str]) -> None:
    sheet = workbook.create_sheet(_sheet_title(table.title, taken))
    _header(sheet, [*table.label_headings, *table.headings])
    labels = len(table.label_headings)
    for row_number, row in enumerate(table.rows, start=2):
        # Every row carries its labels in full: a spreadsheet is sorted and filtered.
        for column, label in enumerate(row.labels, start=1):
            write_cell(sheet, row=row_number, column=column, value=label)
        for column, figure in enumerate(row.cells, start=labels + 1):
            _write_cell(sheet, row_number, column, figure)
    _widths(sheet, [28] * labels + [18] * len(table.headings))
    if table.note:
        write_cell(sheet, row=len(table.rows) + 3, column=1, value=table.note).font = Font(
            italic=True
        )


def dashboard_workbook(*, dashboard: Dashboard) -> bytes:
    filters = dashboard.filters
    workbook = Workbook()
    taken: set[str] = set()
    sheet = workbook.active
    sheet.title = _sheet_title(_("Filters"), taken)
    rows = [
        (_("From"), filters.start),
        (_("To"), filters.end),
        (_("District"), filters.district_name or _("All districts")),
        (_("Department"), filters.department_name or _("All departments")),
        (_("Union organisation"), filters.organisation_name or _("All organisations")),
        (_("Figures as of"), timezone.localtime(dashboard.generated_at).replace(tzinfo=None)),
    ]
    for number, (label, value) in enumerate(rows, start=1):
        write_cell(sheet, row=number, column=1, value=label).font = Font(bold=True)
        cell = write_cell(sheet, row=number, column=2, value=value)
        if number in (1, 2):
            cell.number_format = NUMBER_FORMATS[DATE]
        elif number == len(rows):
            cell.number_format = "yyyy-mm-dd hh:mm"
    _widths(sheet, [20, 28])

    _headline_sheet(workbook, _("Headline figures"), dashboard.headlines, taken)
    _headline_sheet(
        workbook, _("Where disputes are resolved"), dashboard.resolution_headlines, taken
    )
    for table in dashboard.tables.values():
        _table_sheet(workbook, table, taken)
    if dashboard.hotline_headlines:  # none below the city: the hotline is the city's
        _headline_sheet(workbook, _("Hotline and petitions"), dashboard.hotline_headlines, taken)
    for table in dashboard.hotline_tables.values():
        _table_sheet(workbook, table, taken)

    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def dashboard_filename(*, dashboard: Dashboard) -> str:
    filters = dashboard.filters
    return f"dashboard-{filters.start:%Y%m%d}-{filters.end:%Y%m%d}.xlsx"
