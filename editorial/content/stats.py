"""Contribution statistics (信息采用统计): how many articles and briefs each
organization had adopted in the published issues of a year or a quarter.

An article credited to two organizations counts for each. The period is the
issue's year, and for a quarter the month of its issue date. Which issues
count is the reading site's rule for the user asking — for editors, every
published issue whose time has come, public or internal:
``Article.objects.visible_to``.
"""

import csv
import io
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from editorial.content.models import Article, ArticleSource

QUARTER_MONTHS = {1: (1, 2, 3), 2: (4, 5, 6), 3: (7, 8, 9), 4: (10, 11, 12)}


@dataclass(frozen=True)
class Contribution:
    organization_id: int
    name: str
    articles: int
    briefs: int

    @property
    def total(self) -> int:
        return self.articles + self.briefs


def contributions(user, *, year: int, quarter: int | None = None) -> list[Contribution]:
    """Per organization, most adopted first (then by name)."""
    articles = Article.objects.visible_to(user).filter(section__issue__year=year)
    if quarter:
        articles = articles.filter(section__issue__issue_date__month__in=QUARTER_MONTHS[quarter])
    rows = (
        ArticleSource.objects.filter(article__in=articles.values("pk"))
        .values("organization_id", "organization__name")
        .annotate(
            articles=Count("article", filter=Q(article__kind=Article.Kind.ARTICLE)),
            briefs=Count("article", filter=Q(article__kind=Article.Kind.BRIEF)),
            total=Count("article"),
        )
        .order_by("-total", "organization__name")
    )
    return [
        Contribution(
            organization_id=row["organization_id"],
            name=row["organization__name"],
            articles=row["articles"],
            briefs=row["briefs"],
        )
        for row in rows
    ]


# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value) -> str:
    """The cell's text, made inert if a spreadsheet would read it as a formula."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(rows: list[Contribution]) -> str:
    """CSV text with a header row, for a spreadsheet (prefix it with a BOM for Excel)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Rank"), _("Organization"), _("Articles"), _("Briefs"), _("Total")])
    for rank, row in enumerate(rows, 1):
        writer.writerow([rank, spreadsheet_safe(row.name), row.articles, row.briefs, row.total])
    return out.getvalue()
