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
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from editorial.content.models import Article
from editorial.output import printed
from editorial.signed.models import IssueVersion, SignedArticle, SignedIssue
from editorial.workflow.models import IssueTransition

from .old_database import OLD_STATE, OldDatabase, Planted

# Transactional: the migrations run outside a transaction, and these tests run
# with the other transactional ones, after which the database is emptied anyway.
pytestmark = pytest.mark.django_db(transaction=True)

# {table: {primary key: {column: value}}}
Snapshot = dict[str, dict[tuple, dict]]
DROPPED = object()
MASTHEAD = ("series", "year", "number", "cumulative_number", "issue_date", "title")
MASTHEAD += ("publisher", "print_run")
PRINTED = ("position", "kind", "title", "subtitle", "byline", "body", "source_text", "credit")


@dataclass
class ReadBack:
    """What the migrated database holds, read through today's models."""

    # Issue id -> its reader's copy, and the newest signed version, in one form.
    copies: dict[int, dict]
    newest: dict[int, dict]
    # Article id -> the tags of its reader's copy; of its working copy.
    copy_tags: dict[int, list[str]]
    live_tags: dict[int, list[str]]
    live_titles: dict[int, str]
    # Workflow step id -> its action name.
    actions: dict[int, str]
    # Issue id -> the labels of its reader's copy's 版记 distribution rows.
    distribution_labels: dict[int, list[str]]


@dataclass
class Migrated:
    before: Snapshot
    after: Snapshot
    planted: Planted
    read: ReadBack


def migrate_to_leaves():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


@pytest.fixture(scope="module")
def migrated(django_db_setup, django_db_blocker):
    """The old database migrated forward, once for all the tests here: its rows
    before and after, and what today's models read from it.

    Each transactional test empties the database when it ends, so everything the
    tests look at is read before the first one does. The database is left at the
    newest schema.
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
            yield Migrated(before, snapshot(), planted, read_back(planted))
        finally:
            migrate_to_leaves()


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


# Derived tables, rebuilt by the migrations from what they derive from (the
# search index: from the readers' copies, by 0011); their rows are not records.
DERIVED = {"editorial_articlesearchentry"}


def lost_or_changed(before: Snapshot, after: Snapshot) -> list[str]:
    problems = []
    for table, rows in before.items():
        if table in DERIVED:
            continue
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


def read_back(planted: Planted) -> ReadBack:
    issues = planted.issues.values()
    newest = {}
    for version in IssueVersion.objects.filter(issue__in=issues).order_by("sequence"):
        newest[version.issue_id] = as_signed(version)
    signed_articles = SignedArticle.objects.filter(signed_issue__in=issues)
    live_articles = Article.objects.filter(section__issue__in=issues)
    return ReadBack(
        copies={copy.pk: readers_copy(copy) for copy in SignedIssue.objects.filter(pk__in=issues)},
        newest=newest,
        copy_tags={
            article.article_id: sorted(tag.name for tag in article.tags.all())
            for article in signed_articles.prefetch_related("tags")
        },
        live_tags={article.pk: sorted(article.tags.names()) for article in live_articles},
        live_titles=dict(live_articles.values_list("pk", "title")),
        actions=dict(IssueTransition.objects.values_list("pk", "action")),
        distribution_labels=distribution_labels(issues),
    )


def distribution_labels(issues) -> dict[int, list[str]]:
    with translation.override("zh-hans"):
        return {
            pk: [label for label, _names in printed.distribution_rows(printed.signed_copy(pk))]
            for pk in SignedIssue.objects.filter(pk__in=issues).values_list("pk", flat=True)
        }


def as_signed(version: IssueVersion) -> dict:
    """A reader's copy as the version describes it."""
    content = version.content
    return {
        "version": version.pk,
        "signed": (version.signer_name, version.signed_at),
        "masthead": {name: content[name] for name in MASTHEAD},
        "articles": [
            {
                "section": (section["id"], section["name"], section["position"]),
                "id": article["id"],
                **{name: article[name] for name in PRINTED},
                "sources": article["sources"],
            }
            for section in content["sections"]
            for article in section["articles"]
        ],
    }


def readers_copy(copy: SignedIssue) -> dict:
    """The reader's copy, in the form of ``as_signed``."""
    masthead = {name: getattr(copy, name) for name in MASTHEAD}
    masthead["issue_date"] = copy.issue_date and copy.issue_date.isoformat()
    articles = copy.articles.order_by("section_position", "position").prefetch_related("sources")
    described = {
        "version": copy.version_id,
        "signed": (copy.signer_name, copy.signed_at),
        "masthead": masthead,
        "articles": [
            {
                "section": (article.section_id, article.section_name, article.section_position),
                "id": article.article_id,
                **{name: getattr(article, name) for name in PRINTED},
                "sources": [source.name for source in article.sources.all()],
            }
            for article in articles
        ],
    }
    assert copy.article_count == len(described["articles"])
    return described


def test_every_row_of_every_table_is_kept_with_its_values(migrated):
    assert len(migrated.before["editorial_article"]) == 12
    assert len(migrated.before["editorial_issueversion"]) == 7

    problems = lost_or_changed(migrated.before, migrated.after)
    assert not problems, "\n".join(problems)


def test_each_signed_issue_gets_a_readers_copy_of_its_newest_version(migrated):
    assert len(migrated.read.newest) == 4

    for issue_id, version in migrated.read.newest.items():
        assert migrated.read.copies[issue_id] == version


def test_an_issue_edited_since_its_sign_off_shows_readers_the_text_as_signed(migrated):
    planted = migrated.planted
    copy = migrated.read.copies[planted.issues["edited"]]
    titles = {article["id"]: article["title"] for article in copy["articles"]}

    assert titles[planted.edited_article] == planted.signed_title
    assert migrated.read.live_titles[planted.edited_article] == planted.live_title
    assert "一篇后来删去的稿件" in titles.values()
    assert "未签发的文章" not in titles.values()


def test_an_issue_never_signed_has_no_readers_copy(migrated):
    assert migrated.planted.issues["draft"] not in migrated.read.copies


def test_articles_of_readers_copies_carry_the_tags_readers_saw(migrated):
    copy_tags, live_tags = migrated.read.copy_tags, migrated.read.live_tags
    still_live = {pk: names for pk, names in copy_tags.items() if pk in live_tags}

    assert sum(map(len, copy_tags.values())) == 5
    assert still_live == {pk: live_tags[pk] for pk in still_live}


def test_a_signed_source_keeps_its_name_after_its_organization_was_merged(migrated):
    copy = migrated.read.copies[migrated.planted.issues["sample 2007"]]
    sources = {article["title"]: article["sources"] for article in copy["articles"]}

    assert sources["市总工会认真传达市领导干部学习会议精神"] == [
        migrated.planted.merged_source_name
    ]


def test_each_recorded_step_is_named_for_the_step_it_was(migrated):
    named = {pk: migrated.read.actions[pk] for pk in migrated.planted.actions}

    assert named == migrated.planted.actions


def test_distribution_lists_signed_before_categories_print_one_line_as_before(migrated):
    assert len(migrated.read.distribution_labels) == 4
    for labels in migrated.read.distribution_labels.values():
        assert labels == ["本期印发："]
