"""An editor breaks a long headline where print should break it: the title
field takes a line break, kept as one; the changelist shows the title on one line."""

import pytest
from django.urls import reverse

from editorial.content.models import Article
from tests.workflow.conftest import draft
from tests.workflow.helpers import admin_form_data

pytestmark = pytest.mark.django_db

TWO_LINES = "市总工会深入推进基层工会规范化建设\n以“两争一树”活动为载体"


def save_title(client, editor, typed: str) -> Article:
    article = Article.objects.get(section__issue=draft())
    client.force_login(editor)
    url = reverse("admin:editorial_article_change", args=[article.pk])
    data = admin_form_data(client.get(url))
    data["title"] = typed
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Article.objects.get(pk=article.pk)


def test_the_title_field_is_a_text_area_of_two_rows(client, editor):
    article = Article.objects.get(section__issue=draft())
    client.force_login(editor)
    page = client.get(reverse("admin:editorial_article_change", args=[article.pk]))
    assert '<textarea name="title" cols="40" rows="2"' in page.content.decode()


def test_a_line_break_typed_in_the_title_is_kept_as_one(client, editor):
    typed = "市总工会深入推进基层工会规范化建设 \r\n\r\n 以“两争一树”活动为载体"
    assert save_title(client, editor, typed).title == TWO_LINES


def test_the_article_list_shows_a_broken_title_on_one_line(client, editor):
    save_title(client, editor, TWO_LINES)
    page = client.get(reverse("admin:editorial_article_changelist")).content.decode()
    assert "市总工会深入推进基层工会规范化建设以“两争一树”活动为载体" in page
