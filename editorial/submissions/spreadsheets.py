"""The 通报 as a spreadsheet: XLSX (openpyxl) and CSV, both formula-safe — a
cell a spreadsheet would run as a formula (starting with = + - @) is kept as
text."""

import csv
import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from editorial.content.spreadsheets import spreadsheet_safe
from editorial.submissions.statistics import Circular


def cell(value):
    """Numbers as they are; an unknown value "—"; text made formula-safe."""
    if value is None:
        return "—"
    if isinstance(value, (int, float, Decimal)):
        return value
    return spreadsheet_safe(value)


def _yes_no(met) -> str:
    if met is None:
        return "—"
    return _("yes") if met else _("no")


def unit_header() -> list[str]:
    return [
        _("Rank"),
        _("Unit"),
        _("Submitted"),
        _("Adopted"),
        _("Articles"),
        _("Briefs"),
        _("Adoption rate (%)"),
        _("Higher-level adoptions"),
        _("Score"),
        _("Quota met"),
    ]


def unit_rows(report: Circular) -> list[list]:
    return [
        [
            row.rank,
            row.name,
            row.submitted,
            row.adopted,
            row.articles,
            row.briefs,
            row.rate,
            row.upward,
            row.score,
            _yes_no(row.quota_met),
        ]
        for row in report.units
    ]


def officer_header() -> list[str]:
    return [_("Officer"), _("Unit"), _("Submitted"), _("Adopted"), _("Score")]


def officer_rows(report: Circular) -> list[list]:
    return [[row.name, row.unit, row.submitted, row.adopted, row.score] for row in report.officers]


def to_csv(report: Circular) -> str:
    """The units' table, then the officers', as CSV text (prefix a BOM for Excel)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Information work circular"), report.period.label])
    writer.writerow(unit_header())
    for row in unit_rows(report):
        writer.writerow([cell(value) for value in row])
    writer.writerow([])
    writer.writerow(officer_header())
    for row in officer_rows(report):
        writer.writerow([cell(value) for value in row])
    return out.getvalue()


def to_xlsx(report: Circular) -> bytes:
    """A workbook with the units' sheet and the officers' sheet."""
    workbook = Workbook()
    units = workbook.active
    units.title = _("Units")
    units.append([_("Information work circular"), report.period.label])
    units.append(unit_header())
    for row in unit_rows(report):
        units.append([_xlsx(value) for value in row])
    officers = workbook.create_sheet(_("Officers"))
    officers.append(officer_header())
    for row in officer_rows(report):
        officers.append([_xlsx(value) for value in row])
    for sheet, header_row in ((units, 2), (officers, 1)):
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx(value):
    value = cell(value)
    return float(value) if isinstance(value, Decimal) else value
