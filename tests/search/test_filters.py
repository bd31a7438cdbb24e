"""The search form's filters: a bad value is reported for that filter alone, and
organizations are offered in pinyin order."""

import pytest
from django.urls import reverse

from editorial.content.models import Article, ArticleSource, Issue, SourceOrganization
from tests.factories import make_issue, take_to

ASKS_FOR_WORDS = "请输入要检索的词语"


@pytest.mark.django_db
def test_a_bad_year_is_reported_for_the_year_only(client, samples):
    page = client.get(reverse("editorial:search"), {"q": "工会", "year": "去年"}).content.decode()
    assert "年份" in page.split('class="form-errors"')[1].split("</div>")[0]
    assert ASKS_FOR_WORDS not in page


@pytest.mark.django_db
def test_a_bad_organization_is_reported_for_the_organization_only(client, samples):
    page = client.get(reverse("editorial:search"), {"q": "工会", "organization": "x"})
    errors = page.content.decode().split('class="form-errors"')[1].split("</div>")[0]
    assert "来源单位" in errors or "供稿单位" in errors
    assert ASKS_FOR_WORDS not in page.content.decode()


@pytest.mark.django_db
def test_an_empty_query_asks_for_words(client, samples):
    page = client.get(reverse("editorial:search"), {"q": "  "}).content.decode()
    assert ASKS_FOR_WORDS in page


@pytest.mark.django_db
def test_organizations_are_offered_in_pinyin_order(client, committed):
    # The factories' article is credited to 市总工会宣教部 already.
    names = ["重庆市总工会", "北京市总工会", "安徽省总工会"]
    with committed():
        issue = make_issue(status=Issue.Status.DRAFT)
        article = Article.objects.filter(section__issue=issue).get()
        for position, name in enumerate(names, 2):
            organization = SourceOrganization.objects.create(name=name)
            ArticleSource.objects.create(
                article=article, organization=organization, position=position
            )
        take_to(issue, Issue.Status.PUBLISHED)
    form = client.get(reverse("editorial:search")).context["form"]
    offered = [name for value, name in form.fields["organization"].choices if value]
    assert offered == ["安徽省总工会", "北京市总工会", "重庆市总工会", "市总工会宣教部"]
