"""Fixtures for the reading site: readers of every kind, imported sample issues."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.management import call_command

from editorial.content.models import Issue, Recipient, UnitMembership
from tests.factories import make_user

SEEDS = Path(settings.BASE_DIR) / "seeds"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for a commit (index upkeep, cache invalidation) as it would in production.

    Usage: ``with committed(): ...``.
    """

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def samples(db, committed):
    """The two real sample issues (2007 and 2012), imported as the importer does."""
    with committed():
        call_command("import_legacy", str(SEEDS), verbosity=0)
    return {issue.year: issue for issue in Issue.objects.all()}


@pytest.fixture
def staff(db):
    """A signed-in staff reader with no editorial permission, of 省总工会: a unit on
    the distribution list of the factories' issues, so it reads their internal ones."""
    user = make_user("reader", staff=True)
    unit, _ = Recipient.objects.get_or_create(name="省总工会")
    UnitMembership.objects.create(user=user, unit=unit)
    return user


@pytest.fixture
def editor(db):
    """May preview drafts: holds editorial.change_issue."""
    user = make_user("previewer", staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_issue"))
    return user


@pytest.fixture
def member(db):
    """Signed in, but not staff."""
    return make_user("member")
