"""Helpers for the registry, sign-off and errata tests: issues taken through the
real workflow, and the corrections permissions put back after a flush."""

import importlib
from datetime import date

from django.apps import apps
from django.utils.html import strip_tags

from editorial.content.models import Article, Issue
from editorial.workflow import transitions as workflow
from tests.factories import app_registry_kept, create_roles, make_issue

BEYOND_MIGRATION = importlib.import_module(
    "editorial.migrations.0006_seed_synonyms_and_role_permissions"
)
SIGNOFF_MIGRATION = importlib.import_module(
    "editorial.migrations.0008_correction_permissions_and_signed_versions"
)
SUBMISSIONS_MIGRATION = importlib.import_module("editorial.migrations.0012_submissions")
PICTURES_MIGRATION = importlib.import_module("editorial.migrations.0016_article_images")


def grant_correction_permissions() -> None:
    """What migration 0008 gives the roles (gone after a transactional test's flush)."""
    with app_registry_kept():
        SIGNOFF_MIGRATION.grant_permissions(apps, None)


def setup_roles() -> None:
    """The 编辑, 签发人 and 信息员 groups with every permission the migrations give them,
    put back after a transactional test's flush as the migrations do."""
    create_roles()
    with app_registry_kept():
        BEYOND_MIGRATION.grant_permissions(apps, None)
        SIGNOFF_MIGRATION.grant_permissions(apps, None)
        SUBMISSIONS_MIGRATION.grant_permissions(apps, None)
        PICTURES_MIGRATION.grant_permissions(apps, None)


def in_review(**fields) -> Issue:
    """A complete issue waiting for sign-off."""
    fields.setdefault("year", 2026)
    fields.setdefault("number", 5)
    fields.setdefault("issue_date", date(fields["year"], 3, 2))
    return make_issue(status=Issue.Status.IN_REVIEW, **fields)


def signed_and_published(chief, **fields) -> Issue:
    """An issue signed off and published by ``chief`` through the workflow."""
    issue = in_review(**fields)
    workflow.approve(issue, chief)
    workflow.publish(issue, chief)
    issue.refresh_from_db()
    return issue


def first_article(issue: Issue) -> Article:
    return Article.objects.filter(section__issue=issue).order_by("section__position", "position")[0]


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def visible_text(response) -> str:
    return strip_tags(text(response))
