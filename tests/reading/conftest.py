"""Fixtures for the reading site: readers of every kind, imported sample issues."""

from pathlib import Path

import pytest
from django.conf import settings

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
def editor(roles):
    """May preview drafts: an editor (编辑) of the office that publishes them (the
    migrated bulletin's)."""
    return make_user("previewer", staff=True, groups=["编辑"])


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


CHANGSHU_HOST = "changshu.example.org"


@pytest.fixture
def changshu(db):
    """A second office, under the migrated one (苏州), with its own bulletin and its
    own host name."""
    from editorial.offices.models import Bulletin, Office
    from tests.factories import default_bulletin

    suzhou = default_bulletin()
    office = Office.objects.create(
        name="常熟市总工会办公室", parent=suzhou.office, host=CHANGSHU_HOST
    )
    return Bulletin.objects.create(
        office=office,
        name="常熟工会简报",
        short_name="常熟简报",
        slug="changshu",
        publisher="常熟市总工会办公室编",
        position=1,
    )


def titled(bulletin, year, number, title, **fields):
    """A published issue of ``bulletin`` whose one article is titled ``title``,
    taken through the workflow by that bulletin's office (``fields``: the
    issue's, set before the sign-off)."""
    from editorial.content.models import Article, Issue
    from tests.factories import make_issue, take_to

    issue = make_issue(bulletin=bulletin, year=year, number=number, status=Issue.Status.DRAFT)
    article = Article.objects.get(section__issue=issue)
    article.title = title
    article.save()
    for name, value in fields.items():
        setattr(issue, name, value)
    issue.save()
    return take_to(issue, Issue.Status.PUBLISHED)
