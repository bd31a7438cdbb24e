"""The admin lists stay cheap as they grow: a fixed number of queries per page,
filters that do not list every organization or tag."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from editorial.content.models import Article, Issue
from tests.workflow.conftest import draft

pytestmark = pytest.mark.django_db


def queries_for(client, url, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"year": "2026", "section__issue__status__exact": "draft"},
        {"source": "宣教部"},
        {"q": "文章"},
    ],
)
def test_the_article_list_makes_the_same_queries_for_5_or_50_rows(client, superuser, params):
    client.force_login(superuser)
    url = reverse("admin:editorial_article_changelist")
    draft(number=1, articles_per_section=5)
    few = queries_for(client, url, **params)
    draft(number=2, sections=("工作动态", "简讯", "基层风采"), articles_per_section=15)
    assert Article.objects.count() == 50
    assert queries_for(client, url, **params) == few


def test_the_issue_list_makes_the_same_queries_for_few_or_many_issues(client, superuser):
    client.force_login(superuser)
    url = reverse("admin:editorial_issue_changelist")
    draft(number=1)
    few = queries_for(client, url)
    for number in range(2, 30):
        Issue.objects.create(year=2026, number=number)
    assert queries_for(client, url) == few


def test_the_article_list_does_not_count_every_row(client, superuser):
    client.force_login(superuser)
    draft(number=1, articles_per_section=3)
    response = client.get(reverse("admin:editorial_article_changelist"), {"q": "文章2"})
    assert response.context["cl"].show_full_result_count is False


def test_filtering_by_organization_name_or_alias(client, superuser):
    client.force_login(superuser)
    issue = draft(number=1, articles_per_section=2)
    other = draft(number=2)
    other_article = Article.objects.get(section__issue=other)
    other_article.source_links.all().delete()
    url = reverse("admin:editorial_article_changelist")
    response = client.get(url, {"source": "市总工会宣教部"})
    assert set(response.context["cl"].result_list) == set(
        Article.objects.filter(section__issue=issue)
    )


def test_filtering_by_tag(client, superuser):
    client.force_login(superuser)
    issue = draft(number=1, articles_per_section=2)
    tagged = Article.objects.filter(section__issue=issue).first()
    tagged.tags.add("劳模")
    response = client.get(reverse("admin:editorial_article_changelist"), {"tag": "劳模"})
    assert list(response.context["cl"].result_list) == [tagged]


def test_filtering_by_section_name(client, superuser):
    client.force_login(superuser)
    draft(number=1, sections=("工作动态", "简讯"))
    response = client.get(reverse("admin:editorial_article_changelist"), {"section_name": "简讯"})
    assert [a.section.name for a in response.context["cl"].result_list] == ["简讯"]


def test_the_issue_page_makes_the_same_queries_for_5_or_60_articles(client, editor):
    client.force_login(editor)
    small = draft(number=1, articles_per_section=5)
    large = draft(number=2, sections=("工作动态", "基层风采", "简讯"), articles_per_section=20)
    url = "admin:editorial_issue_change"
    queries_for(client, reverse(url, args=[small.pk]))  # warm caches (content types, ...)
    few = queries_for(client, reverse(url, args=[small.pk]))
    many = queries_for(client, reverse(url, args=[large.pk]))
    assert many == few
