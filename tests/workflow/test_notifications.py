"""Notifications: each workflow step emails the people it concerns; the admin index
says what is waiting for whom and lets staff subscribe to new issues (the issue's
own e-mail: tests/output/test_mail.py)."""

from datetime import date, timedelta

import pytest
import reversion
from django.db import transaction
from django.utils import timezone

from editorial.content.models import Article, Issue
from editorial.workflow import transitions as workflow
from editorial.workflow.models import Subscription
from tests.factories import UNLISTED, make_issue, make_user, member_of

pytestmark = pytest.mark.django_db

DRAFT, IN_REVIEW, APPROVED, PUBLISHED = (
    Issue.Status.DRAFT,
    Issue.Status.IN_REVIEW,
    Issue.Status.APPROVED,
    Issue.Status.PUBLISHED,
)


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver"


def addressed(outbox) -> list[str]:
    return sorted(address for message in outbox for address in message.to)


def html_of(message) -> str:
    return next(body for body, kind in message.alternatives if kind == "text/html")


@pytest.fixture
def second_chief(roles):
    return make_user("chief2", staff=True, groups=["签发人"], email="chief2@example.org")


@pytest.fixture
def composed(editor, committed):
    """A complete draft, created by the editor."""
    with committed():
        issue = make_issue(
            year=2026,
            number=5,
            status=DRAFT,
            issue_date=date(2026, 3, 2),
            sections=("工作动态", "简讯"),
        )
        workflow.record_created(issue, actor=editor)
    return issue


def step(issue, name, user, committed, **kwargs):
    with committed():
        workflow.perform(issue, name, user, **kwargs)
    issue.refresh_from_db()
    return issue


class TestWorkflowEmails:
    def test_submitting_emails_the_chief_editors(
        self, composed, editor, chief, second_chief, committed, mailoutbox
    ):
        step(composed, "submit", editor, committed)
        assert addressed(mailoutbox) == ["chief2@example.org", "chief@example.org"]
        message = mailoutbox[0]
        assert "待您签发" in message.subject
        assert "2026年第5期" in message.subject
        assert f"http://testserver/admin/editorial/issue/{composed.pk}/change/" in message.body

    def test_returning_emails_the_editors_concerned_with_the_comment(
        self, composed, editor, chief, committed, mailoutbox
    ):
        step(composed, "submit", editor, committed)
        mailoutbox.clear()
        step(composed, "return", chief, committed, comment="第二篇标题太长，请压缩")
        assert addressed(mailoutbox) == ["editor@example.org"]
        message = mailoutbox[0]
        assert "已退回" in message.subject
        assert "第二篇标题太长，请压缩" in message.body
        assert "第二篇标题太长，请压缩" in html_of(message)

    def test_signing_off_emails_the_editors_concerned(
        self, composed, editor, chief, committed, mailoutbox
    ):
        step(composed, "submit", editor, committed)
        mailoutbox.clear()
        step(composed, "approve", chief, committed)
        assert addressed(mailoutbox) == ["editor@example.org"]
        assert "已签发" in mailoutbox[0].subject

    def test_publishing_emails_the_editors_concerned(
        self, composed, editor, chief, committed, mailoutbox
    ):
        step(composed, "submit", editor, committed)
        step(composed, "approve", chief, committed)
        mailoutbox.clear()
        step(composed, "publish", chief, committed)
        assert addressed(mailoutbox) == ["editor@example.org"]
        assert "已发布" in mailoutbox[0].subject
        assert f"http://testserver{composed.get_absolute_url()}" in mailoutbox[0].body

    def test_scheduling_tells_the_editors_when_it_will_appear(
        self, composed, editor, chief, committed, mailoutbox
    ):
        step(composed, "submit", editor, committed)
        step(composed, "approve", chief, committed)
        mailoutbox.clear()
        step(composed, "publish", chief, committed, publish_at=timezone.now() + timedelta(days=2))
        assert "定时发布" in mailoutbox[0].subject

    def test_an_editor_who_only_edited_an_article_is_concerned(
        self, composed, editor, chief, roles, committed, mailoutbox
    ):
        helper = make_user("helper", staff=True, groups=["编辑"], email="helper@example.org")
        article = Article.objects.filter(section__issue=composed).first()
        with reversion.create_revision():
            article.title = "改过的标题"
            article.save()
            reversion.set_user(helper)
        step(composed, "submit", editor, committed)
        mailoutbox.clear()
        step(composed, "approve", chief, committed)
        assert addressed(mailoutbox) == ["editor@example.org", "helper@example.org"]

    def test_whoever_took_the_step_is_not_told_about_it(
        self, composed, chief, committed, mailoutbox
    ):
        with committed():
            workflow.record_created(composed, actor=chief)
        step(composed, "submit", chief, committed)
        step(composed, "approve", chief, committed)
        assert "chief@example.org" not in addressed(mailoutbox)

    def test_people_without_an_email_address_or_inactive_are_skipped(
        self, composed, editor, chief, committed, mailoutbox
    ):
        make_user("quiet", staff=True, groups=["签发人"])
        make_user("gone", staff=True, groups=["签发人"], email="gone@example.org", is_active=False)
        step(composed, "submit", editor, committed)
        assert addressed(mailoutbox) == ["chief@example.org"]

    def test_superusers_are_told_only_when_no_one_holds_the_chief_editor_role(
        self, composed, editor, committed, mailoutbox
    ):
        make_user("root", superuser=True, email="root@example.org")
        step(composed, "submit", editor, committed)
        assert addressed(mailoutbox) == ["root@example.org"]

    def test_a_step_that_is_rolled_back_sends_nothing(
        self, composed, editor, chief, committed, mailoutbox
    ):
        with committed(), pytest.raises(RuntimeError), transaction.atomic():
            workflow.perform(composed, "submit", editor)
            raise RuntimeError("the request failed after the step")
        assert mailoutbox == []
        assert Issue.objects.get(pk=composed.pk).status == DRAFT

    def test_a_step_taken_in_the_admin_sends_its_emails(
        self, client, composed, editor, chief, mailoutbox, committed
    ):
        client.force_login(editor)
        with committed():
            client.post(
                f"/admin/editorial/issue/{composed.pk}/transition/",
                {"transition": "submit", "comment": "请审阅", "publish_at": ""},
            )
        assert addressed(mailoutbox) == ["chief@example.org"]
        assert "请审阅" in mailoutbox[0].body

    def test_markup_in_titles_and_comments_is_text_in_the_html_email(
        self, composed, editor, chief, committed, mailoutbox
    ):
        Issue.objects.filter(pk=composed.pk).update(title="<b>简报</b>")
        composed.refresh_from_db()
        step(composed, "submit", editor, committed)
        step(composed, "return", chief, committed, comment="<script>x()</script>")
        html = html_of(mailoutbox[-1])
        assert "<script>" not in html
        assert "&lt;script&gt;" in html
        assert "&lt;b&gt;简报&lt;/b&gt;" in html
        assert "<script>x()</script>" in mailoutbox[-1].body  # plain text stays as typed


