"""What the search index stores: on PostgreSQL, for an article's text, the code of
each lexeme once, without positions, and the names its sources are found by; on SQLite, the
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
from editorial.search.text import document_codes, lexeme_code, year_code
from editorial.signed.models import SignedArticle
from editorial.workflow import transitions as workflow
from tests.factories import make_user
from tests.signing import setup_roles, signed_and_published

pytestmark = [pytest.mark.django_db]
postgres_only = pytest.mark.postgres


def stored(fields: list[tuple[str, str]]) -> list[int]:
    """The document of these fields as PostgreSQL stores it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::int2[]", [document_codes(fields, 2012).codes])
        return cursor.fetchone()[0]


def codes(*lexemes: str, year: int = 2012) -> list[int]:
    return sorted({lexeme_code(lexeme) for lexeme in lexemes} | {year_code(year)})


@postgres_only
def test_a_repeated_bigram_is_one_code_without_positions_beside_the_year():
    # (The last character of a run has no code: a lone character is looked for in the text.)
    assert stored([("工会工会", "body")]) == codes("工会", "会工")


@postgres_only
def test_every_field_adds_the_codes_of_its_lexemes_once():
    fields = [("工会", "title"), ("职工", "byline"), ("工会 2012", "body")]

    assert stored(fields) == codes("2012", "工会", "职工")


def test_an_article_is_marked_spaced_only_where_layout_spaces_break_a_phrase():
    assert document_codes([("职工素质  工程", "body")], 2012).spaced
    assert document_codes([("职工素质\u3000工程", "body")], 2012).spaced
    assert not document_codes([("职工素质工程 2012 年", "body")], 2012).spaced


def test_an_article_is_marked_folded_only_where_normalizing_changes_a_word():
    # Full-width punctuation and ideographic spaces change nothing a word is made of.
    assert not document_codes([("职工，素质\u3000工程。2012年", "body")], 2012).folded
    assert document_codes([("２０１２年", "body")], 2012).folded  # full-width digits
    assert document_codes([("WTO", "title")], 2012).folded  # capitals
    assert document_codes([("职工\u2002素质", "body")], 2012).folded  # a space of another kind


# --- What is indexed: the reader's copy, as each sign-off writes it -----------------------

MIGRATION = importlib.import_module("editorial.migrations.0019_search_codes")


def entries() -> set[tuple]:
    """What the index holds for each signed article."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, title, subtitle, byline, sources, body FROM {FTS5_TABLE}"
            )
            return set(cursor.fetchall())
    rows = ArticleSearchEntry.objects.values_list(
        "signed_article",
        "signed_article__signed_issue",
        "signed_article__article_id",
        "issue_order",
        "names",
        "document",
        "spaced",
        "folded",
    )
    return {(*row[:5], tuple(row[5]), *row[6:]) for row in rows}


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

    MIGRATION.to_lexemes(apps, editor)
    MIGRATION.to_codes(apps, editor)

    assert entries() == written


def test_deleting_a_readers_copy_deletes_its_entries(resigned):
    SignedArticle.objects.filter(signed_issue=resigned.pk).delete()

    assert entries() == set()


def test_rebuilding_the_index_writes_the_same_entries(resigned):
    written = entries()

    assert index.rebuild_index() == len(written)

    assert entries() == written


@postgres_only
def test_rebuilding_the_index_in_worker_processes_writes_the_same_entries(resigned, monkeypatch):
    # A large archive's documents are computed by one worker process per core.
    monkeypatch.setattr(index, "PARALLEL", 2)
    monkeypatch.setattr(index, "PARALLEL_FROM", 1)
    monkeypatch.setattr(index, "BATCH", 1)
    written = entries()

    assert index.rebuild_index() == len(written)

    assert entries() == written
