"""A leaner search index on PostgreSQL, and an FTS5 index on SQLite (issue 17).

PostgreSQL: each entry's tsvector keeps every lexeme of the article once, without
positions (a phrase is confirmed on the candidates' text), and the entry keeps the
names its sources are found by (``names``). The entries are written afresh and the
GIN index built again. Undone, the entries get back their weighted positions.

SQLite: the FTS5 table ``editorial_search_fts5`` holds each signed article's token
streams (``editorial.search.text.token_stream``), its rowid the signed article's id,
and a trigger deletes a signed article's row with it. Undone, table and trigger go.
"""

from django.db import migrations, models

GIN_INDEX = "search_entry_document_gin"
TABLE = "editorial_articlesearchentry"
FTS5_TABLE = "editorial_search_fts5"
FTS5_COLUMNS = ("title", "subtitle", "byline", "sources", "body")
FTS5_TRIGGER = "editorial_search_fts5_delete"
BATCH = 500


def _articles(apps):
    """(signed article, the names its sources are found by) for every signed article."""
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
        names.setdefault(article_id, []).extend([name, *known.get(organization_id, [])])
    for article in SignedArticle.objects.order_by("pk").iterator(chunk_size=BATCH):
        yield article, list(dict.fromkeys(names.get(article.pk, [])))


def _insert(connection, sql, rows):
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)
        rows.clear()


def _write_entries(apps, schema_editor, literal) -> None:
    """Every PostgreSQL entry afresh (``literal(article, names)`` its document), then the
    GIN index."""
    schema_editor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")
    schema_editor.execute(f"DELETE FROM {TABLE}")
    sql = (
        f"INSERT INTO {TABLE} (signed_article_id, issue_id, issue_order, names, document)"
        " VALUES (%s, %s, %s, %s, %s::tsvector)"
    )
    rows = []
    for article, names in _articles(apps):
        rows.append(
            (
                article.pk,
                article.signed_issue_id,
                article.issue_order,
                "、".join(names),
                literal(article, names),
            )
        )
        if len(rows) == BATCH:
            _insert(schema_editor.connection, sql, rows)
    _insert(schema_editor.connection, sql, rows)
    # The deferred foreign-key checks first: no index on a table with pending events.
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    schema_editor.execute(f"CREATE INDEX {GIN_INDEX} ON {TABLE} USING gin (document)")


def _lexemes(article, names):
    from editorial.search.text import article_fields, document_literal

    return document_literal(article_fields(article, names))


def _positions(article, names):
    """The document as migration 0011 wrote it: each lexeme with its positions, each
    marked with its field's weight."""
    from editorial.search.text import tokenize

    fields = [
        (article.title, "A"),
        (article.subtitle, "B"),
        (article.byline, "B"),
        ("、".join([article.source_text, article.credit, *names]), "C"),
        (article.body, "D"),
    ]
    parts, start = [], 1
    for text, weight in fields:
        if not text:
            continue
        tokens, end = tokenize(text, start)
        suffix = "" if weight == "D" else weight
        for token in tokens:
            lexeme = token.lexeme.replace("\\", "\\\\").replace("'", "''")
            parts.append(f"'{lexeme}':{min(token.position, 16383)}{suffix}")
        start = end + 2
    return " ".join(parts)


def index_afresh(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # Kept uncompressed: bigrams hardly compress, and a search decompresses none.
        # (The deferred foreign-key checks first: no ALTER on a table with pending events.)
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN document SET STORAGE EXTERNAL")
        _write_entries(apps, schema_editor, _lexemes)
        return
    from editorial.search.text import article_fields, token_stream

    columns = ", ".join(FTS5_COLUMNS)
    schema_editor.execute(
        f"CREATE VIRTUAL TABLE {FTS5_TABLE} USING fts5({columns}, tokenize = 'ascii')"
    )
    schema_editor.execute(
        f"CREATE TRIGGER {FTS5_TRIGGER} AFTER DELETE ON editorial_signedarticle BEGIN"
        f" DELETE FROM {FTS5_TABLE} WHERE rowid = old.id; END"
    )
    sql = (
        f"INSERT INTO {FTS5_TABLE} (rowid, {columns})"
        f" VALUES (%s, {', '.join(['%s'] * len(FTS5_COLUMNS))})"
    )
    rows = []
    for article, names in _articles(apps):
        rows.append(
            (article.pk, *(token_stream(text) for text, _ in article_fields(article, names)))
        )
        if len(rows) == BATCH:
            _insert(schema_editor.connection, sql, rows)
    _insert(schema_editor.connection, sql, rows)


def index_as_before(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN document SET STORAGE EXTENDED")
        _write_entries(apps, schema_editor, _positions)
        return
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {FTS5_TRIGGER}")
    schema_editor.execute(f"DROP TABLE IF EXISTS {FTS5_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("editorial", "0017_legacy_followups")]

    operations = [
        migrations.AddField(
            model_name="articlesearchentry",
            name="names",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RunPython(index_afresh, index_as_before),
    ]