@pytest.fixture
def approved(composed, editor, chief, committed):
    step(composed, "submit", editor, committed)
    step(composed, "approve", chief, committed)
    return composed


class TestWithdrawing:
    def test_withdrawing_tells_the_editors_why(self, approved, chief, committed, mailoutbox):
        step(approved, "publish", chief, committed)
        mailoutbox.clear()
        step(approved, "withdraw", chief, committed, comment="数字有误")
        assert addressed(mailoutbox) == ["editor@example.org"]
        assert "数字有误" in mailoutbox[0].body


class TestTheAdminIndex:
    def test_a_chief_editor_sees_the_issues_waiting_for_sign_off(
        self, client, composed, editor, chief, committed
    ):
        step(composed, "submit", editor, committed)
        client.force_login(chief)
        body = client.get("/admin/").content.decode()
        assert "待我处理" in body
        section = body[body.index('id="waiting-sign-off"') :]
        assert f"/admin/editorial/issue/{composed.pk}/change/" in section

    def test_an_editor_sees_returned_drafts_with_the_reason(
        self, client, composed, editor, chief, committed
    ):
        step(composed, "submit", editor, committed)
        step(composed, "return", chief, committed, comment="请补充来源")
        client.force_login(editor)
        body = client.get("/admin/").content.decode()
        section = body[body.index('id="waiting-returned"') :]
        assert f"/admin/editorial/issue/{composed.pk}/change/" in section
        assert "请补充来源" in section
        assert 'id="waiting-sign-off"' not in body

    def test_an_editor_with_nothing_returned_is_told_so(self, client, composed, editor):
        client.force_login(editor)
        assert "暂无待您处理的简报" in client.get("/admin/").content.decode()

    def test_staff_subscribe_and_stop_from_the_admin_index(self, client):
        reader = member_of(UNLISTED, "reader", email="reader@example.org")
        client.force_login(reader)
        assert 'id="subscribe"' in client.get("/admin/").content.decode()
        client.post("/admin/editorial/subscription/toggle/", {"subscribe": "1"})
        assert Subscription.objects.filter(user=reader).exists()
        assert 'id="unsubscribe"' in client.get("/admin/").content.decode()
        client.post("/admin/editorial/subscription/toggle/", {"subscribe": "0"})
        assert not Subscription.objects.filter(user=reader).exists()

    def test_the_subscription_button_needs_a_post(self, client):
        reader = member_of(UNLISTED, "reader", email="reader@example.org")
        client.force_login(reader)
        client.get("/admin/editorial/subscription/toggle/", {"subscribe": "1"})
        assert not Subscription.objects.filter(user=reader).exists()
