"""The officers' pages and e-mails name the issue an item was adopted into as
its readers see it: the signed, live issue — never a draft that may yet change."""

from django.core import mail
from django.urls import reverse

from editorial.content.models import Issue
from editorial.submissions import decisions
from tests.factories import take_to
from tests.submissions.conftest import submit


def adopted(officer, editor, issue):
    submission = submit(officer)
    decisions.adopt(
        [submission], section=issue.sections.get(name="工作动态"), kind="article", user=editor
    )
    return submission


def page(client, officer, name, *args) -> str:
    client.force_login(officer)
    return client.get(reverse(f"submissions:{name}", args=args)).content.decode()


def test_an_item_adopted_into_a_draft_names_no_issue_yet(client, officer, editor, draft_issue):
    submission = adopted(officer, editor, draft_issue)

    assert "2026年第7期" not in page(client, officer, "detail", submission.pk)
    assert "2026年第7期" not in page(client, officer, "list")


def test_the_adoption_email_names_no_draft(
    officer, editor, draft_issue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        adopted(officer, editor, draft_issue)

    assert mail.outbox
    assert all("2026年第7期" not in message.body for message in mail.outbox)


def test_a_published_issue_is_named_as_signed(client, officer, editor, draft_issue):
    submission = adopted(officer, editor, draft_issue)
    take_to(draft_issue, Issue.Status.PUBLISHED)
    draft_issue.title = "未签发的刊名"  # a change of the working copy, not signed off
    draft_issue.save()

    for text in (
        page(client, officer, "detail", submission.pk),
        page(client, officer, "list"),
    ):
        assert "2026年第7期" in text
        assert "未签发的刊名" not in text
