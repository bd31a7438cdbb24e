"""Helpers for the registry, sign-off and errata tests: issues taken through the
real workflow, and the corrections permissions put back after a flush."""

import importlib
from contextlib import contextmanager
from datetime import date

from django.apps import apps
from django.contrib.auth.models import Group
from django.utils.html import strip_tags

from editorial.content.models import Article, Issue
from editorial.workflow import transitions as workflow
from tests.factories import make_issue

ROLES_MIGRATION = importlib.import_module("editorial.migrations.0003_roles")
BEYOND_MIGRATION = importlib.import_module(
    "editorial.migrations.0006_seed_synonyms_and_role_permissions"
)
SIGNOFF_MIGRATION = importlib.import_module(
    "editorial.migrations.0008_correction_permissions_and_signed_versions"
)


@contextmanager
def app_registry_kept():
    """The role migrations mark app configs as having no models module while they
    create permissions; called with the project's registry (as tests do), that
    would stop a later flush from recreating content types and permissions."""
    saved = [(config, config.models_module) for config in apps.get_app_configs()]
    try:
        yield
    finally:
        for config, models_module in saved:
            config.models_module = models_module


def grant_correction_permissions() -> None:
    """What migration 0008 gives the roles (gone after a transactional test's flush)."""
    with app_registry_kept():
        SIGNOFF_MIGRATION.grant_permissions(apps, None)


def setup_roles() -> None:
    """The 编辑 and 签发人 groups with every permission the migrations give them,
    put back after a transactional test's flush as the migrations do."""
    with app_registry_kept():
        if Group.objects.filter(name__in=["编辑", "签发人"]).count() != 2:
            ROLES_MIGRATION.create_roles(apps, None)
        BEYOND_MIGRATION.grant_permissions(apps, None)
        SIGNOFF_MIGRATION.grant_permissions(apps, None)


def in_review(**fields) -> Issue:
    """A complete issue waiting for sign-off."""
    fields.setdefault("year", 2026)
    fields.setdefault("number", 5)
    fields.setdefault("issue_date", date(fields["year"], 3, 2))
    issue = make_issue(status=Issue.Status.DRAFT, **fields)
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.IN_REVIEW)
    issue.refresh_from_db()
    return issue


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
