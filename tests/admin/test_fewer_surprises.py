"""Fewer surprises on the issue and article pages: what is offered can be done."""

import pytest
from django.urls import reverse
from reversion.models import Version

from editorial.content.models import Article, Issue, Section
from editorial.workflow import composing
from editorial.workflow import transitions as workflow
from tests.factories import make_issue
from tests.workflow.conftest import draft, in_state
from tests.workflow.helpers import admin_form_data, shown_messages

pytestmark = pytest.mark.django_db


def issue_page(client, issue) -> str:
    return client.get(reverse("admin:editorial_issue_change", args=[issue.pk])).content.decode()


class TestRestoring:
    @pytest.fixture
    def submitted(self, client, editor):
        """An issue an editor saved in draft, then submitted: no longer theirs to restore."""
        issue = draft()
        client.force_login(editor)
        url = reverse("admin:editorial_issue_change", args=[issue.pk])
        client.post(url, {**admin_form_data(client.get(url)), "title": "工会工作简报（改）"})
        workflow.submit(issue, editor)
        return issue

    def history(self, client, issue) -> str:
        return client.get(
            reverse("admin:editorial_issue_history", args=[issue.pk])
        ).content.decode()

    def test_an_editor_is_offered_comparison_only_where_restoring_is_refused(
        self, client, submitted
    ):
        page = self.history(client, submitted)
        assert "ed-restore-link" not in page
        assert "恢复" not in page.split('id="change-history"')[0]

    def test_a_chief_editor_who_may_restore_is_offered_it(self, client, chief, submitted):
        client.force_login(chief)
        page = self.history(client, submitted)
        version = Version.objects.get_for_object(submitted).get()
        url = reverse("admin:editorial_issue_revision", args=[submitted.pk, version.pk])
        assert f'href="{url}"' in page


class TestReadReceipts:
    def test_a_draft_shows_no_read_receipt_table(self, client, chief):
        client.force_login(chief)
        assert 'id="read-receipts"' not in issue_page(client, draft())

    def test_a_published_issue_shows_its_read_receipts(self, client, chief):
        client.force_login(chief)
        assert 'id="read-receipts"' in issue_page(client, in_state(Issue.Status.PUBLISHED))


class TestReturnComment:
    def test_after_a_return_the_panel_shows_the_chief_editors_comment(self, client, editor, chief):
        issue = draft()
        workflow.submit(issue, editor)
        workflow.return_to_draft(issue, chief, comment="标题太长，请改短。")
        client.force_login(editor)
        page = issue_page(client, issue)
        panel = page[page.index('id="workflow-panel"') :]
        assert panel.index("标题太长，请改短。") < panel.index('id="issue-status"')
        assert "王建国" in panel[: panel.index('id="issue-status"')]

    def test_the_comment_goes_once_the_issue_is_resubmitted(self, client, editor, chief):
        issue = draft()
        workflow.submit(issue, editor)
        workflow.return_to_draft(issue, chief, comment="标题太长，请改短。")
        workflow.submit(issue, editor)
        client.force_login(editor)
        assert 'id="return-comment"' not in issue_page(client, issue)


class TestEmptySections:
    @pytest.fixture
    def continued(self, editor):
        """A new issue started from the previous one: its sections carried over, empty."""
        make_issue(year=2026, number=4, sections=("工作动态", "简讯"))
        issue = composing.new_issue_from_previous(editor)
        Section.objects.filter(issue=issue, name="工作动态").get().articles.create(
            title="新文章", body="正文。", position=1
        )
        return issue

    def remove(self, client, issue):
        return client.post(
            reverse("admin:editorial_issue_remove_empty_sections", args=[issue.pk]), follow=True
        )

    def test_the_pre_submission_list_offers_to_remove_the_empty_sections(
        self, client, editor, continued
    ):
        client.force_login(editor)
        page = issue_page(client, continued)
        button = page[page.index('id="remove-empty-sections"') :]
        assert "【简讯】" in button[: button.index("</form>")]

    def test_one_click_removes_them_and_keeps_the_filled_ones(self, client, editor, continued):
        client.force_login(editor)
        response = self.remove(client, continued)
        assert list(continued.sections.values_list("name", "position")) == [("工作动态", 1)]
        assert "已删除空栏目：【简讯】" in shown_messages(response)

    def test_the_removal_is_recorded(self, client, editor, continued):
        client.force_login(editor)
        self.remove(client, continued)
        entry = continued.audit_entries.get(action="remove_empty_sections")
        assert (entry.actor, entry.data) == (editor, {"sections": ["简讯"]})

    def test_an_editor_may_not_remove_sections_of_a_submitted_issue(self, client, editor):
        issue = in_state(Issue.Status.IN_REVIEW)
        Section.objects.create(issue=issue, name="空栏目", position=9)
        client.force_login(editor)
        self.remove(client, issue)
        assert issue.sections.filter(name="空栏目").exists()
        assert not Article.objects.filter(section__name="空栏目").exists()
