"""The issue page's masthead shows the issue's date once, not the sign-off date beside it."""

from datetime import date

import pytest

from editorial.content.models import Issue
from tests.factories import make_issue, take_to

pytestmark = pytest.mark.django_db


def masthead_of(client, issue) -> str:
    body = client.get(issue.get_absolute_url()).content.decode()
    start = body.index('<header class="masthead">')
    return body[start : body.index("</header>", start)]


def test_the_masthead_shows_one_date(client):
    issue = take_to(
        make_issue(status=Issue.Status.DRAFT, year=2026, number=4, issue_date=date(2026, 4, 25)),
        Issue.Status.PUBLISHED,
    )
    masthead = masthead_of(client, issue)
    assert masthead.count("<time") == 1
    assert "2026年4月25日" in masthead
