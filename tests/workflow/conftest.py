"""Fixtures for the editorial workflow: one user per role, and issues in each state."""

import importlib
from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from editorial.content.models import Issue
from tests.factories import make_issue, make_user

ROLES_MIGRATION = importlib.import_module("editorial.migrations.0003_roles")


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
