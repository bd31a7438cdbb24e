"""Who reads an issue: staff units, the distribution list as the reading rule, and
read receipts (已阅).

A staff account belongs to a unit (``UnitMembership``): a recipient on
distribution lists, such as 常熟市总工会. The rule itself is
``editorial.signed.readers.readable_q``: an internal issue is read by signed-in
staff of the units on its 本期印发 list as signed and by editors. This module holds what follows
from it for the reading site — the refusal page for a signed-in reader whose
unit is not on the list, and the receipt recorded the first time someone of a
unit on the list as signed opens the issue — and the per-unit report the
issue's admin page shows (``receipt_rows``, ``receipts_csv``).

Entry points: ``unit_of``, ``record_reading``, ``not_on_distribution_list``,
``receipt_rows``, ``receipts_csv``.
"""

import csv
import io
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from editorial.content.models import Issue, ReadReceipt, Recipient, UnitMembership
from editorial.content.people import person_name
from editorial.content.spreadsheets import printable_sheet, spreadsheet_safe


class NotOnDistributionList(Exception):
    """A signed-in reader asked for an internal issue their unit was not sent."""

    def __init__(self, issue: Issue):
        super().__init__(str(issue))
        self.issue = issue


def unit_of(user) -> Recipient | None:
    """The unit a signed-in account belongs to, if any."""
    if user is None or not user.is_authenticated:
        return None
    membership = UnitMembership.objects.select_related("unit").filter(user_id=user.pk).first()
    return membership.unit if membership is not None else None


def not_on_distribution_list(request, issue: Issue):
    """The 403 page: this internal issue was not sent to the reader's unit."""
    context = {"issue": issue, "unit": unit_of(request.user)}
    response = render(request, "editorial/not_on_distribution.html", context, status=403)
    response["X-Robots-Tag"] = "noindex"
    return response


# --- Read receipts -------------------------------------------------------------------


def record_reading(user, issue: Issue, listed: Collection[int]) -> ReadReceipt | None:
    """Mark the reader's unit as having read ``issue`` (已阅), the first time only.

    ``listed`` holds the ids of the units on the issue's distribution list as
    its readers see it — the list the chief editor signed, not the working copy's.
    Only a unit on it gets a receipt, and only once: the first reader and time
    stay. Two readers of one unit at the same moment meet at the unique
    constraint, and the second takes the first's receipt.
    """
    unit = unit_of(user)
    if unit is None or unit.pk not in listed:
        return None
    existing = ReadReceipt.objects.filter(issue=issue, recipient=unit).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return ReadReceipt.objects.create(
                issue=issue, recipient=unit, read_by=user, read_at=timezone.now()
            )
    except IntegrityError:
        return ReadReceipt.objects.filter(issue=issue, recipient=unit).first()


@dataclass(frozen=True)
class ReceiptRow:
    """One unit of an issue's distribution list, read or not."""

    position: int
    unit: str
    read_at: datetime | None
    reader: str

    @property
    def read(self) -> bool:
        return self.read_at is not None


def _reader_name(user) -> str:
    return person_name(user)


def receipt_rows(issue: Issue) -> list[ReceiptRow]:
    """Every unit on the issue's distribution list, in its order, with its receipt."""
    receipts = {
        receipt.recipient_id: receipt
        for receipt in ReadReceipt.objects.filter(issue=issue).select_related("read_by")
    }
    rows = []
    for position, entry in enumerate(
        issue.distribution.select_related("recipient").order_by("position"), 1
    ):
        receipt = receipts.get(entry.recipient_id)
        rows.append(
            ReceiptRow(
                position=position,
                unit=entry.recipient.name,
                read_at=receipt.read_at if receipt else None,
                reader=_reader_name(receipt.read_by) if receipt else "",
            )
        )
    return rows


def receipts_header() -> list[str]:
    return [_("No."), _("Unit"), _("Status"), _("Read at"), _("Read by")]


def _receipt_cells(row: ReceiptRow) -> list:
    read_at = formats.date_format(timezone.localtime(row.read_at), "Y-m-d H:i") if row.read else ""
    return [row.position, row.unit, _("Read") if row.read else _("Unread"), read_at, row.reader]


def receipts_xlsx(issue: Issue, rows: list[ReceiptRow]) -> bytes:
    """The receipts as a sheet an office prints as it is (``printable_sheet``),
    under a title naming the office and the issue, with a 合计 of units read."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Read receipts")
    read = sum(row.read for row in rows)
    printable_sheet(
        sheet,
        title=_("%(office)s %(issue)s: read receipts")
        % {"office": issue.publisher, "issue": issue},
        header=receipts_header(),
        rows=[_receipt_cells(row) for row in rows],
        total=[
            _("Total"),
            "",
            _("%(read)s of %(units)s read") % {"read": read, "units": len(rows)},
            "",
            "",
        ],
    )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def receipts_file_name(issue: Issue, extension: str) -> tuple[str, str]:
    """阅读回执-2012年第8期.xlsx, and receipts-2012-8.xlsx for ASCII-only clients."""
    name = _("Read receipts") + f"-{issue.year}年第{issue.number}期.{extension}"
    return name, f"receipts-{issue.year}-{issue.number}.{extension}"


def receipts_csv(rows: list[ReceiptRow]) -> str:
    """CSV text for a spreadsheet (prefix it with a BOM for Excel); cells that a
    spreadsheet would run as formulas are made inert."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("No."), _("Unit"), _("Status"), _("Read at"), _("Read by")])
    for row in rows:
        read_at = (
            formats.date_format(timezone.localtime(row.read_at), "Y-m-d H:i") if row.read else ""
        )
        writer.writerow(
            [
                row.position,
                spreadsheet_safe(row.unit),
                _("Read") if row.read else _("Unread"),
                read_at,
                spreadsheet_safe(row.reader),
            ]
        )
    return out.getvalue()
