"""What readers see follows the workflow at once, cached pages included."""

from datetime import timedelta

import pytest
from django.utils import timezone

from editorial.content.models import Issue
from editorial.workflow import transitions as workflow
from tests.workflow.conftest import in_state

pytestmark = pytest.mark.django_db


def test_publishing_puts_the_issue_on_the_site(client, chief):
    issue = in_state(Issue.Status.APPROVED)
    assert client.get(issue.get_absolute_url()).status_code == 404
    workflow.publish(issue, chief)
    assert client.get(issue.get_absolute_url()).status_code == 200


def test_a_withdrawn_issue_disappears_from_the_site_even_when_cached(
    client, chief, django_capture_on_commit_callbacks
):
    issue = in_state(Issue.Status.PUBLISHED)
    assert client.get(issue.get_absolute_url()).status_code == 200
    assert client.get(issue.get_absolute_url()).status_code == 200
    # The page cache is invalidated once the withdrawal commits.
    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw(issue, chief, reason="数据有误")
    assert client.get(issue.get_absolute_url()).status_code == 404


def test_a_scheduled_issue_is_not_on_the_site_before_its_time(client, chief):
    issue = in_state(Issue.Status.APPROVED)
    workflow.publish(issue, chief, at=timezone.now() + timedelta(hours=3))
    assert client.get(issue.get_absolute_url()).status_code == 404
