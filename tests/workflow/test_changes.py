"""An edit of a signed issue's working copy is noted, so that the workflow offers to
sign off the changes; a workflow step is not an edit."""

import pytest

from editorial.content.models import ArticleImage, Issue, SourceOrganization
from editorial.workflow import transitions as workflow
from tests.factories import make_user
from tests.signing import first_article, setup_roles, signed_and_published

pytestmark = pytest.mark.django_db


@pytest.fixture
def issue(db):
    setup_roles()
    chief = make_user("chief", staff=True, groups=["签发人"])
    return signed_and_published(chief, year=2012, number=8)


def reloaded(issue) -> Issue:
    return Issue.objects.get(pk=issue.pk)


def test_a_signed_and_published_issue_has_no_unsigned_changes(issue):
    assert not reloaded(issue).unsigned_changes


def test_editing_an_article_notes_unsigned_changes_and_the_time(issue):
    before = reloaded(issue).updated_at
    article = first_article(issue)
    article.body = "新的正文"
    article.save()
    assert reloaded(issue).unsigned_changes
    assert reloaded(issue).updated_at > before


def test_editing_the_masthead_notes_unsigned_changes(issue):
    issue.publisher = "新的编印单位"
    issue.save()
    assert reloaded(issue).unsigned_changes


def test_renaming_a_cited_organization_notes_unsigned_changes(issue):
    organization = SourceOrganization.objects.get(name="市总工会宣教部")
    organization.name = "市总工会宣传教育部"
    organization.save()
    assert reloaded(issue).unsigned_changes


def test_tagging_an_article_notes_unsigned_changes(issue):
    first_article(issue).tags.add("劳模")
    assert reloaded(issue).unsigned_changes


def test_adding_a_picture_notes_unsigned_changes(issue):
    ArticleImage.objects.create(
        article=first_article(issue), file="article-images/new.png", caption="新图片"
    )
    assert reloaded(issue).unsigned_changes


def test_removing_a_picture_notes_unsigned_changes(issue):
    picture = ArticleImage.objects.create(article=first_article(issue), file="article-images/a.png")
    workflow.resign(reloaded(issue), make_user("chief3", staff=True, groups=["签发人"]))
    assert not reloaded(issue).unsigned_changes
    picture.delete()
    assert reloaded(issue).unsigned_changes


def test_a_workflow_step_is_not_an_edit(issue):
    chief = make_user("chief2", staff=True, groups=["签发人"])
    workflow.withdraw(issue, chief, reason="撤回")
    assert not reloaded(issue).unsigned_changes
