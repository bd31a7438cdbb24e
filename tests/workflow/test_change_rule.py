"""The change rule, asked at every admin door.

Drafts are open to the editors (编辑, 签发人); once an issue has left draft only
a chief editor (签发人) or a superuser may change it or anything in it; nothing
moves from one issue into another."""

import pytest
from django.urls import reverse

from editorial.content.models import Article, Issue, Section
from editorial.workflow import transitions as workflow
from tests.factories import make_issue

pytestmark = pytest.mark.django_db


def published(editor, chief, **fields) -> Issue:
    issue = make_issue(status=Issue.Status.DRAFT, **fields)
    workflow.submit(issue, editor)
    workflow.approve(issue, chief)
    workflow.publish(issue, chief)
    return issue


def test_an_editor_cannot_add_a_section_to_a_published_issue(client, editor, chief):
    issue = published(editor, chief, year=2026, number=1)
    client.force_login(editor)

    response = client.post(
        reverse("admin:editorial_section_add"),
        {"issue": issue.pk, "name": "偷加的栏目", "position": 9},
    )

    assert response.status_code < 500
    assert not Section.objects.filter(name="偷加的栏目").exists()


def test_a_draft_section_cannot_be_moved_into_a_published_issue(client, editor, chief):
    target = published(editor, chief, year=2026, number=1)
    section = Section.objects.get(issue=make_issue(status=Issue.Status.DRAFT, year=2026, number=2))
    client.force_login(editor)

    response = client.post(
        reverse("admin:editorial_section_change", args=[section.pk]),
        {"issue": target.pk, "name": section.name, "position": 9},
    )

    assert response.status_code < 500
    section.refresh_from_db()
    assert section.issue_id != target.pk
    assert not Article.objects.filter(section__issue=target, section=section).exists()
