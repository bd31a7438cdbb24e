"""Read receipts (已阅): the first time someone of a recipient unit opens an issue, the
unit is marked read with the time and the reader; the issue's admin page shows each
unit on the list read or unread, and downloads the same as CSV."""

import csv
import io
import threading
import time
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from openpyxl import load_workbook

from editorial.content import readership
from editorial.content.models import Issue, ReadReceipt, Recipient
from editorial.signed import readers
from tests.factories import LISTED, UNLISTED, make_issue, make_user, member_of
from tests.workflow.helpers import admin_form_data

pytestmark = pytest.mark.django_db


def receipts(issue) -> list[tuple[str, str]]:
    return [
        (receipt.recipient.name, receipt.read_by.username if receipt.read_by else "")
        for receipt in ReadReceipt.objects.filter(issue=issue).select_related("recipient")
    ]


def signed_list(issue) -> set[int]:
    """The units on the issue's distribution list as signed (what the page passes)."""
    return readers.listed_units(issue.pk)


@pytest.fixture
def issue(db):
    """Sent to 全总办公厅 and 省总工会."""
    return make_issue(year=2012, number=3)


class TestRecording:
    def test_opening_an_issue_marks_the_readers_unit_as_read(self, client, issue, listed_reader):
        before = timezone.now()
        client.force_login(listed_reader)
        client.get(issue.get_absolute_url())
        receipt = ReadReceipt.objects.get(issue=issue)
        assert receipt.recipient.name == LISTED
        assert receipt.read_by == listed_reader
        assert receipt.read_at >= before

    def test_two_readers_of_one_unit_leave_one_receipt_with_the_first_reading(
        self, client, issue, listed_reader
    ):
        client.force_login(listed_reader)
        client.get(issue.get_absolute_url())
        first = ReadReceipt.objects.get(issue=issue)
        colleague = member_of(LISTED, "colleague")
        client.force_login(colleague)
        client.get(issue.get_absolute_url())
        client.get(issue.get_absolute_url())
        assert receipts(issue) == [(LISTED, "listed")]
        assert ReadReceipt.objects.get(issue=issue).read_at == first.read_at

    def test_each_unit_on_the_list_gets_its_own_receipt(self, client, issue, listed_reader):
        other = member_of("全总办公厅", "other")
        for reader in (listed_reader, other):
            client.force_login(reader)
            client.get(issue.get_absolute_url())
        assert sorted(receipts(issue)) == [("全总办公厅", "other"), (LISTED, "listed")]

    def test_a_unit_off_the_list_leaves_no_receipt(self, client, issue, outsider):
        client.force_login(outsider)
        assert client.get(issue.get_absolute_url()).status_code == 200
        assert receipts(issue) == []

    def test_an_anonymous_reader_leaves_no_receipt(self, client, issue):
        client.get(issue.get_absolute_url())
        assert receipts(issue) == []

    def test_the_home_page_showing_the_issue_in_full_counts_as_reading(
        self, client, issue, listed_reader
    ):
        client.force_login(listed_reader)
        client.get("/")
        assert receipts(issue) == [(LISTED, "listed")]

    def test_a_preview_of_an_unpublished_issue_leaves_no_receipt(self, client):
        draft = make_issue(year=2026, number=1, status=Issue.Status.DRAFT)
        editor = member_of(LISTED, "editor", superuser=True)
        client.force_login(editor)
        assert client.get(draft.get_absolute_url()).status_code == 200
        assert receipts(draft) == []

    def test_a_reader_is_recorded_even_when_the_page_is_cached_for_the_public(
        self, client, issue, listed_reader
    ):
        client.get(issue.get_absolute_url())  # stored for anonymous readers
        client.force_login(listed_reader)
        assert client.get(issue.get_absolute_url()).status_code == 200
        assert receipts(issue) == [(LISTED, "listed")]

    def test_a_reader_revalidating_with_an_etag_is_recorded_too(self, client, issue, listed_reader):
        colleague = member_of(LISTED, "colleague")
        client.force_login(colleague)
        etag = client.get(issue.get_absolute_url())["ETag"]
        ReadReceipt.objects.all().delete()
        response = client.get(issue.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 304
        assert receipts(issue) == [(LISTED, "colleague")]

    def test_the_database_holds_one_receipt_per_unit_and_issue(self, issue):
        unit = Recipient.objects.get(name=LISTED)
        ReadReceipt.objects.create(issue=issue, recipient=unit)
        with pytest.raises(IntegrityError), transaction.atomic():
            ReadReceipt.objects.create(issue=issue, recipient=unit)

    def test_a_receipt_written_meanwhile_by_another_reader_is_kept(self, issue, listed_reader):
        # Another process recorded the unit between this reader's check and write.
        earlier = timezone.now() - timedelta(minutes=5)
        colleague = member_of(LISTED, "colleague")
        ReadReceipt.objects.create(
            issue=issue,
            recipient=Recipient.objects.get(name=LISTED),
            read_by=colleague,
            read_at=earlier,
        )
        receipt = readership.record_reading(listed_reader, issue, signed_list(issue))
        assert receipt.read_by == colleague
        assert receipt.read_at == earlier


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_readers_of_one_unit_at_the_same_moment_leave_one_receipt():
    """The second reader's insert waits on the unique index for the first reader's
    transaction, fails when it commits, and takes the first reader's receipt."""
    issue = make_issue(year=2012, number=3)
    first, second = member_of(LISTED, "first"), member_of(LISTED, "second")
    result = {}

    def second_reader():
        try:
            result["receipt"] = readership.record_reading(
                second, Issue.objects.get(pk=issue.pk), signed_list(issue)
            )
        finally:
            connection.close()

    reader = threading.Thread(target=second_reader)
    with transaction.atomic():
        readership.record_reading(first, issue, signed_list(issue))  # not committed yet
        reader.start()
        with connection.cursor() as cursor:
            for _ in range(200):  # until the second reader waits on our row's lock
                cursor.execute("SELECT pg_stat_clear_snapshot()")  # fresh within a transaction
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
                if cursor.fetchone()[0]:
                    break
                time.sleep(0.05)
            else:
                pytest.fail("the second reader never reached the database")
    reader.join(timeout=30)
    assert result["receipt"].read_by == first
    assert receipts(issue) == [(LISTED, "first")]


class TestTheAdminReport:
    @pytest.fixture
    def read_once(self, client, issue, listed_reader):
        client.force_login(listed_reader)
        client.get(issue.get_absolute_url())
        client.logout()
        return issue

    def test_the_issue_page_shows_each_unit_read_or_unread(self, client, read_once, chief):
        client.force_login(chief)
        response = client.get(f"/admin/editorial/issue/{read_once.pk}/change/")
        body = response.content.decode()
        assert 'id="read-receipts"' in body
        panel = body[body.index('id="read-receipts"') :]
        assert panel.index("全总办公厅") < panel.index(LISTED)  # the list's order
        assert "已阅" in panel
        assert "未阅" in panel
        assert "李四" in panel  # who read it

    def test_the_csv_lists_every_unit_on_the_list(self, client, read_once, editor):
        client.force_login(editor)
        response = client.get(f"/admin/editorial/readreceipt/issue/{read_once.pk}/csv/")
        assert response["Content-Type"].startswith("text/csv")
        content = response.content.decode("utf-8")
        assert content.startswith("\ufeff")
        rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
        assert [row[1:3] for row in rows[1:]] == [["全总办公厅", "未阅"], [LISTED, "已阅"]]
        assert rows[2][3]  # when
        assert rows[2][4] == "李四"  # by whom

    def test_the_xlsx_is_printed_as_it_is_with_a_titled_boxed_table_and_a_total(
        self, client, read_once, editor
    ):
        client.force_login(editor)
        response = client.get(f"/admin/editorial/readreceipt/issue/{read_once.pk}/xlsx/")
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert "A1:E1" in [str(r) for r in sheet.merged_cells.ranges]
        assert "阅读回执" in sheet["A1"].value and "市总工会办公室" in sheet["A1"].value
        assert [c.value for c in sheet[3]][1:3] == ["全总办公厅", "未阅"]
        assert [c.value for c in sheet[sheet.max_row]][:3] == ["合计", None, "2个单位中1个已阅"]
        assert sheet["B3"].border.left.style == "thin"
        assert sheet.column_dimensions["B"].width >= len(LISTED) * 2
        assert sheet.page_setup.orientation == "landscape"
        assert 'filename="receipts-' in response["Content-Disposition"]
        assert "filename*=UTF-8''" in response["Content-Disposition"]

    def test_the_csv_defuses_formulas_in_unit_names(self, client, chief):
        hostile = make_issue(year=2012, number=4, distribution=('=HYPERLINK("x")',))
        client.force_login(chief)
        content = client.get(f"/admin/editorial/readreceipt/issue/{hostile.pk}/csv/")
        rows = list(csv.reader(io.StringIO(content.content.decode().lstrip("\ufeff"))))
        assert rows[1][1] == '\'=HYPERLINK("x")'

    def test_staff_without_an_editorial_role_cannot_download_it(self, client, read_once):
        client.force_login(make_user("clerk", staff=True))
        response = client.get(f"/admin/editorial/readreceipt/issue/{read_once.pk}/csv/")
        assert response.status_code == 403

    def test_the_unit_of_an_account_is_set_on_its_user_page(self, client):
        client.force_login(make_user("root", superuser=True))
        user = make_user("newcomer", staff=True)
        unit = Recipient.objects.create(name=UNLISTED)
        page = client.get(f"/admin/auth/user/{user.pk}/change/")
        assert page.status_code == 200
        assert "unit_membership-TOTAL_FORMS" in page.content.decode()
        data = admin_form_data(page)
        data.update(
            {
                # The user page shows its dates as two inputs each.
                "date_joined_0": "2026-01-05",
                "date_joined_1": "09:00:00",
                "unit_membership-TOTAL_FORMS": "1",
                "unit_membership-INITIAL_FORMS": "0",
                "unit_membership-0-unit": str(unit.pk),
                "unit_membership-0-user": str(user.pk),
            }
        )
        response = client.post(f"/admin/auth/user/{user.pk}/change/", data)
        assert response.status_code == 302, response.content.decode()[:2000]
        user.refresh_from_db()
        assert user.unit_membership.unit == unit
