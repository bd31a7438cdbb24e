"""The history page's compare form opens on two versions that differ: a save that
changed nothing is passed over."""

import re

import pytest
from django.urls import reverse
from reversion.models import Version

from editorial.content.models import Article
from tests.workflow.conftest import draft
from tests.workflow.helpers import save_article

pytestmark = pytest.mark.django_db


def test_compare_opens_on_the_newest_version_and_the_last_that_differs(client, editor):
    article = Article.objects.get(section__issue=draft())
    client.force_login(editor)
    save_article(client, article, title="第一稿")
    save_article(client, article, title="第二稿")
    save_article(client, article)  # saved again, nothing changed
    newest, unchanged, second = Version.objects.get_for_object(article)[:3]
    page = client.get(reverse("admin:editorial_article_history", args=[article.pk]))
    checked = dict(
        (name, int(value))
        for name, value in re.findall(
            r'<input type="radio" name="([ab])" value="(\d+)"[^>]* checked', page.content.decode()
        )
    )
    assert checked == {"a": second.pk, "b": newest.pk}
    assert unchanged.field_dict["title"] == newest.field_dict["title"] == "第二稿"
