"""What the search index stores (PostgreSQL): for an article's text, each lexeme
once, with its positions, each marked with the weight of the field it is in; for
each issue, an entry per article of its reader's copy, written at each sign-off."""

import importlib

import pytest
from django.apps import apps
from django.db import connection

from editorial.content.models import Article
from editorial.search import index
from editorial.search.models import ArticleSearchEntry
from editorial.search.text import document_literal
from editorial.signed.models import SignedArticle
from editorial.workflow import transitions as workflow
from tests.factories import make_user
from tests.signing import setup_roles, signed_and_published

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def stored(fields: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Lexeme → positions, as PostgreSQL stores the document of these fields."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::tsvector::text", [document_literal(fields)])
        text = cursor.fetchone()[0]
    entries = (entry.rsplit(":", 1) for entry in text.split(" "))
    return {lexeme.strip("'"): positions.split(",") for lexeme, positions in entries}


def test_a_repeated_bigram_is_one_lexeme_with_each_of_its_positions():
    assert stored([("工会工会", "D")]) == {"工会": ["1", "3"], "会工": ["2"], "会": ["4"]}


def test_each_position_is_marked_with_the_weight_of_its_field():
    assert stored([("工会", "A"), ("职工", "B"), ("工会", "D")]) == {
        "工会": ["1A", "9"],
        "会": ["2A", "10"],
        "职工": ["5B"],
        "工": ["6B"],
    }


def test_a_lexeme_keeps_its_first_256_positions():
    positions = stored([("工会" * 300, "D")])["工会"]

    assert positions == [str(p) for p in range(1, 512, 2)]


def test_positions_past_the_last_are_kept_once_at_it_with_the_first_weight():
    # 工 ends the first field at position 16390 and appears again in the second:
    # both are past PostgreSQL's last position, 16383.
    assert stored([("工" * 16390, "B"), ("工", "D")])["工"] == ["16383B"]


# --- What is indexed: the reader's copy, as each sign-off writes it -----------------------

MIGRATION = importlib.import_module("editorial.migrations.0011_search_on_reader_copy")


def entries() -> set[tuple]:
    return set(
        ArticleSearchEntry.objects.values_list(
            "signed_article__signed_issue", "signed_article__article_id", "issue_order", "document"
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

    assert set(ArticleSearchEntry.objects.values_list("pk", flat=True)) == set(
        signed.values_list("pk", flat=True)
    )
    assert signed.count() == 4


def test_the_migration_indexes_the_signed_articles_as_a_sign_off_does(resigned):
    written = entries()
    ArticleSearchEntry.objects.all().delete()
    with connection.schema_editor() as editor:
        editor.execute(f"DROP INDEX {index.GIN_INDEX}")
        MIGRATION.index_signed_articles(apps, editor)

    assert entries() == written


def test_rebuilding_the_index_writes_the_same_entries(resigned):
    written = entries()

    assert index.rebuild_index() == len(written)

    assert entries() == written
