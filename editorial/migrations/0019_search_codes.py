"""PostgreSQL's search index keeps lexeme codes, not lexemes (issue 17).

Each entry's document becomes the sorted codes (``int2[]``, the low 14 bits of each
lexeme's CRC-32, ``editorial.search.text.lexeme_code``) of the lexemes the tsvector
held, and a code of the year of the article's issue (``year_code``): many lexemes share a code, a candidate is confirmed on its text anyway, and
the index is a third of the size and builds several times faster. ``spaced`` tells
whether layout spaces break a run of CJK characters in the article's text, where a
phrase is otherwise not looked for; ``folded`` whether the text must be normalized
before a word is looked for in it. The entries are written afresh and the GIN
index built again, its statistics covering every code. Undone, the documents are
tsvectors of the lexemes again. SQLite's index (FTS5) is not touched.
"""

import importlib

import django.contrib.postgres.fields
from django.db import migrations, models

GIN_INDEX = "search_entry_document_gin"
TABLE = "editorial_articlesearchentry"
BATCH = 500
# Enough for the planner's statistics to keep every one of the 16,384 codes.
STATISTICS = 2000

_articles = importlib.import_module("editorial.migrations.0018_search_speed")._articles


def _write_entries(apps, schema_editor, column_type: str, document) -> None:
    """Every entry afresh, ``document(fields)`` giving its document (cast to
    ``column_type``) and ``spaced``, then the GIN index."""
    from editorial.search.text import article_fields

    # The deferred foreign-key checks first: no ALTER on a table with pending events.
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    schema_editor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")
    schema_editor.execute(f"DELETE FROM {TABLE}")
    schema_editor.execute(
        f"ALTER TABLE {TABLE} ALTER COLUMN document TYPE {column_type} USING NULL"
    )
    sql = (
        f"INSERT INTO {TABLE} (signed_article_id, issue_id, issue_order, names, document,"
        f" spaced, folded) VALUES (%s, %s, %s, %s, %s::{column_type}, %s, %s)"
    )
    rows = []
    with schema_editor.connection.cursor() as cursor:
        for article, names in _articles(apps):
            text, spaced, folded = document(article_fields(article, names), article.issue_order)
            rows.append(
                (
                    article.pk,
                    article.signed_issue_id,
                    article.issue_order,
                    "、".join(names),
                    text,
                    spaced,
                    folded,
                )
            )
            if len(rows) == BATCH:
                cursor.executemany(sql, rows)
                rows.clear()
        if rows:
            cursor.executemany(sql, rows)
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    schema_editor.execute(f"CREATE INDEX {GIN_INDEX} ON {TABLE} USING gin (document)")


def _codes(fields, order):
    from editorial.search.text import document_codes

    document = document_codes(fields, order // 100_000)  # the year of the issue
    return document.codes, document.spaced, document.folded


def _lexemes(fields, _order):
    from editorial.search.text import document_literal

    return document_literal(fields), False, False


def to_codes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _write_entries(apps, schema_editor, "int2[]", _codes)
        schema_editor.execute(
            f"ALTER TABLE {TABLE} ALTER COLUMN document SET STATISTICS {STATISTICS}"
        )
        schema_editor.execute(f"ANALYZE {TABLE}")


def to_lexemes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _write_entries(apps, schema_editor, "tsvector", _lexemes)
        schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN document SET STATISTICS -1")


class Migration(migrations.Migration):
    dependencies = [("editorial", "0018_search_speed")]

    operations = [
        migrations.AddField(
            model_name="articlesearchentry",
            name="folded",
            field=models.BooleanField(
                default=False, help_text="Normalizing changes a letter, digit or space of the text."
            ),
        ),
        migrations.AddField(
            model_name="articlesearchentry",
            name="spaced",
            field=models.BooleanField(
                default=False, help_text="Layout spaces break some run of CJK characters."
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="articlesearchentry",
                    name="document",
                    field=django.contrib.postgres.fields.ArrayField(
                        base_field=models.SmallIntegerField(), size=None
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(to_codes, to_lexemes)],
        ),
    ]
