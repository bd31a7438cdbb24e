"""The search index reads the reader's copy: its entries belong to signed articles.

Until now an entry belonged to a live article and followed every save of the
working copy (patched with the signed text while an issue had unsigned
changes). Now it belongs to a ``SignedArticle`` and is written with the
reader's copy at each sign-off. The table is made afresh and, on PostgreSQL,
filled from the signed articles, then its GIN index is built (faster than
filling an indexed table). SQLite searches the signed articles directly and
leaves the table empty.
"""

import importlib

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

GIN_INDEX = "search_entry_document_gin"
TABLE = "editorial_articlesearchentry"
BATCH = 500

# Migration 0004 indexed the live articles: undoing this one does it again.
LIVE_INDEX = importlib.import_module("editorial.migrations.0004_article_search_entry")


def index_signed_articles(apps, schema_editor):
    """PostgreSQL only: an entry for every signed article, then the GIN index."""
    if schema_editor.connection.vendor != "postgresql":
        return
    from editorial.search.text import article_fields, document_literal

    SignedArticle = apps.get_model("editorial", "SignedArticle")
    SignedArticleSource = apps.get_model("editorial", "SignedArticleSource")
    SourceOrganization = apps.get_model("editorial", "SourceOrganization")
    OrganizationAlias = apps.get_model("editorial", "OrganizationAlias")
    known = {}
    for pk, name, short_name in SourceOrganization.objects.values_list("pk", "name", "short_name"):
        known[pk] = [name, *([short_name] if short_name else [])]
    aliases = OrganizationAlias.objects.order_by("organization_id", "name")
    for organization_id, alias in aliases.values_list("organization_id", "name"):
        known.setdefault(organization_id, []).append(alias)
    names = {}
    sources = SignedArticleSource.objects.values_list("article_id", "name", "organization_id")
    for article_id, name, organization_id in sources.order_by("article_id", "position"):
        found = names.setdefault(article_id, [])
        found.extend([name, *known.get(organization_id, [])])
    sql = (
        f"INSERT INTO {TABLE} (signed_article_id, issue_id, issue_order, document)"
        " VALUES (%s, %s, %s, %s::tsvector)"
    )
    rows = []
    for article in SignedArticle.objects.order_by("pk").iterator(chunk_size=BATCH):
        source_names = list(dict.fromkeys(names.get(article.pk, [])))
        literal = document_literal(article_fields(article, source_names))
        rows.append((article.pk, article.signed_issue_id, article.issue_order, literal))
        if len(rows) == BATCH:
            _insert(schema_editor, sql, rows)
    _insert(schema_editor, sql, rows)
    # The deferred foreign-key checks first: no index on a table with pending events.
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    schema_editor.execute(f"CREATE INDEX {GIN_INDEX} ON {TABLE} USING gin (document)")


def _insert(schema_editor, sql, rows):
    if rows:
        with schema_editor.connection.cursor() as cursor:
            cursor.executemany(sql, rows)
        rows.clear()


def index_live_articles(apps, schema_editor):
    """Back to migration 0004's index of the live articles (PostgreSQL)."""
    LIVE_INDEX.create_index(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0010_reader_copy_and_audit"),
    ]

    operations = [
        # Dropping the table drops its GIN index with it.
        migrations.RunPython(migrations.RunPython.noop, index_live_articles),
        migrations.DeleteModel(name="ArticleSearchEntry"),
        migrations.CreateModel(
            name="ArticleSearchEntry",
            fields=[
                (
                    "signed_article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="editorial.signedarticle",
                    ),
                ),
                (
                    "issue_order",
                    models.BigIntegerField(help_text="year * 100000 + number: newest is highest"),
                ),
                ("document", django.contrib.postgres.search.SearchVectorField()),
                (
                    "issue",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="editorial.issue",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["issue_order", "signed_article"], name="search_entry_order_idx"
                    )
                ],
            },
        ),
        migrations.RunPython(index_signed_articles, migrations.RunPython.noop),
    ]
