"""Fixtures for the editorial workflow: one user per role, and issues in each state."""

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser, Group

from editorial.content.models import Issue
from tests.factories import make_issue, make_user

ROLES_MIGRATION = importlib.import_module("editorial.migrations.0003_roles")


@pytest.fixture
def roles(db):
    """The 编辑 and 签发人 groups. A transactional test's flush removes what the
    data migration created; this puts it back the way the migration does."""
    if Group.objects.filter(name__in=["编辑", "签发人"]).count() != 2:
        ROLES_MIGRATION.create_roles(apps, None)


@pytest.fixture
def editor(roles):
    return make_user("editor", staff=True, groups=["编辑"])


@pytest.fixture
def chief(roles):
    return make_user("chief", staff=True, groups=["签发人"])


@pytest.fixture
def superuser(db):
    return make_user("admin", superuser=True)


@pytest.fixture
def staff(db):
    """Signed-in staff with no editorial role."""
    return make_user("clerk", staff=True)


@pytest.fixture
def anonymous():
    return AnonymousUser()


def draft(**fields) -> Issue:
    """A complete draft: it passes the pre-submission check."""
    fields.setdefault("year", 2026)
    fields.setdefault("number", 5)
    return make_issue(status=Issue.Status.DRAFT, issue_date=date(2026, 3, 2), **fields)


def in_state(status: str, **fields) -> Issue:
    """A complete issue taken to ``status`` through the workflow (``make_issue``)."""
    fields.setdefault("year", 2026)
    fields.setdefault("number", 5)
    return make_issue(status=status, issue_date=date(2026, 3, 2), **fields)
