"""Fixtures for the reading site: readers of every kind, imported sample issues."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission

from editorial.content.models import Recipient, UnitMembership
from tests.factories import make_user

SEEDS = Path(settings.BASE_DIR) / "seeds"


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


@pytest.fixture
def issue(chief, committed):
    """A published issue of two sections, signed off by the chief editor."""
    from tests.signing import signed_and_published

    with committed():
        return signed_and_published(chief, year=2012, number=8, sections=("工作动态", "简讯"))
