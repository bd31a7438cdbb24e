"""``bulk.insert`` writes new rows as ``bulk_create`` would (``COPY`` on PostgreSQL, or
one ``INSERT`` for a few rows): each instance comes back with the id of its own row,
stored as given. Tests that take ``rows`` go both ways."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from editorial.content import bulk
from editorial.content.models import Article, Issue, Section
from editorial.signed.models import SignedArticle
from tests.factories import make_issue

pytestmark = [pytest.mark.django_db]


# Articles: few enough for one INSERT, and enough for COPY.
ROWS = pytest.mark.parametrize("rows", [3, 1 + bulk.FEW_VALUES // 8])


@ROWS
def test_each_article_gets_the_id_of_its_own_row_with_every_field_as_given(rows):
    issue = make_issue(status=Issue.Status.DRAFT, articles_per_section=0)
    section = issue.sections.get()
    before = timezone.now()
    articles = [
        Article(section=section, position=i, title=f"第{i}篇：职工“小家”", body=f"正文\n{i}\\N\t'")
        for i in range(1, rows + 1)
    ]

    with CaptureQueriesContext(connection) as statements:
        assert bulk.insert(articles) == articles

    if connection.vendor == "postgresql":  # (COPY passes by Django's query log)
        inserted = any(q["sql"].startswith("INSERT") for q in statements.captured_queries)
        assert inserted == (rows == 3)

    stored = {a.pk: a for a in Article.objects.filter(section=section)}
    assert sorted(stored) == [a.pk for a in articles]  # ids in the order given
    for article in articles:
        row = stored[article.pk]
        assert (row.position, row.title, row.body) == (
            article.position,
            article.title,
            article.body,
        )
        assert row.created_at >= before and row.updated_at >= before
        assert (article.created_at, article.updated_at) == (row.created_at, row.updated_at)
        assert not article._state.adding  # saved: an update next time, not an insert
    # Rows written later by other means take other ids.
    assert Section.objects.create(issue=issue, name="简讯", position=2).pk
    assert Article.objects.create(section=section, position=99, title="后来").pk not in stored


def test_json_and_empty_values_are_stored_as_given():
    issue = make_issue(articles_per_section=1)
    signed = issue.signed
    pictures = [{"file": "pictures/ab/cd.jpg", "caption": "图为“现场”"}]
    articles = bulk.insert(
        [
            SignedArticle(
                signed_issue=signed,
                article_id=issue.sections.get().articles.get().pk + 1000,  # (no key)
                section_name="工作动态",
                section_position=1,
                position=9,
                kind="article",
                title="标题",
                subtitle="",
                images=pictures,
                issue_order=signed.issue_order,
            )
        ]
    )

    row = SignedArticle.objects.get(pk=articles[0].pk)
    assert row.images == pictures and row.subtitle == ""


def test_nothing_to_insert_is_no_statement(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert bulk.insert([]) == []


@ROWS
def test_values_of_other_types_are_stored_as_django_would_store_them(rows):
    issue = make_issue(status=Issue.Status.DRAFT, articles_per_section=0)
    section = issue.sections.get()
    with translation.override("zh-hans"):
        articles = bulk.insert(
            [
                Article(section=section, position=str(i), title=gettext_lazy("Search"), body=2026)
                for i in range(7, 7 + rows)
            ]
        )

    row = Article.objects.get(pk=articles[0].pk)
    assert (row.position, row.title, row.body) == (7, "检索", "2026")


def test_a_batch_takes_its_ids_a_block_at_a_time():
    issue = make_issue(status=Issue.Status.DRAFT, articles_per_section=0)
    section = issue.sections.get()

    with bulk.ids_from(bulk.IdBlocks(size=10)):
        with CaptureQueriesContext(connection) as statements:
            first = bulk.insert([Article(section=section, position=i) for i in (1, 2, 3)])
        assert any("nextval" in q["sql"] for q in statements) == (
            connection.vendor == "postgresql"  # (SQLite numbers its own rows)
        )
        # Seven ids of the block are left: the next three rows need no statement for theirs.
        with CaptureQueriesContext(connection) as statements:
            second = bulk.insert([Article(section=section, position=i) for i in (4, 5, 6)])
        assert not any("nextval" in q["sql"] for q in statements)
        # More rows than the block holds: as many ids as they need.
        third = bulk.insert([Article(section=section, position=i) for i in range(7, 19)])
    later = Article.objects.create(section=section, position=19)

    ids = [article.pk for article in first + second + third]
    assert ids == sorted(ids) and len(set(ids)) == 18  # ascending, one per row
    stored = dict(Article.objects.filter(section=section).values_list("pk", "position"))
    assert stored == {article.pk: article.position for article in first + second + third} | {
        later.pk: 19
    }
    assert later.pk not in ids
