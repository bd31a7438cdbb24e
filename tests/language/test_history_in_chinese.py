"""History entries name the changed fields in Chinese ("已修改 标题。")."""

import json

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import translation

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


class ChangedForm:
    """What ``construct_change_message`` reads of a submitted form: one field changed."""

    def __init__(self, model_field):
        self.changed_data = [model_field.name]
        self.fields = {model_field.name: model_field.formfield()}


def editable_field(model):
    for field in model._meta.concrete_fields:
        if field.editable and not field.primary_key and field.formfield() is not None:
            return field
    return None


@pytest.mark.parametrize(
    "model_admin", list(admin.site._registry.values()), ids=lambda m: m.model._meta.label
)
def test_every_admin_records_field_names_that_are_shown_in_chinese(model_admin, rf, editor):
    field = editable_field(model_admin.model)
    if field is None:
        pytest.skip("nothing to change")
    request = rf.get("/")
    request.user = editor
    message = model_admin.construct_change_message(request, ChangedForm(field), [])
    with translation.override("zh-hans"):
        shown = LogEntry(change_message=json.dumps(message)).get_change_message()
        assert str(field.verbose_name) in shown, shown
