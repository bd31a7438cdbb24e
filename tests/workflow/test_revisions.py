"""Every saved change keeps a revision that can be compared and restored."""

import pytest
from django.urls import reverse
from reversion.models import Version

from editorial.content.models import Article, Issue, Recipient
from editorial.workflow import transitions as workflow
from tests.workflow.conftest import draft, in_state
from tests.workflow.helpers import admin_form_data, save_article

pytestmark = pytest.mark.django_db


def test_saving_an_article_in_the_admin_keeps_a_revision(client, editor):
    article = Article.objects.get(section__issue=draft())
    client.force_login(editor)
    save_article(client, article, title="第一次修改")
    save_article(client, article, title="第二次修改")
    versions = Version.objects.get_for_object(article)
    assert [v.field_dict["title"] for v in versions] == ["第二次修改", "第一次修改"]


def test_two_versions_are_compared_side_by_side(client, editor):
    article = Article.objects.get(section__issue=draft())
    client.force_login(editor)
    save_article(client, article, body="市总召开会议。")
    save_article(client, article, body="市总召开专题会议。")
    newer, older = Version.objects.get_for_object(article)
    response = client.get(
        reverse("admin:editorial_article_compare", args=[article.pk]),
        {"a": older.pk, "b": newer.pk},
    )
    page = response.content.decode()
    assert "市总召开会议。" in page
    assert "<ins>专题</ins>" in page


def test_the_history_page_offers_the_comparison(client, editor):
    article = Article.objects.get(section__issue=draft())
    client.force_login(editor)
    save_article(client, article, title="一")
    save_article(client, article, title="二")
    page = client.get(reverse("admin:editorial_article_history", args=[article.pk]))
    assert 'id="compare-form"' in page.content.decode()


def test_restoring_an_old_revision_brings_back_its_text_and_moves_the_version_on(client, editor):
    article = Article.objects.get(section__issue=draft())
    client.force_login(editor)
    save_article(client, article, title="原来的标题")
    save_article(client, article, title="后来的标题")
    older = Version.objects.get_for_object(article).last()
    url = reverse("admin:editorial_article_revision", args=[article.pk, older.pk])
    data = admin_form_data(client.get(url))
    assert client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.title == "原来的标题"
    assert article.version == 4


def test_restoring_an_issue_revision_never_changes_its_workflow_state(client, chief):
    issue = draft()
    client.force_login(chief)
    url = reverse("admin:editorial_issue_change", args=[issue.pk])
    data = admin_form_data(client.get(url))
    data["print_run"] = "100"
    client.post(url, data)
    old_draft_revision = Version.objects.get_for_object(issue).get()
    Issue.objects.filter(pk=issue.pk).update(print_run=200)
    published = in_state(Issue.Status.PUBLISHED, number=issue.number + 1)
    Issue.objects.filter(pk=issue.pk).update(
        status=Issue.Status.PUBLISHED, publish_at=published.publish_at
    )

    revision_url = reverse("admin:editorial_issue_revision", args=[issue.pk, old_draft_revision.pk])
    data = admin_form_data(client.get(revision_url))
    assert client.post(revision_url, data).status_code == 302
    issue.refresh_from_db()
    assert (issue.print_run, issue.status) == (100, Issue.Status.PUBLISHED)


def test_an_editor_cannot_restore_a_revision_of_a_submitted_issue(client, editor, chief):
    issue = draft()
    client.force_login(editor)
    url = reverse("admin:editorial_issue_change", args=[issue.pk])
    client.post(url, admin_form_data(client.get(url)))
    version = Version.objects.get_for_object(issue).get()
    workflow.submit(issue, editor)
    revision_url = reverse("admin:editorial_issue_revision", args=[issue.pk, version.pk])
    assert client.get(revision_url).status_code == 403


def test_an_issue_comparison_shows_its_distribution_lists(client, chief):
    issue = draft(distribution=("全总办公厅",))
    client.force_login(chief)
    url = reverse("admin:editorial_issue_change", args=[issue.pk])
    client.post(url, admin_form_data(client.get(url)))
    data = admin_form_data(client.get(url))
    data.update(
        {
            "distribution-TOTAL_FORMS": "2",
            "distribution-1-order": "2",
            "distribution-1-recipient": Recipient.objects.create(name="省总工会").pk,
            "distribution-1-issue": issue.pk,
        }
    )
    assert client.post(url, data).status_code == 302
    newer, older = Version.objects.get_for_object(issue)
    page = client.get(
        reverse("admin:editorial_issue_compare", args=[issue.pk]), {"a": older.pk, "b": newer.pk}
    ).content.decode()
    assert "全总办公厅<ins>、省总工会</ins>" in page
