"""The 版记 as GB/T 9704 prints it where the office uses it: 报：(higher
offices), 送：(peers) and 发：(lower units) rows instead of one 本期印发 line,
once any unit on the list is given one of them; the signed list is what prints."""

import io

import docx
import pytest
from django.urls import reverse

from editorial.content.models import DistributionCategory, DistributionEntry, Issue
from tests.factories import make_issue, take_to
from tests.output.conftest import pdf_text

pytestmark = pytest.mark.django_db

UNITS = ("全总办公厅", "省总工会", "市总各部门", "区县总工会", "产业工会")


def published(categories) -> Issue:
    issue = make_issue(year=2012, number=8, status=Issue.Status.DRAFT, distribution=UNITS)
    for entry, category in zip(
        DistributionEntry.objects.filter(issue=issue).order_by("position"), categories, strict=True
    ):
        entry.category = category
        entry.save()
    return take_to(issue, Issue.Status.PUBLISHED)


@pytest.fixture
def with_rows(db) -> Issue:
    C = DistributionCategory
    return published([C.REPORTED, C.REPORTED, C.SENT, C.ISSUED, C.DISTRIBUTED])


def test_the_pdf_prints_report_send_and_issue_rows(client, with_rows, poppler, cjk_fonts):
    text = pdf_text(client.get(reverse("editorial:issue_pdf", args=["bulletin", 2012, 8])).content)
    lines = [line.strip() for line in text.splitlines()]
    assert "报：全总办公厅、省总工会" in lines
    assert "送：市总各部门" in lines
    assert "发：区县总工会、产业工会" in lines
    assert "本期印发" not in text


def test_the_word_colophon_prints_report_send_and_issue_rows(client, with_rows):
    response = client.get(reverse("editorial:issue_docx", args=["bulletin", 2012, 8]))
    table = docx.Document(io.BytesIO(response.content)).tables[-1]
    rows = [tuple(cell.text for cell in row.cells) for row in table.rows]
    assert rows[:3] == [
        ("报：", "全总办公厅、省总工会"),
        ("送：", "市总各部门"),
        ("发：", "区县总工会、产业工会"),
    ]


def test_the_issue_page_prints_report_send_and_issue_rows(client, with_rows):
    html = client.get(
        reverse("editorial:issue_detail", args=["bulletin", 2012, 8])
    ).content.decode()
    assert '<span class="colophon-label">报：</span>全总办公厅、省总工会' in html
    assert '<span class="colophon-label">送：</span>市总各部门' in html
    assert '<span class="colophon-label">发：</span>区县总工会、产业工会' in html
    assert "本期印发" not in html


def test_a_list_without_categories_prints_the_one_line_as_before(client, db):
    published([DistributionCategory.DISTRIBUTED] * len(UNITS))
    html = client.get(
        reverse("editorial:issue_detail", args=["bulletin", 2012, 8])
    ).content.decode()
    assert "本期印发：</span>全总办公厅、省总工会、市总各部门、区县总工会、产业工会" in html
    assert 'colophon-label">报：' not in html
