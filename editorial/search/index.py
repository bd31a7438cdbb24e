"""Keeping the search index equal to the reader's copy, on PostgreSQL and SQLite.

The index is a function of the signed articles alone, so it changes only when
they do, and when the names they are found by do:

- a sign-off rewrites an issue's reader's copy (``editorial.signed.publish``)
  and then its entries (``index_copy``, called by
  ``editorial.workflow.signoff.sign`` in the same transaction, and so by the
  legacy importer, which signs what it imports);
- a source is found by the name it was signed with, and by its
  organization's short name and aliases — finding aids, never printed:
  changing the aliases re-indexes the signed articles crediting it
  (``reindex_organization``, through ``connect``); renaming or merging an
  organization changes what issues print, so it reaches the index, like
  readers, when an issue crediting it is signed again;
- ``rebuild_index`` writes every entry afresh (a restored archive, a repair).

Edits of the working copy never touch the index: readers do not see them until
they are signed off. Replacing a reader's copy deletes its signed articles and,
with them, their entries (a foreign key on PostgreSQL, a trigger on SQLite).

The index is ``ArticleSearchEntry`` on PostgreSQL (the code of each lexeme of an
article once, in a GIN-indexed ``int2[]``) and the FTS5 table ``FTS5_TABLE`` on SQLite (each
field's token stream); both are written here, by the same calls.
"""

from __future__ import annotations

import collections
import concurrent.futures
import multiprocessing
import types

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from editorial.content.models import OrganizationAlias, SourceOrganization
from editorial.cores import usable_cores
from editorial.search.models import FTS5_COLUMNS, FTS5_TABLE, ArticleSearchEntry
from editorial.search.text import Document, article_fields, document_codes, token_stream
from editorial.signed.models import SignedArticle, SignedArticleSource, SignedIssue
from editorial.signed.publish import order_year

GIN_INDEX = "search_entry_document_gin"  # created by migrations 0004, 0011, 0018 and 0019
# Rows per INSERT statement: one statement per row costs more than the row itself.
BATCH = 500
# The text of a signed article that is indexed (its sources come apart).
INDEXED_FIELDS = ("title", "subtitle", "byline", "body", "source_text", "credit")


def _postgresql() -> bool:
    return connection.vendor == "postgresql"


def index_copy(signed: SignedIssue, organizations=()) -> int:
    """Write the entries of a reader's copy just written by ``publish_copy``.

    The text comes from the signed version's content, which the sign-off holds
    in memory (``signed.version``), not from the rows read back; the rows' ids
    come from ``publish_copy`` (``written_articles``), or are read when it did
    not leave them. The names its sources are found by are read, but for those
    of ``organizations``, read in this transaction with their aliases
    (``SourceOrganization.objects.with_alias_names``). Call it in the transaction
    that wrote the copy. Returns how many entries were written.
    """
    records = [
        record for section in signed.version.content["sections"] for record in section["articles"]
    ]
    written = getattr(signed, "written_articles", None)
    fresh = written is not None and all(article.pk for article in written)
    if fresh:
        signed_ids = {article.article_id: article.pk for article in written}
    else:
        signed_ids = dict(
            SignedArticle.objects.filter(signed_issue=signed).values_list("article_id", "pk")
        )
    names = _organization_names(
        {pk for record in records for pk in record.get("source_ids") or () if pk is not None},
        organizations,
    )
    rows = []
    for record in records:
        text = types.SimpleNamespace(**{name: record[name] for name in INDEXED_FIELDS})
        ids = record.get("source_ids") or [None] * len(record["sources"])
        sources = _source_names(zip(record["sources"], ids, strict=True), names)
        rows.append((signed_ids[record["id"]], signed.pk, signed.issue_order, text, sources))
    # Rows just written have no entries yet: nothing to replace.
    return _write(rows, new=fresh)


def reindex_issues(issue_ids) -> int:
    """Write the entries of these issues' readers' copies afresh, from their rows."""
    articles = SignedArticle.objects.filter(signed_issue__in=list(issue_ids))
    return _reindex(articles.order_by("pk").values_list("pk", flat=True))


def reindex_organization(organization_id) -> int:
    """Write afresh the entries of the signed articles crediting this organization
    (its aliases changed)."""
    credited = SignedArticleSource.objects.filter(organization_id=organization_id)
    return _reindex(credited.order_by("article_id").values_list("article_id", flat=True).distinct())


