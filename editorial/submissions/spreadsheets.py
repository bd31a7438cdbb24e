"""The 通报 as a spreadsheet: XLSX (openpyxl) and CSV, both formula-safe — a
cell a spreadsheet would run as a formula (starting with = + - @) is kept as
text. The XLSX is printed as it is (``printable_sheet``): the office's title,
boxed cells, 采用率 as a percentage, a 合计 row, A4 landscape; the files are
named in Chinese (``file_name``) with an ASCII fallback."""

import csv
import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook

from editorial.content.models import default_publisher
from editorial.content.spreadsheets import printable_sheet, spreadsheet_safe
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


def unit_header(*, rate_as_percent: bool = True) -> list[str]:
    return [
        _("Rank"),
        _("Unit"),
        _("Submitted"),
        _("Adopted"),
        _("Articles"),
        _("Briefs"),
        _("Adoption rate (%)") if rate_as_percent else _("Adoption rate"),
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


RATE_COLUMN = 6  # 采用率, in the units' table


def title(report: Circular) -> str:
    """市总工会办公室信息工作通报（2026年12月）."""
    return _("%(office)s information work circular (%(period)s)") % {
        "office": report.office or default_publisher(),
        "period": report.period.label,
    }


def file_name(report: Circular, extension: str) -> str:
    """信息工作通报-2026年12月.xlsx."""
    return f"{_('Information work circular')}-{report.period.label}.{extension}"


def ascii_file_name(report: Circular, extension: str) -> str:
    """circular-2026-m12.xlsx, for clients that read only an ASCII name."""
    return f"circular-{report.period.slug}.{extension}"


def _fraction(rate):
    return None if rate is None else float(rate) / 100


def to_xlsx(report: Circular) -> bytes:
    """A workbook with the units' sheet and the officers' sheet, each printed as it is."""
    workbook = Workbook()
    units = workbook.active
    units.title = _("Units")
    rows = unit_rows(report)
    for row in rows:
        row[RATE_COLUMN] = _fraction(row[RATE_COLUMN])
    totals = report.totals
    adopted, submitted = totals["adopted"], totals["submitted"]
    printable_sheet(
        units,
        title=title(report),
        header=unit_header(rate_as_percent=False),
        rows=rows,
        total=[
            _("Total"),
            "",
            submitted,
            adopted,
            totals["articles"],
            totals["briefs"],
            adopted / submitted if submitted else None,
            totals["upward"],
            totals["score"],
            "",
        ],
        percent_columns=(RATE_COLUMN,),
    )
    officers = workbook.create_sheet(_("Officers"))
    officer_table = officer_rows(report)
    printable_sheet(
        officers,
        title=title(report),
        header=officer_header(),
        rows=officer_table,
        total=[
            _("Total"),
            "",
            sum(row[2] for row in officer_table),
            sum(row[3] for row in officer_table),
            sum((row[4] for row in officer_table), Decimal(0)),
        ],
    )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
