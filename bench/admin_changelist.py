"""The editors' lists at scale: the article and issue changelists with 100,000
articles, with and without each filter, on PostgreSQL.

    scripts/with-postgres .venv/bin/python bench/admin_changelist.py [--articles 100000]

Creates its own database (``test_<name>``) beside the configured one, fills it
with generated issues, then requests each list page several times in-process
(Django's test client, signed in as a superuser) and prints the median time and
the number of SQL queries per page. The database is dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsletter.settings")
os.environ["DEBUG"] = "true"  # development static storage; the query log is negligible here
os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 50)
os.environ["ALLOWED_HOSTS"] = "testserver"

ARTICLES_PER_SECTION = 10
SECTIONS = ("工作动态", "基层风采", "简讯", "调研与思考")


def fill(total_articles: int) -> None:
    from datetime import date, timedelta

    from django.utils import timezone

    from editorial.content.models import Article, ArticleSource, Issue, Section, SourceOrganization

    organizations = SourceOrganization.objects.bulk_create(
        SourceOrganization(name=f"第{n}基层工会") for n in range(2000)
    )
    per_issue = len(SECTIONS) * ARTICLES_PER_SECTION
    issues = Issue.objects.bulk_create(
        Issue(
            year=2000 + n // 100,
            number=n % 100 + 1,
            issue_date=date(2000 + n // 100, 1, 1) + timedelta(days=(n % 100) * 3),
            status=Issue.Status.PUBLISHED if n % 10 else Issue.Status.DRAFT,
            publish_at=timezone.now() if n % 10 else None,
        )
        for n in range(total_articles // per_issue)
    )
    sections = Section.objects.bulk_create(
        Section(issue=issue, name=name, position=position)
        for issue in issues
        for position, name in enumerate(SECTIONS, 1)
    )
    for start in range(0, len(sections), 500):
        batch = Article.objects.bulk_create(
            Article(
                section=section,
                position=position,
                kind=Article.Kind.BRIEF if section.name == "简讯" else Article.Kind.ARTICLE,
                title=f"{section.name}第{section.pk}-{position}篇：职工素质工程推进会",
                body="市总工会召开会议，部署下一阶段工作。\n\n会议要求各级工会狠抓落实。",
            )
            for section in sections[start : start + 500]
            for position in range(1, ARTICLES_PER_SECTION + 1)
        )
        ArticleSource.objects.bulk_create(
            ArticleSource(
                article=article, organization=organizations[article.pk % 2000], position=1
            )
            for article in batch
        )
    tagged = Article.objects.order_by("pk")[:: max(1, total_articles // 1000)]
    for article in tagged[:1000]:
        article.tags.add("劳模")


def measure(client, url: str, runs: int) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    queries = 0
    for _ in range(runs):
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    return statistics.median(timings), queries


def measure_admin_pages(fill, count: int, what: str, pages: dict[str, str], runs: int) -> None:
    """On a PostgreSQL database of its own, ``fill(count)``, then print the median
    time and the SQL queries of each admin page, signed in as a superuser. The
    database is dropped at the end."""
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("Run it under scripts/with-postgres (it needs PostgreSQL).")

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    configured_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        fill(count)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"{count:,} {what} generated in {time.perf_counter() - started:.0f} s")
        admin = get_user_model().objects.create_superuser("bench", password="bench-pw-2026")
        client = Client()
        client.force_login(admin)
        print(f"{'page':28} {'median ms':>10} {'queries':>8}")
        for label, url in pages.items():
            median, queries = measure(client, url, runs)
            print(f"{label:28} {median:10.1f} {queries:8}")
    finally:
        connection.creation.destroy_test_db(configured_name, verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    pages = {
        "articles, first page": "/admin/editorial/article/",
        "articles, page 100": "/admin/editorial/article/?p=100",
        "articles by year": "/admin/editorial/article/?year=2010",
        "articles by status": "/admin/editorial/article/?section__issue__status__exact=draft",
        "articles by section": "/admin/editorial/article/?section_name=简讯",
        "articles by organization": "/admin/editorial/article/?source=第7基层工会",
        "articles by tag": "/admin/editorial/article/?tag=劳模",
        "articles, search": "/admin/editorial/article/?q=推进会",
        "articles, search + year": "/admin/editorial/article/?q=推进会&year=2010",
        "issues, first page": "/admin/editorial/issue/",
        "organizations": "/admin/editorial/sourceorganization/",
    }
    measure_admin_pages(fill, args.articles, "articles", pages, args.runs)


if __name__ == "__main__":
    main()
