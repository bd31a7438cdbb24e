"""The search index's share of an import, part by part, side by side in one run.

    .venv/bin/python bench/index_parts.py
    scripts/with-postgres .venv/bin/python bench/index_parts.py

Differences of a millisecond per imported issue are lost in this machine's drift
when whole imports are compared (``import_variants.py``); these parts are
measured alone instead, each against what it replaced, taking turns, the best
of seven rounds:

- **documents**: an article's lexeme codes (``text.document_codes``) against the
  same codes got the long way, by cutting every lexeme and hashing each
  (``lexeme_code`` of each of ``document_lexemes``), on the articles of
  ``import_bench.py``'s generated issues; µs per article.
- **entries** (PostgreSQL only): the driver's CPU, in this process, to write one
  sign-off's 20 entries, by ``COPY`` (what a sign-off does) against the
  ``INSERT … ON CONFLICT`` that re-indexing uses, the documents being those of
  20 generated articles; µs per sign-off. In a throwaway test database, in a
  transaction rolled back.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import import_bench  # (sets up the environment Django reads)

ROUNDS = 7


def _articles(issues: int = 50) -> list[list[tuple[str, str]]]:
    from editorial.content.models import join_paragraphs
    from editorial.legacy.parser import parse

    rng, pools = random.Random(1), import_bench.sample_pools()
    fields = []
    for _ in range(issues):
        for a in parse(import_bench.legacy_document(rng, pools).encode()).articles:
            sources = "、".join([a.source_text, a.credit, *a.sources])
            body = join_paragraphs(a.paragraphs)
            fields.append([(a.title, "title"), (a.subtitle, "subtitle"), (a.byline, "byline")])
            fields[-1] += [(sources, "sources"), (body, "body")]
    return fields


def _best(variants: dict, run, per: int) -> dict[str, float]:
    """The best of ``ROUNDS`` rounds of each variant, the variants taking turns; µs
    of this process's CPU per ``per`` calls."""
    best = dict.fromkeys(variants, float("inf"))
    for _ in range(ROUNDS):
        for name, variant in variants.items():
            started = time.process_time()
            calls = run(variant)
            best[name] = min(best[name], (time.process_time() - started) / calls * per * 1e6)
    return best


def documents() -> dict[str, float]:
    from editorial.search.text import (
        codes_literal,
        document_codes,
        document_lexemes,
        lexeme_code,
        year_code,
    )

    def long_way(fields, year):
        lexemes, _spaced, _folded = document_lexemes(fields, last=False)
        return codes_literal([*sorted({lexeme_code(x) for x in lexemes}), year_code(year)])

    articles = _articles()
    document_codes(articles[0], 2012)  # (its tables are built once per process)
    for fields in articles:
        assert document_codes(fields, 2012).codes == long_way(fields, 2012)

    def run(cut):
        for fields in articles:
            cut(fields, 2012)
        return len(articles)

    return _best({"tables": document_codes, "long way": long_way}, run, per=1)


def entries() -> dict[str, float]:
    from django.db import connection, transaction

    from editorial.search import index
    from editorial.search.text import document_codes
    from tests.factories import make_issue

    # The documents of 20 of the generated articles, so that the values are of their size.
    documents = [document_codes(fields, 2012) for fields in _articles(2)[:20]]

    database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with transaction.atomic():
            issue = make_issue(articles_per_section=20)
            articles = list(issue.signed.articles.order_by("pk"))
            rows = [
                (a.pk, issue.pk, a.issue_order, a, ["市总宣教部", "常熟市总工会"]) for a in articles
            ]
            index._documents = lambda texts: documents  # the driver's part only

            def run(write):
                with connection.cursor() as cursor:
                    for _ in range(20):
                        cursor.execute(f"DELETE FROM {index.ArticleSearchEntry._meta.db_table}")
                        write(cursor, rows)
                return 20

            copy = index._copy_postgresql
            insert = index._write_postgresql
            best = _best({"COPY": copy, "INSERT": insert}, run, per=1)
            transaction.set_rollback(True)
    finally:
        connection.creation.destroy_test_db(database, verbosity=0)
    return best


def main() -> int:
    import django
    from django.db import connection

    django.setup()
    cut = documents()
    print(
        f"documents: {cut['tables']:.0f} µs per article with the tables,"
        f" {cut['long way']:.0f} µs the long way (the best of {ROUNDS} rounds)"
    )
    if connection.vendor == "postgresql":
        written = entries()
        print(
            f"entries: {written['COPY']:.0f} µs of the driver's CPU per sign-off of 20 by COPY,"
            f" {written['INSERT']:.0f} µs by INSERT … ON CONFLICT (the best of {ROUNDS} rounds)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
