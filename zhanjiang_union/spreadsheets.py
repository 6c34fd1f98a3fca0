"""Writing cells of an exported spreadsheet, for every .xlsx the portal makes.

A text that begins with = + - @ (or a tab or carriage return before one) is taken by Excel
and LibreOffice for a formula: a label an administrator typed, or a worker's employer
name, could then run one on the reader's machine (CSV/formula injection). Such texts are
written with a leading apostrophe, so they read as the text they are."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell_value(value):
    """The value to write: numbers and dates as they are, a text never as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_cell(sheet, *, row: int, column: int, value):
    """openpyxl's sheet.cell(row, column, value), with the value made safe."""
    cell = sheet.cell(row=row, column=column, value=safe_cell_value(value))
    if isinstance(cell.value, str):
        cell.data_type = "s"  # never "f", whatever the text
    return cell
