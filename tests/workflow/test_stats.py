"""Contribution statistics (信息采用统计) and their CSV download."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from editorial.content.models import Article, ArticleSource, Issue, SourceOrganization
from editorial.content.stats import contributions, spreadsheet_safe, to_csv
from tests.factories import make_issue, take_to

pytestmark = pytest.mark.django_db


def issue_with(number, issue_date, credits, status=Issue.Status.PUBLISHED):
    """An issue whose articles are credited as given: [(kind, [organization names])]."""
    issue = make_issue(
        status=Issue.Status.DRAFT,
        year=issue_date.year,
        number=number,
        issue_date=issue_date,
        articles_per_section=0,
    )
    section = issue.sections.get()
    for position, (kind, names) in enumerate(credits, 1):
        article = Article.objects.create(
            section=section, position=position, kind=kind, title=f"稿{position}", body="正文"
        )
        for order, name in enumerate(names, 1):
            organization, _ = SourceOrganization.objects.get_or_create(name=name)
            ArticleSource.objects.create(article=article, organization=organization, position=order)
    return take_to(issue, status)


def table(rows):
    return [(row.name, row.articles, row.briefs, row.total) for row in rows]


def test_organizations_are_ranked_by_what_they_contributed(staff):
    issue_with(
        1,
        date(2026, 2, 10),
        [
            ("article", ["常熟市总工会"]),
            ("brief", ["常熟市总工会"]),
            ("brief", ["张家港市总工会"]),
            ("article", ["市总工会宣教部", "常熟市总工会"]),
        ],
    )
    assert table(contributions(staff, year=2026)) == [
        ("常熟市总工会", 2, 1, 3),
        ("市总工会宣教部", 1, 0, 1),
        ("张家港市总工会", 0, 1, 1),
    ]


def test_only_published_issues_count(staff):
    issue_with(1, date(2026, 2, 10), [("article", ["常熟市总工会"])])
    issue_with(2, date(2026, 2, 20), [("article", ["常熟市总工会"])], status=Issue.Status.APPROVED)
    assert table(contributions(staff, year=2026)) == [("常熟市总工会", 1, 0, 1)]


def test_a_quarter_counts_the_issues_dated_in_it(staff):
    issue_with(1, date(2026, 3, 31), [("article", ["常熟市总工会"])])
    issue_with(2, date(2026, 4, 1), [("brief", ["昆山市总工会"])])
    assert table(contributions(staff, year=2026, quarter=2)) == [("昆山市总工会", 0, 1, 1)]


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_made_inert():
    assert spreadsheet_safe('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert spreadsheet_safe("+1") == "'+1"
    assert spreadsheet_safe("-1") == "'-1"
    assert spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_safe("常熟市总工会") == "常熟市总工会"


def test_the_csv_has_a_header_and_one_row_per_organization(staff):
    issue_with(1, date(2026, 2, 10), [("article", ["=cmd|' /C calc'!A0"]), ("brief", ["工会"])])
    rows = list(csv.reader(io.StringIO(to_csv(contributions(staff, year=2026)))))
    assert rows == [
        ["排名", "单位", "文章", "简讯", "合计"],
        ["1", "'=cmd|' /C calc'!A0", "1", "0", "1"],
        ["2", "工会", "0", "1", "1"],
    ]


def test_the_admin_page_shows_the_table_and_offers_the_csv(client, editor):
    issue_with(1, date(2026, 5, 10), [("article", ["常熟市总工会"])])
    client.force_login(editor)
    url = reverse("admin:editorial_statistics")
    page = client.get(url, {"year": 2026}).content.decode()
    assert "常熟市总工会" in page
    response = client.get(url, {"year": 2026, "quarter": 2, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="contributions-2026-q2.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[1] == "1,常熟市总工会,1,0,1"


def test_statistics_are_for_editorial_staff_only(client, staff):
    client.force_login(staff)
    assert client.get(reverse("admin:editorial_statistics")).status_code == 403
