"""Two editors, one article: the second save is refused, not silently applied."""

import pytest
from django.db import transaction
from django.urls import reverse

from editorial.admin.forms import ArticleForm
from editorial.content.models import Article
from tests.workflow.conftest import draft
from tests.workflow.helpers import admin_form_data

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:editorial_article_change", args=[article.pk])


@pytest.fixture
def article():
    return Article.objects.get(section__issue=draft())


def test_the_form_carries_the_version_it_was_loaded_at(client, editor, article):
    client.force_login(editor)
    data = admin_form_data(client.get(change_url(article)))
    assert data["loaded_version"] == str(article.version)


def test_a_save_bumps_the_version(client, editor, article):
    client.force_login(editor)
    data = admin_form_data(client.get(change_url(article)))
    data["title"] = "改后的标题"
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert (article.title, article.version) == ("改后的标题", 2)


def test_the_second_of_two_concurrent_saves_is_refused(client, editor, chief, article):
    client.force_login(editor)
    editors_form = admin_form_data(client.get(change_url(article)))
    client.force_login(chief)
    chiefs_form = admin_form_data(client.get(change_url(article)))

    chiefs_form["title"] = "签发人改的标题"
    assert client.post(change_url(article), chiefs_form).status_code == 302

    client.force_login(editor)
    editors_form["body"] = "编辑改的正文。"
    response = client.post(change_url(article), editors_form)
    assert response.status_code == 200
    assert "其他人已保存了这篇文章" in response.content.decode()
    article.refresh_from_db()
    assert (article.title, article.version) == ("签发人改的标题", 2)
    assert article.body != "编辑改的正文。"


def test_reopening_after_a_refusal_lets_the_editor_save(client, editor, article):
    Article.objects.filter(pk=article.pk).update(version=7)
    client.force_login(editor)
    data = admin_form_data(client.get(change_url(article)))
    data["body"] = "重新打开后修改。"
    assert client.post(change_url(article), data).status_code == 302
    assert Article.objects.get(pk=article.pk).version == 8


def test_a_form_without_a_version_is_refused(article):
    data = {
        "section": article.section_id,
        "kind": "article",
        "title": "无版本",
        "body": "正文",
        "tags": "",
    }
    with transaction.atomic():
        form = ArticleForm(data, instance=article)
        assert not form.is_valid()
    assert "其他人已保存了这篇文章" in str(form.non_field_errors())
