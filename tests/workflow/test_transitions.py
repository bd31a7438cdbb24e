"""Each workflow step: where it may start, what it changes, what it records."""

from datetime import timedelta

import pytest
from django.utils import timezone

from editorial.content.models import Article, Issue
from editorial.signed import readers
from editorial.workflow import transitions as workflow
from editorial.workflow.models import IssueTransition
from tests.workflow.conftest import draft, in_state

pytestmark = pytest.mark.django_db

DRAFT, IN_REVIEW, APPROVED, PUBLISHED = (
    Issue.Status.DRAFT,
    Issue.Status.IN_REVIEW,
    Issue.Status.APPROVED,
    Issue.Status.PUBLISHED,
)


def status_of(issue):
    return Issue.objects.get(pk=issue.pk).status


class TestTheHappyPath:
    def test_submitting_a_draft_sends_it_to_review(self, editor):
        issue = draft()
        workflow.submit(issue, editor)
        assert status_of(issue) == IN_REVIEW

    def test_returning_sends_the_issue_back_to_draft_with_the_comment(self, chief):
        issue = in_state(IN_REVIEW)
        workflow.return_to_draft(issue, chief, comment="第二篇标题太长")
        assert status_of(issue) == DRAFT
        assert issue.transitions.last().comment == "第二篇标题太长"

    def test_signing_off_records_who_and_when(self, chief):
        issue = in_state(IN_REVIEW)
        before = timezone.now()
        workflow.approve(issue, chief)
        issue.refresh_from_db()
        assert issue.status == APPROVED
        assert issue.approved_by == chief
        assert issue.approved_at >= before

    def test_publishing_now_puts_the_issue_on_the_reading_site(self, chief):
        issue = in_state(APPROVED)
        workflow.publish(issue, chief)
        assert status_of(issue) == PUBLISHED
        assert readers.issue_for(None, pk=issue.pk) is not None

    def test_publishing_at_a_later_time_schedules_the_issue(self, chief):
        issue = in_state(APPROVED)
        later = timezone.now() + timedelta(days=2)
        workflow.publish(issue, chief, at=later)
        issue.refresh_from_db()
        assert issue.status == PUBLISHED
        assert issue.is_scheduled
        assert readers.issue_for(None, pk=issue.pk) is None

    def test_a_scheduled_issue_can_be_published_now_instead(self, chief):
        issue = in_state(APPROVED)
        workflow.publish(issue, chief, at=timezone.now() + timedelta(days=2))
        workflow.publish(issue, chief)
        assert readers.issue_for(None, pk=issue.pk) is not None

    def test_withdrawing_takes_the_issue_off_the_reading_site(self, chief):
        issue = in_state(PUBLISHED)
        assert readers.issue_for(None, pk=issue.pk) is not None
        workflow.withdraw(issue, chief, reason="数据有误")
        issue.refresh_from_db()
        assert issue.status == DRAFT
        assert readers.issue_for(chief, pk=issue.pk) is None

    def test_withdrawing_clears_the_sign_off_and_publish_time(self, chief):
        issue = in_state(PUBLISHED)
        workflow.withdraw(issue, chief, reason="数据有误")
        issue.refresh_from_db()
        assert (issue.approved_by, issue.approved_at, issue.publish_at) == (None, None, None)

    def test_the_callers_issue_object_reflects_the_new_state(self, editor):
        issue = draft()
        workflow.submit(issue, editor)
        assert issue.status == IN_REVIEW


class TestTheRecord:
    def test_each_step_records_who_when_from_to_and_comment(self, editor, chief):
        issue = draft()
        workflow.submit(issue, editor, comment="请审")
        workflow.return_to_draft(issue, chief, comment="补充来源")
        workflow.submit(issue, editor)
        workflow.approve(issue, chief)
        workflow.publish(issue, chief)
        steps = list(issue.transitions.order_by("created_at", "pk"))
        assert [(s.from_status, s.to_status, s.actor) for s in steps] == [
            (DRAFT, IN_REVIEW, editor),
            (IN_REVIEW, DRAFT, chief),
            (DRAFT, IN_REVIEW, editor),
            (IN_REVIEW, APPROVED, chief),
            (APPROVED, PUBLISHED, chief),
        ]
        assert [s.comment for s in steps][:2] == ["请审", "补充来源"]
        assert all(s.created_at is not None for s in steps)

    def test_the_withdrawal_reason_is_kept(self, chief):
        issue = in_state(PUBLISHED)
        earlier = list(issue.transitions.values_list("pk", flat=True))
        workflow.withdraw(issue, chief, reason="第3篇数据有误，撤回更正")
        step = issue.transitions.exclude(pk__in=earlier).get()
        assert (step.from_status, step.to_status, step.comment) == (
            PUBLISHED,
            DRAFT,
            "第3篇数据有误，撤回更正",
        )

    def test_a_refused_step_records_nothing(self, chief):
        issue = draft()
        with pytest.raises(workflow.WorkflowError):
            workflow.approve(issue, chief)
        assert not IssueTransition.objects.exists()

    def test_record_keeps_working_for_the_importer(self):
        issue = draft()
        step = workflow.record(issue, APPROVED, comment="imported")
        assert (step.from_status, step.to_status, step.actor) == (DRAFT, APPROVED, None)
        assert status_of(issue) == APPROVED


