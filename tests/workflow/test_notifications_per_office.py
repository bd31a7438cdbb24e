"""Workflow e-mails and "waiting for me" stay within the issue's office: a
submission is mailed to its own office's chief editors, and a chief editor is
shown only their own office's issues to sign off."""

from datetime import date

import pytest

from editorial.content.models import Issue
from editorial.offices.models import Bulletin, Office
from editorial.workflow import notifications
from editorial.workflow import transitions as workflow
from tests.factories import default_bulletin, make_issue, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def changshu(db):
    office = Office.objects.create(name="常熟市总工会办公室", parent=default_bulletin().office)
    return Bulletin.objects.create(
        office=office, name="常熟工会工作简报", slug="changshu", publisher="常熟市总工会办公室"
    )


@pytest.fixture
def chiefs(changshu):
    suzhou = make_user("sz-chief", staff=True, groups=["签发人"], email="sz@example.org")
    changshu_chief = make_user(
        "cs-chief", staff=True, groups=["签发人"], office=changshu.office, email="cs@example.org"
    )
    return suzhou, changshu_chief


def test_a_submission_is_mailed_to_the_chief_editors_of_its_own_office(
    changshu, chiefs, mailoutbox, django_capture_on_commit_callbacks
):
    draft = make_issue(
        bulletin=changshu,
        status=Issue.Status.DRAFT,
        year=2026,
        number=1,
        issue_date=date(2026, 3, 2),
    )
    editor = make_user("cs-editor", staff=True, groups=["编辑"], office=changshu.office)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(draft, editor)

    assert [message.to for message in mailoutbox] == [["cs@example.org"]]
    assert "常熟工会工作简报" in mailoutbox[0].body


def test_a_chief_editor_waits_only_for_their_own_offices_issues(changshu, chiefs):
    suzhou_chief, changshu_chief = chiefs
    theirs = make_issue(bulletin=changshu, status=Issue.Status.IN_REVIEW, year=2026, number=1)
    ours = make_issue(status=Issue.Status.IN_REVIEW, year=2026, number=1)

    assert notifications.waiting_for(changshu_chief).to_sign_off == [theirs]
    assert notifications.waiting_for(suzhou_chief).to_sign_off == [ours]
