"""Deleting the article a submission was adopted into undoes the adoption: the
item goes back to the office's inbox, the officer is told, and the 通报 no
longer counts it. Deleting is still the change rule's to allow."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from editorial.content.models import Article, Issue
from editorial.submissions import decisions
from editorial.submissions.models import Decision, HigherPublication, ScoringRule, Submission
from editorial.submissions.statistics import YEAR, Period, circular
from editorial.workflow.models import AuditEntry
from tests.factories import make_issue, take_to
from tests.legacy.test_parser import SAMPLE_2012
from tests.submissions.conftest import submit


@pytest.fixture
def section(draft_issue):
    return draft_issue.sections.get(name="工作动态")


def adopted(editor, section, *submissions, kind="article") -> Article:
    return decisions.adopt(submissions, section=section, kind=kind, user=editor)


def delete_article(client, article):
    return client.post(
        reverse("admin:editorial_article_delete", args=[article.pk]), {"post": "yes"}
    )


def test_deleting_an_adopted_article_puts_the_submission_back_in_the_inbox_unread(
    client, editor, officer, section
):
    submission = submit(officer)
    article = adopted(editor, section, submission)
    client.force_login(editor)

    delete_article(client, article)

    submission.refresh_from_db()
    assert (submission.status, submission.article, submission.seen_at) == ("submitted", None, None)
    inbox = client.get(reverse("admin:editorial_submission_changelist"))
    assert list(inbox.context["cl"].result_list) == [submission]
    assert inbox.content.decode().count('class="unread"') == 1


def test_the_undone_adoption_is_a_decision_and_an_audit_record_naming_who_deleted(
    client, editor, officer, section
):
    submission = submit(officer)
    article = adopted(editor, section, submission)
    client.force_login(editor)

    delete_article(client, article)

    decision = submission.decisions.get(action=Decision.Action.ARTICLE_DELETED)
    assert decision.actor == editor
    assert "金秋助学活动" in decision.comment
    entry = AuditEntry.objects.get(action="adoption_undone")
    assert (entry.actor, entry.object_repr) == (editor, submission.title)


def test_the_officer_sees_and_is_emailed_that_the_adopted_article_was_deleted(
    client, editor, officer, section, committed
):
    submission = submit(officer)
    article = adopted(editor, section, submission)
    client.force_login(editor)
    mail.outbox.clear()

    with committed():
        delete_article(client, article)

    assert [message.to for message in mail.outbox] == [["officer@example.org"]]
    assert "采用稿件已删除" in mail.outbox[0].subject
    client.force_login(officer)
    page = client.get(reverse("submissions:detail", args=[submission.pk])).content.decode()
    assert "采用稿件已删除" in page and "已报送" in page


def test_deleting_a_merged_roundup_sends_every_merged_submission_back(
    client, editor, officer, other_officer, section
):
    first, second = submit(officer, "常熟简讯"), submit(other_officer, "昆山简讯")
    roundup = adopted(editor, section, first, second, kind="brief")
    client.force_login(editor)

    client.post(
        reverse("admin:editorial_article_changelist"),
        {"action": "delete_selected", "_selected_action": [roundup.pk], "post": "yes"},
    )

    assert not Article.objects.filter(pk=roundup.pk).exists()
    assert set(Submission.objects.values_list("title", "status")) == {
        ("常熟简讯", "submitted"),
        ("昆山简讯", "submitted"),
    }
    assert Decision.objects.filter(action=Decision.Action.ARTICLE_DELETED).count() == 2


def test_deleting_the_draft_section_holding_it_sends_the_submission_back(
    client, editor, officer, section
):
    submission = submit(officer)
    adopted(editor, section, submission)
    client.force_login(editor)

    client.post(reverse("admin:editorial_section_delete", args=[section.pk]), {"post": "yes"})

    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.SUBMITTED


def test_deleting_a_draft_issue_sends_its_adopted_submissions_back(
    client, editor, chief, officer, draft_issue, section
):
    submission = submit(officer)
    adopted(editor, section, submission)
    client.force_login(chief)

    client.post(reverse("admin:editorial_issue_delete", args=[draft_issue.pk]), {"post": "yes"})

    assert not Issue.objects.filter(pk=draft_issue.pk).exists()
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.SUBMITTED


def test_an_adopted_article_of_a_signed_issue_is_still_not_an_editors_to_delete(
    client, editor, officer, draft_issue, section
):
    submission = submit(officer)
    article = adopted(editor, section, submission)
    take_to(draft_issue, Issue.Status.APPROVED)
    client.force_login(editor)

    delete_article(client, article)

    assert Article.objects.filter(pk=article.pk).exists()
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.ADOPTED
    assert not Decision.objects.filter(action=Decision.Action.ARTICLE_DELETED).exists()


def test_a_deleted_adoption_no_longer_counts_or_scores_in_the_circular(
    client, editor, officer, section
):
    ScoringRule.objects.create(kind="article", points=10, starts_on=date(2000, 1, 1))
    adopted(editor, section, submit(officer, "保留的来稿"))
    gone = adopted(editor, section, submit(officer, "删去的来稿"))
    client.force_login(editor)

    delete_article(client, gone)

    row = circular(Period(YEAR, timezone.localdate().year)).units[0]
    assert (row.submitted, row.adopted, row.score) == (2, 1, Decimal(10))


def test_a_higher_level_adoption_of_an_item_whose_article_was_deleted_scores_nothing(
    client, editor, officer, section
):
    provincial = HigherPublication.objects.create(name="省总《工会信息》")
    ScoringRule.objects.create(
        publication=provincial, kind="article", points=25, starts_on=date(2000, 1, 1)
    )
    submission = submit(officer)
    article = adopted(editor, section, submission)
    submission.refresh_from_db()
    forwarding = decisions.forward(submission, provincial, editor)
    decisions.adopted_upward(forwarding, editor, on=timezone.localdate(), kind="article")
    client.force_login(editor)

    delete_article(client, article)

    row = circular(Period(YEAR, timezone.localdate().year)).units[0]
    assert (row.upward, row.score) == (0, Decimal(0))


def test_the_editor_is_told_which_submissions_went_back_to_the_inbox(
    client, editor, officer, other_officer, section
):
    roundup = adopted(
        editor, section, submit(officer, "常熟简讯"), submit(other_officer, "昆山简讯")
    )
    client.force_login(editor)

    page = client.post(
        reverse("admin:editorial_article_delete", args=[roundup.pk]), {"post": "yes"}, follow=True
    ).content.decode()

    assert "2 条已采用的来稿退回来稿箱待处理：《常熟简讯》、《昆山简讯》" in page


def test_replacing_an_issue_from_a_legacy_file_sends_its_adopted_submissions_back(
    editor, officer, tmp_path
):
    legacy_file = tmp_path / "2012_08.txt"
    legacy_file.write_bytes(SAMPLE_2012.read_bytes())
    issue = make_issue(status=Issue.Status.DRAFT, year=2012, number=8)
    submission = submit(officer)
    adopted(editor, issue.sections.first(), submission)

    call_command(
        "import_legacy",
        legacy_file,
        "--replace",
        "--status",
        "draft",
        "--user",
        "editor",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )

    assert Issue.objects.get(pk=issue.pk).legacy_filename
    submission.refresh_from_db()
    assert (submission.status, submission.article) == (Submission.Status.SUBMITTED, None)
    assert submission.decisions.get(action=Decision.Action.ARTICLE_DELETED).actor == editor