class TestInvalidSteps:
    """An impossible step is refused with a clear message and changes nothing."""

    @pytest.mark.parametrize(
        "status, step",
        [
            (IN_REVIEW, "submit"),
            (APPROVED, "submit"),
            (PUBLISHED, "submit"),
            (DRAFT, "approve"),
            (APPROVED, "approve"),
            (PUBLISHED, "approve"),
            (DRAFT, "publish"),
            (IN_REVIEW, "publish"),
            (DRAFT, "return"),
            (PUBLISHED, "return"),
            (DRAFT, "withdraw"),
            (IN_REVIEW, "withdraw"),
            (APPROVED, "withdraw"),
            (PUBLISHED, "reschedule"),
        ],
    )
    def test_step_from_the_wrong_state_is_refused(self, superuser, status, step):
        issue = in_state(status)
        with pytest.raises(workflow.WorkflowError) as refused:
            workflow.perform(issue, step, superuser, comment="理由")
        assert "无法" in str(refused.value)
        assert issue.get_status_display() in str(refused.value)
        assert status_of(issue) == status

    def test_returning_without_a_comment_is_refused(self, chief):
        issue = in_state(IN_REVIEW)
        with pytest.raises(workflow.WorkflowError, match="需要填写"):
            workflow.return_to_draft(issue, chief, comment="  ")
        assert status_of(issue) == IN_REVIEW

    def test_withdrawing_without_a_reason_is_refused(self, chief):
        issue = in_state(PUBLISHED)
        with pytest.raises(workflow.WorkflowError, match="需要填写"):
            workflow.withdraw(issue, chief, reason="")
        assert status_of(issue) == PUBLISHED

    def test_an_unknown_step_is_refused(self, superuser):
        with pytest.raises(workflow.WorkflowError):
            workflow.perform(draft(), "archive", superuser)

    def test_a_stale_object_cannot_repeat_a_step_already_taken(self, chief):
        issue = in_state(IN_REVIEW)
        stale_copy = Issue.objects.get(pk=issue.pk)
        steps_before = issue.transitions.count()
        workflow.approve(issue, chief)
        with pytest.raises(workflow.WorkflowError):
            workflow.approve(stale_copy, chief)
        assert issue.transitions.count() == steps_before + 1


class TestThePreSubmissionCheck:
    def test_a_complete_draft_has_no_problems(self):
        assert workflow.problems(draft()) == []

    def test_an_issue_without_a_date_is_reported(self):
        issue = draft()
        Issue.objects.filter(pk=issue.pk).update(issue_date=None)
        issue.refresh_from_db()
        assert workflow.problems(issue) == ["未填写出刊日期。"]

    def test_an_issue_without_sections_is_reported(self):
        issue = draft(sections=())
        assert "本期还没有栏目。" in workflow.problems(issue)

    def test_a_section_without_articles_is_reported(self):
        issue = draft(sections=("工作动态", "简讯"))
        Article.objects.filter(section__name="简讯").delete()
        assert workflow.problems(issue) == ["【简讯】还没有文章。"]

    def test_an_article_without_title_or_body_is_reported(self):
        issue = draft(sections=("工作动态",), articles_per_section=2)
        first, second = issue.sections.get().articles.order_by("position")
        first.title = ""
        first.save()
        second.body = "  "
        second.save()
        assert workflow.problems(issue) == [
            "【工作动态】第1篇文章没有标题。",
            "【工作动态】《工作动态文章2》没有正文。",
        ]

    def test_an_empty_distribution_list_is_reported(self):
        issue = draft(distribution=())
        assert workflow.problems(issue) == ["本期印发名单为空。"]

    def test_submitting_an_incomplete_issue_is_refused_with_the_list(self, editor):
        issue = draft(distribution=())
        with pytest.raises(workflow.WorkflowError) as refused:
            workflow.submit(issue, editor)
        assert refused.value.problems == ["本期印发名单为空。"]
        assert status_of(issue) == DRAFT
