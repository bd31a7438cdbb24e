"""History entries name the changed fields in Chinese ("已修改 标题。")."""

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse

from editorial.content.models import Issue
from tests.factories import make_issue
from tests.signing import visible_text
from tests.workflow.helpers import admin_form_data


@pytest.fixture
def changed_article(editor):
    """An article of a draft whose title and byline an editor changed on its form."""
    article = make_issue(status=Issue.Status.DRAFT).sections.get().articles.get()
    browser = Client()
    browser.force_login(editor)
    url = reverse("admin:editorial_article_change", args=[article.pk])
    data = admin_form_data(browser.get(url))
    data.update(title="改过的标题", byline="新的署名")
    assert browser.post(url, data).status_code == 302
    return article


def test_the_admin_log_names_changed_fields_in_chinese(changed_article):
    entry = LogEntry.objects.get(object_id=str(changed_article.pk))
    assert entry.get_change_message() == "已修改 标题 和 署名。"


def test_the_history_page_names_changed_fields_in_chinese(changed_article, editor):
    browser = Client()
    browser.force_login(editor)
    page = visible_text(
        browser.get(reverse("admin:editorial_article_history", args=[changed_article.pk]))
    )
    assert "已修改 标题 和 署名" in page
    assert "Title" not in page


def test_a_change_in_an_inline_row_names_its_fields_in_chinese(editor):
    issue = make_issue(status=Issue.Status.DRAFT)
    browser = Client()
    browser.force_login(editor)
    url = reverse("admin:editorial_issue_change", args=[issue.pk])
    data = admin_form_data(browser.get(url))
    name_field = next(key for key in data if key.startswith("sections-0-") and key.endswith("name"))
    data[name_field] = "改过的栏目"
    assert browser.post(url, data).status_code == 302
    message = LogEntry.objects.filter(object_id=str(issue.pk)).latest("pk").get_change_message()
    assert "名称" in message, message
    assert "Name" not in message, message
