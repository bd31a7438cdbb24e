"""Editors read and preview their own offices' issues on the reading site, not
another office's drafts or internal issues (issue 31)."""

import pytest

from editorial.content.models import Article, Issue
from tests.factories import default_bulletin, make_issue, make_user
from tests.reading.conftest import titled
from tests.signing import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def changshu_editor(roles, changshu):
    return make_user(
        "cs-editor",
        staff=True,
        groups=["编辑"],
        office=changshu.office,
        last_name="周",
        first_name="静",
    )


@pytest.fixture
def suzhou_editor(roles):
    return make_user("sz-editor", staff=True, groups=["编辑"], last_name="李", first_name="敏")


def _draft(bulletin, title):
    issue = make_issue(bulletin=bulletin, year=2013, number=7, status=Issue.Status.DRAFT)
    article = Article.objects.get(section__issue=issue)
    article.title = title
    article.save()
    return issue


def test_an_editor_previews_a_draft_of_their_own_office_only(
    client, changshu, changshu_editor, suzhou_editor
):
    suzhou_draft = _draft(default_bulletin(), "苏州的草稿")
    changshu_draft = _draft(changshu, "常熟的草稿")

    client.force_login(changshu_editor)
    own = client.get(changshu_draft.get_absolute_url())
    assert own.status_code == 200 and "常熟的草稿" in text(own)
    other = client.get(suzhou_draft.get_absolute_url())
    assert other.status_code == 404
    article = Article.objects.get(section__issue=suzhou_draft)
    assert client.get(article.get_absolute_url()).status_code == 404

    client.force_login(suzhou_editor)
    assert "苏州的草稿" in text(client.get(suzhou_draft.get_absolute_url()))


def test_an_editor_reads_the_internal_issues_of_their_own_office_only(
    client, changshu, changshu_editor, suzhou_editor
):
    suzhou = titled(
        default_bulletin(), 2012, 3, "苏州的内部文章", visibility=Issue.Visibility.INTERNAL
    )
    changshu_issue = titled(
        changshu, 2012, 4, "常熟的内部文章", visibility=Issue.Visibility.INTERNAL
    )

    client.force_login(changshu_editor)
    assert "常熟的内部文章" in text(client.get(changshu_issue.get_absolute_url()))
    refused = client.get(suzhou.get_absolute_url())
    assert refused.status_code == 403
    assert "苏州的内部文章" not in refused.content.decode()
    assert "苏州的内部文章" not in text(client.get("/search/", {"q": "内部文章"}))

    client.force_login(suzhou_editor)
    assert "苏州的内部文章" in text(client.get(suzhou.get_absolute_url()))
