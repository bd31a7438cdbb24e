"""Benchmark of the Chinese full-text search over 100,000 articles on PostgreSQL,
or 10,000 on SQLite (the embedded default).

    scripts/with-postgres .venv/bin/python bench/search_bench.py            # 100,000 articles
    scripts/with-postgres .venv/bin/python bench/search_bench.py -n 20000   # quicker
    .venv/bin/python bench/search_bench.py --sqlite                         # 10,000 on SQLite

It creates its own database (``test_<name>`` beside the configured one, or a SQLite
file in a temporary folder, dropped at the end), fills it through the ORM with
generated issues — about 15 articles each, 1990 to 2026 — each with its signed
version and reader's copy (written in bulk, as if every issue had been signed
off), and indexes the readers' copies in bulk
(``editorial.search.index.rebuild_index``), timing that and re-indexing single
issues with the index in place (what a sign-off does,
``editorial.search.index.index_copy``). Then it runs a fixed set of reader
queries, each ``--repeat`` times after one warm-up run, and reports for each the
number of matches and the median time, and the median and 95th percentile over
all of them. A run is ``search_articles`` plus the first page of hits with
highlighted snippets (what the search page needs), and separately the whole
search page through Django's test client (form, filters and template included).

The generated text recombines clauses of the two sample issues with clauses of
made-up words drawn from the same characters, so the sample phrases (劳模,
职工素质工程...) are as rare in the archive as real topics are, while the common
words (工会, 职工) match a large share of it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsletter.settings")
os.environ["DEBUG"] = "false"  # no query log
os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 50)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,testserver")
# Production static files (hashed names) for the search page, collected here.
STATIC = tempfile.TemporaryDirectory(prefix="search-bench-static-")
os.environ["STATIC_ROOT"] = STATIC.name

from editorial.legacy.parser import parse  # noqa: E402  (plain Python, no Django)

QUERIES = [
    "劳模",  # a two-character word
    "职工素质工程",  # a long phrase
    "劳动合同法",
    "金秋助学",
    "蒋巷村",
    "温祥华",  # a person
    "张家港",  # a place
    "技能竞赛",
    "女职工",
    "困难职工 帮扶",  # two words, both required
    "工会",  # in nearly every article
    "温",  # one character
    "劳模 2012",  # a word and a year as text
]
FILTERED = [("劳模", {"year": 2012}), ("工会", {"section": "简讯"})]
SECTIONS = ["领导言论", "工作动态", "经验交流", "文化建设", "服务基层", "权益维护", "简讯"]


def corpus(seed: int):
    """Clauses of the samples and a character pool for made-up words."""
    clauses, headlines, sources = [], [], set()
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        for article in parse(path.read_bytes()).articles:
            headlines.append(article.title)
            sources.update(s for s in re.split("[、]", article.source_text) if s)
            for paragraph in article.paragraphs:
                clauses += [c for c in re.split("[，。；：！？]", paragraph) if len(c) > 3]
    characters = sorted({ch for c in clauses for ch in c if "\u4e00" <= ch <= "\u9fff"})
    rng = random.Random(seed)
    places = ["常熟", "张家港", "昆山", "吴江", "太仓", "吴中", "相城", "姑苏", "园区", "高新区"]
    units = ["总工会", "总工会宣教部", "总工会组织部", "总工会研究室", "总工会法工部"]
    sources |= {p + u for p in places for u in units}
    return clauses, headlines, sorted(sources), characters, rng


class Writer:
    def __init__(self, seed: int):
        self.clauses, self.headlines, self.sources, self.characters, self.rng = corpus(seed)

    def word(self) -> str:
        return "".join(self.rng.choices(self.characters, k=self.rng.choice((2, 2, 3, 4))))

    def clause(self) -> str:
        if self.rng.random() < 0.15:
            return self.rng.choice(self.clauses)
        return "".join(self.word() for _ in range(self.rng.randint(2, 5)))

    def paragraph(self) -> str:
        sentences = [
            "，".join(self.clause() for _ in range(self.rng.randint(2, 4)))
            for _ in range(self.rng.randint(2, 5))
        ]
        return "。".join(sentences) + "。"

    def title(self) -> str:
        if self.rng.random() < 0.3:
            return self.rng.choice(self.headlines)
        return self.clause()[:28]


def fill(count: int, seed: int) -> tuple[list[int], float]:
    """``count`` articles in published, signed issues; returns the issues' ids and the
    seconds it took."""
    from django.utils import timezone

    from editorial.content.models import Article, ArticleSource, Issue, Section, SourceOrganization
    from editorial.offices.models import Bulletin

    writer = Writer(seed)
    rng = writer.rng
    organizations = SourceOrganization.objects.bulk_create(
        SourceOrganization(name=name) for name in writer.sources
    )
    started = time.perf_counter()
    per_issue = 15
    issue_count = count // per_issue + 1
    years = list(range(1990, 2027))
    per_year = issue_count // len(years) + 1
    issue_ids: list[int] = []
    batch_issues = 200
    bulletin = Bulletin.objects.order_by("pk").first()  # the one the migrations make
    made = 0
    for first in range(0, issue_count, batch_issues):
        issues = []
        for n in range(first, min(first + batch_issues, issue_count)):
            year, number = years[n // per_year], n % per_year + 1
            day = timezone.datetime(year, 1, 1, 9) + timezone.timedelta(days=2 * number)
            issues.append(
                Issue(
                    bulletin=bulletin,
                    title=bulletin.name,
                    publisher=bulletin.publisher,
                    year=year,
                    number=number,
                    issue_date=day.date(),
                    status=Issue.Status.PUBLISHED,
                    publish_at=timezone.make_aware(day),
                    approved_at=timezone.make_aware(day),
                    visibility=(
                        Issue.Visibility.INTERNAL if n % 50 == 0 else Issue.Visibility.PUBLIC
                    ),
                )
            )
        issues = Issue.objects.bulk_create(issues)
        sections, articles = [], []
        for issue in issues:
            names = [*rng.sample(SECTIONS[:-1], 3), "简讯"]
            sections += [Section(issue=issue, name=n, position=p) for p, n in enumerate(names)]
        sections = Section.objects.bulk_create(sections)
        by_issue: dict[int, list] = {}
        for section in sections:
            by_issue.setdefault(section.issue_id, []).append(section)
        for issue_sections in by_issue.values():
            for position in range(per_issue):
                if made >= count:
                    break
                section = issue_sections[min(position // 4, 3)]
                brief = section.name == "简讯"
                articles.append(
                    Article(
                        section=section,
                        position=position,
                        kind=Article.Kind.BRIEF if brief else Article.Kind.ARTICLE,
                        title=writer.title(),
                        body="\n\n".join(
                            writer.paragraph() for _ in range(1 if brief else rng.randint(3, 7))
                        ),
                    )
                )
                made += 1
        articles = Article.objects.bulk_create(articles, batch_size=2000)
        links = ArticleSource.objects.bulk_create(
            (
                ArticleSource(article=article, organization=rng.choice(organizations), position=1)
                for article in articles
            ),
            batch_size=5000,
        )
        sign_in_bulk(issues, sections, articles, links)
        issue_ids += [issue.pk for issue in issues]
    return issue_ids, time.perf_counter() - started


def sign_in_bulk(issues, sections, articles, links) -> None:
    """Each issue's signed version and reader's copy, as ``editorial.workflow.signoff.sign``
    and ``editorial.signed.publish.publish_copy`` would write them, in a few inserts."""
    from editorial.content.models import Article
    from editorial.signed.models import (
        IssueVersion,
        SignedArticle,
        SignedArticleSource,
        SignedIssue,
    )
    from editorial.signed.publish import issue_order

    link_of = {link.article_id: link for link in links}
    articles_of: dict[int, list] = {}
    for article in articles:
        articles_of.setdefault(article.section_id, []).append(article)
    sections_of: dict[int, list] = {}
    for section in sections:
        sections_of.setdefault(section.issue_id, []).append(section)
    versions, copies, rows, credits = [], [], [], []
    for issue in issues:
        order = issue_order(issue.year, issue.number)
        content = {
            "series": issue.series,
            "year": issue.year,
            "number": issue.number,
            "cumulative_number": None,
            "issue_date": issue.issue_date.isoformat(),
            "title": issue.title,
            "publisher": issue.publisher,
            "print_run": None,
            "distribution": [],
            "sections": [],
        }
        for section in sections_of[issue.pk]:
            records = []
            for article in articles_of.get(section.pk, []):
                link = link_of[article.pk]
                records.append(
                    {
                        "id": article.pk,
                        **{name: getattr(article, name) for name in Article.PRINTED_FIELDS},
                        "sources": [link.organization.name],
                        "source_ids": [link.organization_id],
                        "tags": [],
                    }
                )
                rows.append((issue, section, article, link, order))
            content["sections"].append(
                {
                    "id": section.pk,
                    "name": section.name,
                    "position": section.position,
                    "articles": records,
                }
            )
        ids = [record["id"] for section in content["sections"] for record in section["articles"]]
        versions.append(
            IssueVersion(
                issue=issue,
                sequence=1,
                content=content,
                article_ids=" " + " ".join(map(str, ids)) + " ",
                signed_at=issue.approved_at,
            )
        )
    versions = IssueVersion.objects.bulk_create(versions)
    for issue, version in zip(issues, versions, strict=True):
        content = version.content
        copies.append(
            SignedIssue(
                issue=issue,
                version=version,
                bulletin_id=issue.bulletin_id,
                series=issue.series,
                year=issue.year,
                number=issue.number,
                issue_date=issue.issue_date,
                title=issue.title,
                publisher=issue.publisher,
                signed_at=version.signed_at,
                article_count=sum(len(section["articles"]) for section in content["sections"]),
                issue_order=issue_order(issue.year, issue.number),
            )
        )
    copies = {copy.pk: copy for copy in SignedIssue.objects.bulk_create(copies)}
    signed = SignedArticle.objects.bulk_create(
        (
            SignedArticle(
                signed_issue=copies[issue.pk],
                article_id=article.pk,
                section_id=section.pk,
                section_name=section.name,
                section_position=section.position,
                issue_order=order,
                **{name: getattr(article, name) for name in Article.PRINTED_FIELDS},
            )
            for issue, section, article, _link, order in rows
        ),
        batch_size=2000,
    )
    for copy, (_issue, _section, _article, link, _order) in zip(signed, rows, strict=True):
        credits.append(
            SignedArticleSource(
                article=copy,
                organization_id=link.organization_id,
                name=link.organization.name,
                position=1,
            )
        )
    SignedArticleSource.objects.bulk_create(credits, batch_size=5000)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(repeat: int) -> dict:
    from django.contrib.auth.models import AnonymousUser
    from django.test import Client

    from editorial.search.fulltext import search_articles

    reader = AnonymousUser()
    client = Client(HTTP_HOST="127.0.0.1")
    rows = []
    engine_all, page_all = [], []
    for query, filters in [(q, {}) for q in QUERIES] + FILTERED:
        engine, page = [], []
        for run in range(repeat + 1):
            started = time.perf_counter()
            results = search_articles(query, reader, **filters)
            hits = results.hits(results.signed_ids[:20])
            elapsed = (time.perf_counter() - started) * 1000
            params = {"q": query, **{k: str(v) for k, v in filters.items()}}
            started = time.perf_counter()
            response = client.get("/search/", params, secure=True)
            page_elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200
            if run:  # the first run warms the caches
                engine.append(elapsed)
                page.append(page_elapsed)
        label = query + ("" if not filters else " " + json.dumps(filters, ensure_ascii=False))
        rows.append(
            {
                "query": label,
                "matches": results.count,
                "more": results.more,
                "listed": len(hits),
                "engine_median_ms": round(statistics.median(engine), 1),
                "page_median_ms": round(statistics.median(page), 1),
            }
        )
        engine_all += engine
        page_all += page
    return {
        "queries": rows,
        "engine_median_ms": round(statistics.median(engine_all), 1),
        "engine_p95_ms": round(percentile(engine_all, 0.95), 1),
        "page_median_ms": round(statistics.median(page_all), 1),
        "page_p95_ms": round(percentile(page_all, 0.95), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--articles", type=int, help="100,000, or 10,000 on SQLite")
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per query")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if args.articles is None:
        args.articles = 10_000 if args.sqlite else 100_000
    if args.sqlite:
        folder = tempfile.mkdtemp(prefix="search-bench-sqlite-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        os.environ["DATABASE_TEST_NAME"] = f"{folder}/test.sqlite3"

    from harness import bench_database, require_postgres

    if not args.sqlite:
        require_postgres()
    with bench_database():
        from django.core.management import call_command

        call_command("collectstatic", "--noinput", verbosity=0)
        from django.db import connection

        from editorial.search import index
        from editorial.signed.models import SignedIssue

        print(f"generating {args.articles:,} articles…", flush=True)
        issue_ids, fill_seconds = fill(args.articles, args.seed)
        started = time.perf_counter()
        indexed = index.rebuild_index()
        index_seconds = time.perf_counter() - started
        sample = list(SignedIssue.objects.filter(pk__in=issue_ids[-100:]).select_related("version"))
        started = time.perf_counter()
        for signed in sample:
            index.index_copy(signed)
        per_issue_ms = (time.perf_counter() - started) * 1000 / len(sample)
        size, version = index_size(connection)
        print(
            f"written in {fill_seconds:.0f} s; indexed {indexed:,} articles in "
            f"{index_seconds:.1f} s ({indexed / index_seconds:,.0f}/s); "
            f"index {size / 1e6:,.1f} MB ({size / indexed / 1000:.2f} KB per article); "
            f"re-indexing one issue with the index in place: {per_issue_ms:.1f} ms",
            flush=True,
        )
        report = measure(args.repeat)
        report.update(
            articles=args.articles,
            database=version,
            index_seconds=round(index_seconds, 1),
            articles_indexed_per_s=round(indexed / index_seconds),
            reindex_issue_ms=round(per_issue_ms, 2),
            index_bytes=size,
            index_kb_per_article=round(size / indexed / 1000, 2),
        )

    width = max(len(row["query"]) for row in report["queries"]) + 2
    print(f"\n{'query':<{width}} {'matches':>8} {'search ms':>10} {'page ms':>8}")
    for row in report["queries"]:
        matches = f"{row['matches']}{'+' if row['more'] else ''}"
        print(
            f"{row['query']:<{width}} {matches:>8} {row['engine_median_ms']:>10} "
            f"{row['page_median_ms']:>8}"
        )
    print(
        f"\n{report['database']}, {args.articles:,} articles: search median "
        f"{report['engine_median_ms']} ms, p95 {report['engine_p95_ms']} ms; whole search page "
        f"median {report['page_median_ms']} ms, p95 {report['page_p95_ms']} ms"
    )
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    name = "search_bench_sqlite.json" if args.sqlite else "search_bench.json"
    (results / name).write_text(json.dumps(report, ensure_ascii=False, indent=2))


def index_size(connection) -> tuple[int, str]:
    """The bytes of the search index (PostgreSQL: the entries, their TOAST and their
    indexes; SQLite: the FTS5 table's shadow tables), and the database's name and version."""
    from editorial.search.models import FTS5_TABLE, ArticleSearchEntry

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("SELECT pg_total_relation_size(%s)", [ArticleSearchEntry._meta.db_table])
            (size,) = cursor.fetchone()
            cursor.execute("SHOW server_version")
            return size, "PostgreSQL " + cursor.fetchone()[0]
        cursor.execute("ANALYZE")
        cursor.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE %s", [FTS5_TABLE + "%"])
        (size,) = cursor.fetchone()
        cursor.execute("SELECT sqlite_version()")
        return size, "SQLite " + cursor.fetchone()[0]


if __name__ == "__main__":
    main()