def rebuild_index() -> int:
    """Index every signed article afresh (after restoring an archive, or to repair).

    Inserting into a GIN index row by row costs far more than building it once, so
    the index is dropped, the entries written, and the index built again, all in
    one transaction; a large archive's documents are computed by one worker
    process per core meanwhile. Searches wait for it (the table is locked), so run
    it when the site is quiet.
    """
    if not _postgresql():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS5_TABLE}")
            return _reindex(SignedArticle.objects.order_by("pk").values_list("pk", flat=True))
    table = ArticleSearchEntry._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        # Foreign keys checked at once from here on, those pending included: PostgreSQL
        # will not truncate or index a table with pending trigger events.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")
        cursor.execute(f"TRUNCATE {table}")
        signed_ids = SignedArticle.objects.order_by("pk").values_list("pk", flat=True)
        if len(signed_ids) >= PARALLEL_FROM and PARALLEL > 1:
            written = _rebuild_postgresql(signed_ids)
        else:
            written = _reindex(signed_ids)
        # The build sorts every (lexeme, row) pair: in memory, not in many temporary files.
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        cursor.execute(f"CREATE INDEX {GIN_INDEX} ON {table} USING gin (document)")
        # How common each code is, which the search's first window is chosen by.
        cursor.execute(f"ANALYZE {table}")
    return written


def _reindex(signed_ids) -> int:
    """Write the entries of these signed articles from their rows, a batch at a time."""
    return sum(_write(rows) for rows in _batches(signed_ids))


def _batches(signed_ids):
    """The rows ``_write`` takes for these signed articles, read a batch at a time."""
    signed_ids = list(signed_ids)
    for start in range(0, len(signed_ids), BATCH):
        batch = signed_ids[start : start + BATCH]
        articles = SignedArticle.objects.filter(pk__in=batch).only(
            "signed_issue_id", "issue_order", *INDEXED_FIELDS
        )
        links = SignedArticleSource.objects.filter(article__in=batch).order_by(
            "article", "position"
        )
        credited: dict[int, list[tuple[str, int | None]]] = {}
        for article_id, name, organization_id in links.values_list(
            "article_id", "name", "organization_id"
        ):
            credited.setdefault(article_id, []).append((name, organization_id))
        names = _organization_names(
            {pk for pairs in credited.values() for _, pk in pairs if pk is not None}
        )
        yield [
            (
                article.pk,
                article.signed_issue_id,
                article.issue_order,
                article,
                _source_names(credited.get(article.pk, ()), names),
            )
            for article in articles
        ]


def _rebuild_postgresql(signed_ids) -> int:
    """Write the entries of these signed articles, their documents computed by worker
    processes, one per core, while this one reads the next rows and writes the last.
    (Computing the documents is most of the work, and pure Python.)"""
    written = 0
    with _workers() as workers, connection.cursor() as cursor:
        pending: collections.deque = collections.deque()

        def write_oldest():
            rows, documents = pending.popleft()
            _write_postgresql(cursor, rows, documents.result())
            return len(rows)

        for rows in _batches(signed_ids):
            texts = [_text_of(row) for row in rows]
            pending.append((rows, workers.submit(_documents, texts)))
            if len(pending) > PARALLEL:
                written += write_oldest()
        while pending:
            written += write_oldest()
    return written


# Worker processes that compute documents in a rebuild (``_rebuild_postgresql``), and
# the number of signed articles from which they are worth starting.
PARALLEL = usable_cores()
PARALLEL_FROM = 4 * BATCH


def _workers() -> concurrent.futures.Executor:
    # Forked: a worker runs pure Python on what it is sent, and never the database.
    return concurrent.futures.ProcessPoolExecutor(
        PARALLEL, mp_context=multiprocessing.get_context("fork")
    )


def _text_of(row) -> tuple[list[tuple[str, str]], int]:
    """What an entry's document is cut from, for a row as ``_write`` takes it: the
    article's searchable fields and the year of its issue."""
    _signed_id, _issue_id, order, article, source_names = row
    return article_fields(article, source_names), order_year(order)


def _documents(texts) -> list[Document]:
    """The documents of (fields, year) pairs (``_text_of``): a worker's part of a
    rebuild, or done in place."""
    return [document_codes(fields, year) for fields, year in texts]


