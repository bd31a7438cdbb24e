"""A database made by the code before the restructure (schema ``editorial 0009``)
migrates forward to the newest migrations with nothing lost, and gains what the
migrations derive from it: each signed issue's reader's copy, built from its
newest signed version, and a name for each recorded workflow step.

The old database is built as that code built it: the test database is migrated
back to 0009 and filled through the historical models of that state
(``old_database``). Every row of every table is read with raw SQL before and
after migrating forward to the leaf nodes (so migrations added later are covered
too) and compared column by column; new columns may appear.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from editorial.content.models import Article
from editorial.signed.models import IssueVersion, SignedArticle, SignedIssue
from editorial.workflow.models import IssueTransition

from .old_database import OLD_STATE, OldDatabase, Planted

# The tests only read what the module's fixture migrated (and cleans up after).
pytestmark = pytest.mark.django_db

# {table: {primary key: {column: value}}}
Snapshot = dict[str, dict[tuple, dict]]
DROPPED = object()


@dataclass
class Migrated:
    before: Snapshot
    after: Snapshot
    planted: Planted


def migrate_to_leaves():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


@pytest.fixture(scope="module")
def migrated(django_db_setup, django_db_blocker):
    """The old database migrated forward once for all the tests here: its rows
    before, and its rows after.

    Migrating needs the database outside a transaction (SQLite cannot change its
    schema inside one), as a transactional test has it; afterwards the database is
    left at the newest schema and emptied, as a transactional test leaves it.
    """
    with django_db_blocker.unblock():
        try:
            executor = MigrationExecutor(connection)
            executor.migrate([OLD_STATE])
            executor.loader.build_graph()
            state = executor.loader.project_state(list(executor.loader.applied_migrations))
            planted = OldDatabase(state.apps).build()
            before = snapshot()
            migrate_to_leaves()
            yield Migrated(before, snapshot(), planted)
        finally:
            migrate_to_leaves()
            call_command("flush", interactive=False, verbosity=0)


def snapshot() -> Snapshot:
    """Every row of every table, read with SQL (no model stands between)."""
    tables = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            key = connection.introspection.get_primary_key_columns(cursor, table)
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            columns = [column[0] for column in cursor.description]
            rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
            tables[table] = {tuple(row[name] for name in key or columns): row for row in rows}
    return tables


def lost_or_changed(before: Snapshot, after: Snapshot) -> list[str]:
    problems = []
    for table, rows in before.items():
        if table not in after:
            problems.append(f"{table}: dropped with its {len(rows)} rows")
            continue
        for key, row in rows.items():
            now = after[table].get(key)
            if now is None:
                problems.append(f"{table} {key}: row lost: {row}")
                continue
            problems.extend(
                f"{table} {key} {column}: {value!r} is now "
                + ("dropped" if now.get(column, DROPPED) is DROPPED else repr(now[column]))
                for column, value in row.items()
                if now.get(column, DROPPED) != value
            )
    return problems


def newest_versions(planted: Planted) -> dict[int, IssueVersion]:
    newest = {}
    for version in IssueVersion.objects.filter(issue__in=planted.issues.values()).order_by(
        "sequence"
    ):
        newest[version.issue_id] = version
    return newest


def as_signed(content: dict) -> dict:
    """A reader's copy as the version's content describes it."""
    return {
        "masthead": {
            name: content[name]
            for name in (
                "series",
                "year",
                "number",
                "cumulative_number",
                "issue_date",
                "title",
                "publisher",
                "print_run",
            )
        },
        "articles": [
            {
                "section": (section["id"], section["name"], section["position"]),
                "id": article["id"],
                **{
                    name: article[name]
                    for name in (
                        "position",
                        "kind",
                        "title",
                        "subtitle",
                        "byline",
                        "body",
                        "source_text",
                        "credit",
                    )
                },
                "sources": article["sources"],
            }
            for section in content["sections"]
            for article in section["articles"]
        ],
    }


def readers_copy(signed: SignedIssue) -> dict:
    issue_date = signed.issue_date.isoformat() if signed.issue_date else None
    return {
        "masthead": {
            "series": signed.series,
            "year": signed.year,
            "number": signed.number,
            "cumulative_number": signed.cumulative_number,
            "issue_date": issue_date,
            "title": signed.title,
            "publisher": signed.publisher,
            "print_run": signed.print_run,
        },
        "articles": [
            {
                "section": (article.section_id, article.section_name, article.section_position),
                "id": article.article_id,
                "position": article.position,
                "kind": article.kind,
                "title": article.title,
                "subtitle": article.subtitle,
                "byline": article.byline,
                "body": article.body,
                "source_text": article.source_text,
                "credit": article.credit,
                "sources": [source.name for source in article.sources.order_by("position")],
            }
            for article in signed.articles.order_by("section_position", "position")
        ],
    }


def test_every_row_of_every_table_is_kept_with_its_values(migrated):
    assert len(migrated.before["editorial_article"]) == 12
    assert len(migrated.before["editorial_issueversion"]) == 7

    problems = lost_or_changed(migrated.before, migrated.after)
    assert not problems, "\n".join(problems)


def test_each_signed_issue_gets_a_readers_copy_of_its_newest_version(migrated):
    newest = newest_versions(migrated.planted)
    assert len(newest) == 4

    for issue_id, version in newest.items():
        signed = SignedIssue.objects.get(pk=issue_id)
        assert signed.version == version
        assert (signed.signer_name, signed.signed_at) == (version.signer_name, version.signed_at)
        assert signed.article_count == len(as_signed(version.content)["articles"])
        assert readers_copy(signed) == as_signed(version.content)


def test_an_issue_edited_since_its_sign_off_shows_readers_the_text_as_signed(migrated):
    planted = migrated.planted
    copy = SignedIssue.objects.get(pk=planted.issues["edited"])

    assert copy.articles.get(article_id=planted.edited_article).title == planted.signed_title
    assert Article.objects.get(pk=planted.edited_article).title == planted.live_title
    titles = set(copy.articles.values_list("title", flat=True))
    assert "一篇后来删去的稿件" in titles
    assert "未签发的文章" not in titles


def test_an_issue_never_signed_has_no_readers_copy(migrated):
    assert not SignedIssue.objects.filter(pk=migrated.planted.issues["draft"]).exists()


def test_articles_of_readers_copies_carry_the_tags_readers_saw(migrated):
    copies = SignedArticle.objects.filter(signed_issue__in=migrated.planted.issues.values())
    tagged = {
        article.article_id: sorted(tag.name for tag in article.tags.all())
        for article in copies.prefetch_related("tags")
    }
    live = {
        article.pk: sorted(article.tags.names())
        for article in Article.objects.filter(pk__in=tagged)
    }

    assert sum(map(len, tagged.values())) == 5
    assert {pk: names for pk, names in tagged.items() if pk in live} == live


def test_a_signed_source_keeps_its_name_after_its_organization_was_merged(migrated):
    source = SignedArticle.objects.get(title="市总工会认真传达市领导干部学习会议精神").sources.get()

    assert source.name == migrated.planted.merged_source_name


def test_each_recorded_step_is_named_for_the_step_it_was(migrated):
    named = dict(
        IssueTransition.objects.filter(pk__in=migrated.planted.actions).values_list("pk", "action")
    )

    assert named == migrated.planted.actions
