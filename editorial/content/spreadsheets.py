"""Spreadsheets (CSV, XLSX): a cell a spreadsheet would run as a formula is kept
as text (``spreadsheet_safe``); a sheet is laid out for printing as it is
(``printable_sheet``); a download is named in Chinese with an ASCII fallback
(``content_disposition``)."""

import unicodedata
from decimal import Decimal
from urllib.parse import quote

from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value) -> str:
    """The cell's text, made inert if a spreadsheet would read it as a formula."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# --- A sheet an office prints as it is -------------------------------------------------------

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
PERCENT = "0.0%"
DECIMAL = "0.0"
HEADER_ROWS = 2  # the title and the column heads, repeated on every printed page


def printable_sheet(
    sheet,
    *,
    title: str,
    header: list[str],
    rows: list[list],
    total: list | None = None,
    percent_columns: tuple[int, ...] = (),
) -> None:
    """Fill ``sheet`` as an office prints it: a merged bold title, bold column
    heads, every cell boxed, percentages (fractions) in a percent format,
    other fractions to one decimal, a bold 合计 row, columns as wide as their
    longest cell, A4 landscape fitted to the page's width with the title and
    heads repeated on each page."""
    columns = len(header)
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    title_cell = sheet.cell(row=1, column=1)
    title_cell.font = Font(bold=True, size=16)
    title_cell.alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 30
    sheet.append(header)
    body = [*rows, *([total] if total else [])]
    for row in body:
        sheet.append([_number_or_safe(value) for value in row])
    last = sheet.max_row
    for row in sheet.iter_rows(min_row=HEADER_ROWS, max_row=last, max_col=columns):
        for cell in row:
            cell.border = BOX
            if cell.row == HEADER_ROWS or (total and cell.row == last):
                cell.font = Font(bold=True)
            if cell.row == HEADER_ROWS:
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            elif isinstance(cell.value, float):
                cell.number_format = PERCENT if cell.column - 1 in percent_columns else DECIMAL
    for column in range(1, columns + 1):
        cells = [sheet.cell(row=r, column=column).value for r in range(HEADER_ROWS, last + 1)]
        width = max((_display_width(value) for value in cells), default=4)
        sheet.column_dimensions[get_column_letter(column)].width = min(width + 2, 60)
    sheet.freeze_panes = sheet.cell(row=HEADER_ROWS + 1, column=1)
    sheet.print_title_rows = f"1:{HEADER_ROWS}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True


def _number_or_safe(value):
    if value is None:
        return "—"
    if isinstance(value, bool):
        return spreadsheet_safe(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (int, float)):
        return value
    return spreadsheet_safe(value)


def _display_width(value) -> int:
    """Columns a value takes on screen: a Chinese character two."""
    if value is None:
        return 0
    text = f"{value:.1%}" if isinstance(value, float) else str(value)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def content_disposition(name: str, ascii_name: str, *, inline: bool = False) -> str:
    """``attachment; filename="circular-2026-m12.xlsx"; filename*=UTF-8''信息工作通报…``:
    the Chinese name, and an ASCII one for clients that read only ``filename``."""
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
