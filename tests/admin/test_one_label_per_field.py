"""The printed attribution (``source_text``) has one name wherever it is labelled:
刊印来源 on the article's form and in the comparison of two versions."""

import pytest
from django.urls import reverse
from reversion.models import Version

from editorial.content.models import Article
from tests.workflow.conftest import draft
from tests.workflow.helpers import admin_form_data

pytestmark = pytest.mark.django_db


def test_the_form_and_the_comparison_call_the_attribution_the_same(client, editor):
    article = Article.objects.get(section__issue=draft())
    client.force_login(editor)
    url = reverse("admin:editorial_article_change", args=[article.pk])
    for title in ("一", "二"):
        data = admin_form_data(client.get(url))
        data["title"] = title
        client.post(url, data)
    newer, older = Version.objects.get_for_object(article)[:2]
    form = client.get(url).content.decode()
    compared = client.get(
        reverse("admin:editorial_article_compare", args=[article.pk]),
        {"a": older.pk, "b": newer.pk},
    ).content.decode()
    for page in (form, compared):
        assert "刊印来源" in page
        assert "来源（原文写法）" not in page
