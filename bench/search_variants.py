"""The search index designs of issue 17, side by side on the same generated articles.

    scripts/with-postgres .venv/bin/python bench/search_variants.py -n 20000

It fills a throwaway database as ``search_bench.py`` does, then for each design
builds its index over the same signed articles and times the same queries
(the newest ``RESULT_LIMIT`` articles holding the query, as the search page
asks): size per article, build time, and the median query time.

- ``positions``: the tsvector with weighted positions and its GIN index (the
  design before issue 17), the phrase checked from the positions;
- ``stripped``: the same lexemes without positions (``strip()``), GIN, the
  phrase confirmed on the candidates' text;
- ``codes``: the design chosen, each lexeme's 14-bit code once (many lexemes
  share a code) and the issue's year in an ``int2[]`` under GIN, the query
  confirmed on the candidates' text;
- ``rum``: the positional tsvector under a RUM index ordered by issue order;
- ``trigram``: pg_trgm's GIN index over the articles' text (``LIKE``), which
  a two-character word cannot use;
- ``sqlite-fts5-trigram`` and ``sqlite-fts5-bigrams``: SQLite FTS5 tables
  over the same text, with the trigram tokenizer, and over the bigrams
  written out as words.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import time

from search_bench import fill

QUERIES = ["劳模", "职工素质工程", "劳动合同法", "金秋助学", "张家港", "女职工", "工会", "温祥华"]
LIMIT = 500


def positional_literal(fields) -> str:
    """Each lexeme with its positions, each marked with its field's weight."""
    from editorial.search.text import tokenize

    parts, start = [], 1
    for text, weight in fields:
        tokens, start = tokenize(text or "", start)
        start += 2
        suffix = "" if weight == "D" else weight
        parts += [f"'{t.lexeme}':{min(t.position, 16383)}{suffix}" for t in tokens]
    return " ".join(parts)


def bigram_stream(text: str) -> str:
    """The lexemes of ``text`` in order, written out as words for FTS5."""
    from editorial.search.text import tokenize

    return " ".join(t.lexeme for t in tokenize(text)[0])


def _timed(run, repeat: int) -> float:
    run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _size(cursor, *relations: str) -> int:
    total = 0
    for relation in relations:
        cursor.execute("SELECT pg_total_relation_size(%s)", [relation])
        total += cursor.fetchone()[0]
    return total


