"""Merging duplicate organizations, from the admin."""

import pytest
from django.urls import reverse

from editorial.content.models import Article, ArticleSource, OrganizationAlias, SourceOrganization
from editorial.workflow.organizations import merge_into
from tests.workflow.conftest import draft
from tests.workflow.helpers import shown_messages

pytestmark = pytest.mark.django_db


def org(name, **fields):
    return SourceOrganization.objects.get_or_create(name=name, defaults=fields)[0]


def credit(article, *organizations):
    for position, organization in enumerate(organizations, 1):
        ArticleSource.objects.create(article=article, organization=organization, position=position)


@pytest.fixture
def articles():
    issue = draft(articles_per_section=3)
    ArticleSource.objects.filter(article__section__issue=issue).delete()
    return list(Article.objects.filter(section__issue=issue).order_by("position"))


def test_merging_moves_every_article_to_the_kept_organization(articles):
    kept = org("市总工会宣教部")
    duplicate = org("市总宣教部")
    credit(articles[0], kept)
    credit(articles[1], duplicate)
    credit(articles[2], duplicate)
    merge_into(kept, [duplicate], actor=None)
    assert set(kept.articles.all()) == set(articles)
    assert not SourceOrganization.objects.filter(pk=duplicate.pk).exists()


def test_the_duplicates_names_become_aliases(articles):
    kept = org("市总工会宣教部")
    duplicate = org("市总宣教部")
    OrganizationAlias.objects.create(organization=duplicate, name="宣教部")
    merge_into(kept, [duplicate], actor=None)
    assert set(kept.aliases.values_list("name", flat=True)) == {"市总宣教部", "宣教部"}
    assert SourceOrganization.objects.resolve("市总宣教部") == kept


def test_an_article_credited_to_both_keeps_one_credit_in_its_place(articles):
    kept = org("市总工会宣教部")
    duplicate = org("市总宣教部")
    other = org("研究室")
    credit(articles[0], duplicate, other, kept)
    merge_into(kept, [duplicate], actor=None)
    assert [org.name for org in articles[0].ordered_sources] == ["研究室", "市总工会宣教部"]


def test_an_article_credited_to_two_duplicates_is_credited_once(articles):
    kept = org("市总工会宣教部")
    first = org("市总宣教部")
    second = org("宣教部")
    credit(articles[0], first, second)
    merge_into(kept, [first, second], actor=None)
    assert list(articles[0].ordered_sources) == [kept]


def test_children_of_a_duplicate_move_to_the_kept_organization(articles):
    kept = org("常熟市总工会")
    duplicate = org("常熟总工会")
    child = org("常熟市某镇工会", parent=duplicate)
    merge_into(kept, [duplicate], actor=None)
    child.refresh_from_db()
    assert child.parent == kept


def test_the_admin_action_asks_which_to_keep_then_merges(client, chief, articles):
    kept = org("市总工会宣教部")
    duplicate = org("市总宣教部")
    credit(articles[0], duplicate)
    client.force_login(chief)
    url = reverse("admin:editorial_sourceorganization_changelist")
    selected = {"action": "merge_action", "_selected_action": [kept.pk, duplicate.pk]}
    question = client.post(url, selected)
    assert 'id="merge-form"' in question.content.decode()
    response = client.post(url, {**selected, "apply": "1", "target": kept.pk}, follow=True)
    assert shown_messages(response) == [
        "已将市总宣教部并入市总工会宣教部：转移了1条文章来源，原名称保留为别名。"
    ]
    assert list(articles[0].ordered_sources) == [kept]


def test_editors_are_not_offered_the_merge(client, editor):
    client.force_login(editor)
    response = client.get(reverse("admin:editorial_sourceorganization_changelist"))
    assert "merge_action" not in response.content.decode()


def test_the_list_shows_how_many_articles_each_organization_has(client, chief, articles):
    busy = org("常熟市总工会")
    idle = org("昆山市总工会")
    credit(articles[0], busy)
    credit(articles[1], busy)
    client.force_login(chief)
    response = client.get(reverse("admin:editorial_sourceorganization_changelist"))
    counts = {o.name: o.article_total for o in response.context["cl"].result_list}
    assert (counts[busy.name], counts[idle.name]) == (2, 0)