def _organization_names(organization_ids, loaded=()) -> dict[int, list[str]]:
    """Each organization's short name and aliases: what its articles are found by
    beside the name signed (read, but for those ``loaded`` with their
    ``alias_names``). Not its present name: a rename is found once signed."""
    found = {organization.pk: organization for organization in loaded}
    missing = set(organization_ids) - found.keys()
    if missing:
        read = SourceOrganization.objects.filter(pk__in=missing).with_alias_names()
        found.update((organization.pk, organization) for organization in read)
    return {
        pk: [*([o.short_name] if o.short_name else []), *o.alias_names]
        for pk, o in found.items()
        if pk in organization_ids
    }


def _source_names(credited, names: dict[int, list[str]]) -> list[str]:
    """The names a signed article's sources are found by: each as signed, then its
    organization's other names, each name once."""
    found: list[str] = []
    for signed_name, organization_id in credited:
        found.append(signed_name)
        found.extend(names.get(organization_id, ()))
    return list(dict.fromkeys(found))


def _write(rows: list[tuple], new: bool = False) -> int:
    """Insert or replace entries: (signed article id, issue id, issue order, the article
    or just its ``INDEXED_FIELDS`` as attributes, the names its sources are found by);
    ``new``: none of them has an entry yet."""
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            if _postgresql() and new:
                _copy_postgresql(cursor, batch)
            elif _postgresql():
                _write_postgresql(cursor, batch)
            else:
                _write_fts5(cursor, batch)
    return len(rows)


def _write_postgresql(cursor, rows, documents: list[Document] | None = None) -> None:
    """Insert or replace these entries; ``documents`` are theirs, if already computed."""
    table = ArticleSearchEntry._meta.db_table
    values = ", ".join(["(%s, %s, %s, %s, %s::int2[], %s, %s)"] * len(rows))
    if documents is None:
        documents = _documents(map(_text_of, rows))
    params = []
    for (signed_id, issue_id, order, _, source_names), document in zip(
        rows, documents, strict=True
    ):
        params += [signed_id, issue_id, order, "、".join(source_names)]
        params += [document.codes, document.spaced, document.folded]
    cursor.execute(
        f"INSERT INTO {table} (signed_article_id, issue_id, issue_order, names, document,"
        f" spaced, folded) VALUES {values} ON CONFLICT (signed_article_id) DO UPDATE SET "
        "issue_id = EXCLUDED.issue_id, issue_order = EXCLUDED.issue_order, "
        "names = EXCLUDED.names, document = EXCLUDED.document, spaced = EXCLUDED.spaced, "
        "folded = EXCLUDED.folded",
        params,
    )


def _copy_postgresql(cursor, rows) -> None:
    """Insert these new entries by ``COPY``: half the driver's work of the ``INSERT`` of
    ``_write_postgresql``, which cannot be cached for more than 50 parameters and is
    parsed anew each time."""
    table = ArticleSearchEntry._meta.db_table
    columns = "signed_article_id, issue_id, issue_order, names, document, spaced, folded"
    documents = _documents(map(_text_of, rows))
    with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for (signed_id, issue_id, order, _, names), doc in zip(rows, documents, strict=True):
            copy.write_row(
                (signed_id, issue_id, order, "、".join(names), doc.codes, doc.spaced, doc.folded)
            )


def _write_fts5(cursor, rows) -> None:
    ids = [row[0] for row in rows]
    cursor.execute(f"DELETE FROM {FTS5_TABLE} WHERE rowid IN ({', '.join(['%s'] * len(ids))})", ids)
    columns = ", ".join(FTS5_COLUMNS)
    marks = "(" + ", ".join(["%s"] * (len(FTS5_COLUMNS) + 1)) + ")"
    params = []
    for signed_id, _issue_id, _order, article, source_names in rows:
        params.append(signed_id)
        params += [token_stream(text) for text, _ in article_fields(article, source_names)]
    cursor.execute(
        f"INSERT INTO {FTS5_TABLE} (rowid, {columns}) VALUES {', '.join([marks] * len(rows))}",
        params,
    )


# --- Organizations given other names ---------------------------------------------------


def _alias_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        reindex_organization(instance.organization_id)


def connect() -> None:
    """Re-index an organization's signed articles when its aliases change."""
    uid = "editorial.search.index"
    post_save.connect(_alias_changed, sender=OrganizationAlias, dispatch_uid=uid)
    post_delete.connect(_alias_changed, sender=OrganizationAlias, dispatch_uid=uid)
