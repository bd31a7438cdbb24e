"""Tags typed the way a Chinese keyboard types lists: ，、 and ； separate tags."""

import pytest
from django.urls import reverse

from editorial.content.models import Article
from tests.factories import make_user
from tests.workflow.conftest import draft
from tests.workflow.helpers import admin_form_data

pytestmark = pytest.mark.django_db


def tag_article(client, editor, typed: str) -> set[str]:
    article = Article.objects.get(section__issue=draft())
    client.force_login(editor)
    url = reverse("admin:editorial_article_change", args=[article.pk])
    data = admin_form_data(client.get(url))
    data["tags"] = typed
    client.post(url, data)
    return set(Article.objects.get(pk=article.pk).tags.names())


@pytest.mark.parametrize("separator", ["，", "、", "；", ","])
def test_a_chinese_separator_separates_tags_as_a_comma_does(client, editor, separator):
    assert tag_article(client, editor, f"女职工{separator}巾帼建功") == {"女职工", "巾帼建功"}


def test_separators_mixed_in_one_line_give_each_tag_once(client, editor):
    typed = "女职工，巾帼建功、劳模；女职工"
    assert tag_article(client, editor, typed) == {"女职工", "巾帼建功", "劳模"}


def test_the_tag_list_offers_merging_in_chinese(client):
    tag_article(client, make_user("admin", superuser=True), "女职工")
    page = client.get(reverse("admin:taggit_tag_changelist")).content.decode()
    assert "合并所选标签" in page
    assert "Merge selected tags" not in page
