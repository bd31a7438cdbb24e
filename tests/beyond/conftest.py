"""Fixtures for the distribution list, notifications and synonyms: units, the people
of each role with an email address, and the data migrations put back after a
transactional test's flush."""

import pytest
from django.apps import apps

from editorial.content.models import Recipient, UnitMembership
from editorial.search.models import SynonymGroup
from tests.beyond.signing import BEYOND_MIGRATION, setup_roles
from tests.factories import make_user

LISTED = "省总工会"  # on the factories' default distribution list
UNLISTED = "市各有关部门"


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def roles(db):
    """The 编辑 and 签发人 groups with every permission the migrations give them."""
    setup_roles()


@pytest.fixture
def seeded_synonyms(db):
    """The synonym groups migration 0006 seeds (gone after a transactional test's flush)."""
    if not SynonymGroup.objects.exists():
        BEYOND_MIGRATION.seed_synonyms(apps, None)


def member_of(unit_name: str, username: str, *, staff: bool = True, **extra):
    """A user of the unit ``unit_name`` (created if need be)."""
    unit, _ = Recipient.objects.get_or_create(name=unit_name)
    user = make_user(username, staff=staff, **extra)
    UnitMembership.objects.create(user=user, unit=unit)
    return user


@pytest.fixture
def listed_reader(db):
    """Staff of 省总工会, a unit on the factories' distribution lists."""
    return member_of(LISTED, "listed", first_name="李四")


@pytest.fixture
def outsider(db):
    """Staff of a unit that is on no list."""
    return member_of(UNLISTED, "outsider")


@pytest.fixture
def editor(roles):
    return make_user("editor", staff=True, groups=["编辑"], email="editor@example.org")


@pytest.fixture
def chief(roles):
    return make_user("chief", staff=True, groups=["签发人"], email="chief@example.org")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for a commit (emails, cache upkeep) as it would in production."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run
