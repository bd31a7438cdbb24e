"""What the search index stores: on PostgreSQL, for an article's text, each lexeme
once, without positions, and the names its sources are found by; on SQLite, the
token streams of its fields in an FTS5 table. For each issue, an entry per article
of its reader's copy, written at each sign-off."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from editorial.content.models import Article
from editorial.search import index
from editorial.search.models import FTS5_TABLE, ArticleSearchEntry
from editorial.search.text import document_literal
from editorial.signed.models import SignedArticle
from editorial.workflow import transitions as workflow
from tests.factories import make_user
from tests.signing import setup_roles, signed_and_published

pytestmark = [pytest.mark.django_db]
postgres_only = pytest.mark.postgres


def stored(fields: list[tuple[str, str]]) -> str:
    """The document of these fields as PostgreSQL stores it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::tsvector::text", [document_literal(fields)])
        return cursor.fetchone()[0]


@postgres_only
def test_a_repeated_bigram_is_one_lexeme_without_positions():
    assert stored([("工会工会", "body")]) == "'会' '会工' '工会'"


@postgres_only
def test_every_field_adds_its_lexemes_once():
    assert stored([("工会", "title"), ("职工", "byline"), ("工会 2012", "body")]) == (
        "'2012' '会' '工' '工会' '职工'"
    )


# --- What is indexed: the reader's copy, as each sign-off writes it -----------------------

MIGRATION = importlib.import_module("editorial.migrations.0018_search_speed")


def entries() -> set[tuple]:
    """What the index holds for each signed article."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, title, subtitle, byline, sources, body FROM {FTS5_TABLE}"
            )
            return set(cursor.fetchall())
    return set(
        ArticleSearchEntry.objects.values_list(
            "signed_article",
            "signed_article__signed_issue",
            "signed_article__article_id",
            "issue_order",
            "names",
            "document",
        )
    )


@pytest.fixture
def chief():
    setup_roles()
    return make_user("chief", staff=True, groups=["签发人"])


@pytest.fixture
def resigned(chief):
    """Published, then changed (an article edited, one deleted, one added) and signed again."""
    issue = signed_and_published(chief, sections=("工作动态", "简讯"), articles_per_section=2)
    edited, deleted = Article.objects.filter(section__issue=issue).order_by("pk")[:2]
    edited.body = "改过之后签发的正文"
    edited.save()
    deleted.delete()
    section = issue.sections.get(name="简讯")
    Article.objects.create(section=section, position=5, title="后加的文章", body="后加的正文")
    workflow.resign(issue, chief)
    return issue


def test_a_sign_off_indexes_the_readers_copy_as_a_fresh_reindex_would(resigned):
    written = entries()

    index.reindex_issues([resigned.pk])

    assert entries() == written


def test_a_sign_off_leaves_one_entry_per_signed_article_and_no_other(resigned):
    signed = SignedArticle.objects.filter(signed_issue=resigned.pk)

    assert {entry[0] for entry in entries()} == set(signed.values_list("pk", flat=True))
    assert signed.count() == 4


def test_the_migration_indexes_the_signed_articles_as_a_sign_off_does(resigned):
    written = entries()
    editor = SimpleNamespace(connection=connection, execute=connection.cursor().execute)

    MIGRATION.index_as_before(apps, editor)
    MIGRATION.index_afresh(apps, editor)

    assert entries() == written


def test_deleting_a_readers_copy_deletes_its_entries(resigned):
    SignedArticle.objects.filter(signed_issue=resigned.pk).delete()

    assert entries() == set()


def test_rebuilding_the_index_writes_the_same_entries(resigned):
    written = entries()

    assert index.rebuild_index() == len(written)

    assert entries() == written