def postgresql_variants(cursor, count: int, repeat: int) -> list[dict]:
    from editorial.search.text import Query

    rows = []

    def measure(name, build, query_sql, params_of, relations):
        started = time.perf_counter()
        build()
        seconds = time.perf_counter() - started
        cursor.execute("VACUUM ANALYZE")
        times = {}
        for text in QUERIES:
            params = params_of(Query.parse(text))

            def run(params=params):
                cursor.execute(query_sql, params)
                cursor.fetchall()

            times[text] = round(_timed(run, repeat), 1)
        row = {
            "variant": name,
            "bytes_per_article": round(_size(cursor, *relations) / count),
            "articles_per_s": round(count / seconds),
            "median_ms": round(statistics.median(times.values()), 1),
            "worst_ms": max(times.values()),
            "queries": times,
        }
        print(row, flush=True)
        rows.append(row)

    # positions: the design before issue 17 (timed through the project's own rebuild)
    def phrase_sql(table, order):
        return (
            f"SELECT signed_article_id FROM (SELECT signed_article_id, document FROM {table}"
            f" WHERE document @@ %s::tsquery ORDER BY {order} DESC LIMIT {LIMIT}) c"
            " WHERE ts_match_vq(document, %s::tsquery)"
        )

    def copy_signed(table: str, cast: str, document_of) -> None:
        """Each signed article into ``table`` (id, issue order, document), the document
        ``document_of(fields, issue order)`` cast to ``cast``."""
        cursor.execute(
            "SELECT id, issue_order, title, subtitle, byline, source_text, credit, body"
            " FROM editorial_signedarticle"
        )
        rows = []
        for pk, order, title, subtitle, byline, source_text, credit, body in cursor.fetchall():
            fields = [
                (title, "A"),
                (subtitle, "B"),
                (byline, "B"),
                (source_text + credit, "C"),
                (body, "D"),
            ]
            rows.append((pk, order, document_of(fields, order)))
        for start in range(0, len(rows), 500):
            batch = rows[start : start + 500]
            cursor.execute(
                f"INSERT INTO {table} VALUES " + ", ".join([f"(%s, %s, %s::{cast})"] * len(batch)),
                [value for row in batch for value in row],
            )

    def build_positions():
        """The tsvector with weighted positions, as written before issue 17."""
        cursor.execute(
            "CREATE TABLE v_positions"
            " (signed_article_id int, issue_order bigint, document tsvector)"
        )
        copy_signed("v_positions", "tsvector", lambda fields, _order: positional_literal(fields))
        cursor.execute("CREATE INDEX ON v_positions USING gin (document)")
        cursor.execute("CREATE INDEX ON v_positions (issue_order)")

    measure(
        "positions",
        build_positions,
        phrase_sql("v_positions", "issue_order"),
        lambda q: [q.prefilter(), q.tsquery()],
        ["v_positions"],
    )
    cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
    cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")

    def build_rum():
        cursor.execute(
            "CREATE TABLE v_rum AS SELECT signed_article_id, issue_order, document FROM v_positions"
        )
        cursor.execute(
            "CREATE INDEX v_rum_idx ON v_rum USING rum (document rum_tsvector_addon_ops,"
            " issue_order) WITH (attach = 'issue_order', to = 'document')"
        )

    measure(
        "rum",
        build_rum,
        "SELECT signed_article_id FROM v_rum WHERE document @@ %s::tsquery"
        f" ORDER BY issue_order <=> 99999999999 LIMIT {LIMIT}",
        lambda q: [q.tsquery()],
        ["v_rum"],
    )

    def build_stripped():
        cursor.execute(
            "CREATE TABLE v_stripped AS SELECT signed_article_id, issue_order,"
            " strip(document) AS document FROM v_positions"
        )
        cursor.execute("CREATE INDEX ON v_stripped USING gin (document)")
        cursor.execute("CREATE INDEX ON v_stripped (issue_order)")

    # The phrase confirmed on the candidates' signed text.
    measure(
        "stripped",
        build_stripped,
        "SELECT c.signed_article_id FROM (SELECT signed_article_id FROM v_stripped"
        f" WHERE document @@ %s::tsquery ORDER BY issue_order DESC LIMIT {LIMIT}) c"
        " JOIN editorial_signedarticle a ON a.id = c.signed_article_id"
        " WHERE strpos(a.title || a.body, %s) > 0",
        lambda q: [q.prefilter(), q.text],
        ["v_stripped"],
    )

    def build_codes():
        """The design chosen: each lexeme's 14-bit code once, and the issue's year, in
        an int2[] under GIN, written by the project's own code."""
        from editorial.search.text import document_codes

        cursor.execute(
            "CREATE TABLE v_codes (signed_article_id int, issue_order bigint, document int2[])"
        )
        copy_signed(
            "v_codes",
            "int2[]",
            lambda fields, order: document_codes(fields, order // 100_000).codes,
        )
        cursor.execute("CREATE INDEX ON v_codes USING gin (document)")
        cursor.execute("CREATE INDEX ON v_codes (issue_order)")

    def codes_of(query) -> str:
        codes = sorted({code for forms in query.code_groups() for code in forms[0]})
        return "{" + ",".join(map(str, codes)) + "}"

    # Many lexemes share a code: the candidates are confirmed on their signed text.
    measure(
        "codes",
        build_codes,
        "SELECT c.signed_article_id FROM (SELECT signed_article_id FROM v_codes"
        f" WHERE document @> %s::int2[] ORDER BY issue_order DESC LIMIT {LIMIT * 5 // 4}) c"
        " JOIN editorial_signedarticle a ON a.id = c.signed_article_id"
        " WHERE strpos(a.title || a.body, %s) > 0",
        lambda q: [codes_of(q), q.text],
        ["v_codes"],
    )

    def build_trigram():
        cursor.execute(
            "CREATE TABLE v_trigram AS SELECT id AS signed_article_id, issue_order,"
            " concat_ws(' ', title, subtitle, byline, source_text, credit, body) AS text"
            " FROM editorial_signedarticle"
        )
        cursor.execute("CREATE INDEX ON v_trigram USING gin (text gin_trgm_ops)")
        cursor.execute("CREATE INDEX ON v_trigram (issue_order)")

    measure(
        "trigram",
        build_trigram,
        f"SELECT signed_article_id FROM v_trigram WHERE text LIKE %s"
        f" ORDER BY issue_order DESC LIMIT {LIMIT}",
        lambda q: ["%" + q.text + "%"],
        ["v_trigram"],
    )
    return rows


def sqlite_variants(cursor, count: int, repeat: int) -> list[dict]:
    """The FTS5 designs over the same signed text, in an in-memory SQLite database."""

    cursor.execute(
        "SELECT id, issue_order, concat_ws(' ', title, subtitle, byline, source_text, credit, body)"
        " FROM editorial_signedarticle"
    )
    articles = cursor.fetchall()
    rows = []
    for name, tokenizer, text_of, match_of in [
        ("sqlite-fts5-trigram", "trigram", lambda t: t, lambda q: '"' + q + '"'),
        (
            "sqlite-fts5-bigrams",
            "unicode61",
            lambda t: bigram_stream(t),
            lambda q: '"' + " ".join(bigram_stream(q).split()[:-1] or [q]) + '"',
        ),
    ]:
        db = sqlite3.connect(":memory:")
        db.execute(f"CREATE VIRTUAL TABLE f USING fts5(text, tokenize='{tokenizer}')")
        db.execute("CREATE TABLE o (id INTEGER PRIMARY KEY, issue_order INTEGER)")
        started = time.perf_counter()
        db.executemany(
            "INSERT INTO f (rowid, text) VALUES (?, ?)", ((a, text_of(t)) for a, _, t in articles)
        )
        db.executemany("INSERT INTO o VALUES (?, ?)", ((a, o) for a, o, _ in articles))
        db.commit()
        seconds = time.perf_counter() - started
        pages = db.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'f%'").fetchone()[0]
        times = {}
        for text in QUERIES:
            sql = (
                "SELECT o.id FROM f JOIN o ON o.id = f.rowid WHERE f MATCH ?"
                f" ORDER BY o.issue_order DESC LIMIT {LIMIT}"
            )
            if len(text) < 3 and tokenizer == "trigram":
                sql = sql.replace("f MATCH ?", "f.text LIKE ?")
                match = "%" + text + "%"
            else:
                match = match_of(text)

            def run(db=db, sql=sql, match=match):
                db.execute(sql, [match]).fetchall()

            times[text] = round(_timed(run, repeat), 1)
        row = {
            "variant": name,
            "bytes_per_article": round(pages / count) if pages else None,
            "articles_per_s": round(count / seconds),
            "median_ms": round(statistics.median(times.values()), 1),
            "worst_ms": max(times.values()),
            "queries": times,
        }
        print(row, flush=True)
        rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--articles", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    from harness import bench_database, require_postgres

    require_postgres()
    with bench_database():
        from django.db import connection

        fill(args.articles, args.seed)
        with connection.cursor() as cursor:
            postgresql_variants(cursor, args.articles, args.repeat)
            sqlite_variants(cursor, args.articles, args.repeat)


if __name__ == "__main__":
    main()
