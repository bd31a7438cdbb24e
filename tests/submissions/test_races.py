"""Two people acting on one item at the same moment: the office adopting it while
the issue is signed off, and an officer saving an edit while the office adopts
it. Each write path locks the row it writes and changes only its own fields.

The moment is reached deterministically: the other person's step runs exactly
where the first one writes (a ``pre_save`` receiver of the row being written),
which is the window two requests on two connections would meet in.
"""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models.signals import pre_save
from django.urls import reverse

from editorial.content.models import Article, Issue
from editorial.submissions import decisions
from editorial.submissions.models import Submission
from editorial.workflow import transitions
from editorial.workflow.transitions import WorkflowPermissionDenied
from tests.factories import make_issue, sample_staff, take_to
from tests.submissions.conftest import submit
from tests.submissions.test_officer_pages import form_data

pytestmark = pytest.mark.django_db


def test_an_adoption_asks_the_change_rule_of_the_issue_as_it_is_when_writing(
    editor, officer, draft_issue
):
    section = draft_issue.sections.get(name="工作动态")
    assert section.issue.status == Issue.Status.DRAFT  # what the office's page read
    take_to(Issue.objects.get(pk=draft_issue.pk), Issue.Status.APPROVED)  # signed off meanwhile
    submission = submit(officer)

    with pytest.raises(WorkflowPermissionDenied):
        decisions.adopt([submission], section=section, kind="article", user=editor)

    assert not Article.objects.filter(title=submission.title).exists()
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.SUBMITTED


class AdoptsWhileSaved:
    """Adopts the submission, as the office does, the moment the officer's save
    of it reaches the database."""

    def __init__(self, submission, section, editor):
        self.submission, self.section, self.editor = submission, section, editor
        self.article = None

    def __call__(self, sender, instance, **kwargs):
        if self.article is None and instance.pk == self.submission.pk:
            self.article = True  # the adoption's own save passes through here too
            self.article = decisions.adopt(
                [self.submission], section=self.section, kind="article", user=self.editor
            )


def test_an_officers_edit_saved_while_the_office_adopts_leaves_the_adoption(
    client, editor, officer, draft_issue
):
    submission = submit(officer)
    section = draft_issue.sections.get(name="工作动态")
    adopting = AdoptsWhileSaved(submission, section, editor)
    client.force_login(officer)
    pre_save.connect(adopting, sender=Submission)
    try:
        client.post(reverse("submissions:edit", args=[submission.pk]), form_data(title="改过"))
    finally:
        pre_save.disconnect(adopting, sender=Submission)

    submission.refresh_from_db()
    assert submission.status == Submission.Status.ADOPTED
    assert submission.article == adopting.article


def test_an_officers_edit_of_an_item_adopted_since_the_form_was_read_is_refused(
    client, editor, officer, draft_issue
):
    submission = submit(officer)
    client.force_login(officer)
    stale = Submission.objects.get(pk=submission.pk)
    decisions.adopt([submission], section=draft_issue.sections.first(), kind="article", user=editor)

    with pytest.raises(ValidationError):
        decisions.revise(stale, officer, {"title": "改过"})

    submission.refresh_from_db()
    assert submission.status == Submission.Status.ADOPTED
    assert submission.title != "改过"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_adoption_waits_for_a_submission_for_review_and_is_then_refused(
    roles, editor, officer, django_capture_on_commit_callbacks
):
    """Two connections on PostgreSQL: the issue goes to review, not committed yet,
    while the office adopts into it; the adoption waits for the step and is refused."""
    issue = make_issue(status=Issue.Status.DRAFT, year=2026, number=7)
    section = issue.sections.get()
    assert section.issue.status == Issue.Status.DRAFT  # what the office's page read
    submission = submit(officer)
    submitted, may_commit = threading.Event(), threading.Event()
    outcome = []

    def go_to_review():
        try:
            with transaction.atomic():
                transitions.submit(Issue.objects.get(pk=issue.pk), sample_staff()[0])
                submitted.set()
                may_commit.wait(10)
        finally:
            connection.close()

    def adopt():
        try:
            decisions.adopt([submission], section=section, kind="article", user=editor)
            outcome.append("adopted")
        except WorkflowPermissionDenied:
            outcome.append("refused")
        finally:
            connection.close()

    step = threading.Thread(target=go_to_review)
    step.start()
    assert submitted.wait(10)
    office = threading.Thread(target=adopt)
    office.start()
    time.sleep(0.5)  # the adoption now waits for the step's transaction
    may_commit.set()
    step.join(10)
    office.join(10)

    assert outcome == ["refused"]
    assert not Article.objects.filter(title=submission.title).exists()
