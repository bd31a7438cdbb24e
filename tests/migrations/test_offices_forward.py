"""A database at schema ``editorial 0024`` (the last before offices and bulletins)
migrates forward to the newest migrations with every row kept: every issue and
every reader's copy is the one bulletin's, made of the settings, whose first
总第N期 is that of the earliest numbered issue; editors and chief editors become
members of its office in their role.

The old database is made with today's code — issues numbered, signed off,
published, edited since, a signed reader's copy each — and migrated back to
0024, which drops what 0024 did not have (the offices, the bulletin columns);
every row of every table is then read with SQL, migrated forward, and compared
column by column (new columns may appear).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from editorial.content.models import Issue
from editorial.offices.models import Bulletin, Membership, Office
from editorial.signed.models import SignedIssue
from tests.factories import create_roles, make_issue, make_user
from tests.signing import first_article

from .test_forward import lost_or_changed, migrate_to_leaves, snapshot

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_OFFICES = ("editorial", "0024_history_in_the_audit_log")


@dataclass
class Migrated:
    before: dict
    after: dict
    issues: dict[str, int]
    # What today's models read from the migrated database.
    bulletins: list[tuple]
    offices: list[str]
    issue_bulletins: set
    copy_bulletins: set
    copies: int
    members: list[tuple]


def old_content() -> dict[str, int]:
    """Issues numbered and signed as the code before offices left them, and the
    people who made them."""
    create_roles()
    make_user("editor", staff=True, groups=["编辑"], last_name="李", first_name="敏")
    make_user("chief", staff=True, groups=["签发人"], last_name="王", first_name="建国")
    both = make_user("both", staff=True, groups=["编辑"])
    both.groups.add(Group.objects.get(name="签发人"))
    make_user("clerk", staff=True)
    issues = {
        "first": make_issue(
            year=2011, number=24, cumulative_number=203, issue_date=date(2011, 12, 20)
        ),
        "second": make_issue(
            year=2012, number=1, cumulative_number=204, issue_date=date(2012, 1, 10)
        ),
        "internal": make_issue(
            year=2012,
            number=2,
            cumulative_number=205,
            issue_date=date(2012, 2, 10),
            visibility=Issue.Visibility.INTERNAL,
        ),
        "supplement": make_issue(
            year=2012, number=1, series=Issue.Series.SUPPLEMENT, issue_date=date(2012, 2, 1)
        ),
        "approved": make_issue(
            year=2012, number=3, issue_date=date(2012, 3, 10), status=Issue.Status.APPROVED
        ),
        "draft": make_issue(year=2012, number=4, status=Issue.Status.DRAFT),
    }
    edited = first_article(issues["second"])
    edited.title = "签发后改过的标题"
    edited.save()
    return {key: issue.pk for key, issue in issues.items()}


@pytest.fixture(scope="module")
def migrated(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        try:
            issues = old_content()
            executor = MigrationExecutor(connection)
            executor.migrate([BEFORE_OFFICES])
            ContentType.objects.clear_cache()
            before = snapshot()
            migrate_to_leaves()
            yield Migrated(
                before=before,
                after=snapshot(),
                issues=issues,
                bulletins=list(
                    Bulletin.objects.values_list(
                        "slug", "name", "publisher", "cumulative_start", "office__name"
                    )
                ),
                offices=list(Office.objects.values_list("name", flat=True)),
                issue_bulletins=set(Issue.objects.values_list("bulletin__slug", flat=True)),
                copy_bulletins=set(SignedIssue.objects.values_list("bulletin__slug", flat=True)),
                copies=SignedIssue.objects.count(),
                members=sorted(
                    Membership.objects.values_list("user__username", "office__name", "role")
                ),
            )
        finally:
            migrate_to_leaves()


def test_the_old_database_has_no_offices(migrated):
    assert "editorial_office" not in migrated.before
    assert "bulletin_id" not in next(iter(migrated.before["editorial_issue"].values()))
    assert len(migrated.before["editorial_issue"]) == 6
    assert len(migrated.before["editorial_signedissue"]) == 5
    assert "clerk" in {row["username"] for row in migrated.before["auth_user"].values()}


def test_every_row_of_every_table_is_kept_with_its_values(migrated):
    problems = lost_or_changed(migrated.before, migrated.after)
    assert not problems, "\n".join(problems)


def test_the_settings_bulletin_becomes_one_office_with_one_bulletin(migrated):
    configured = getattr(settings, "BULLETIN", {})
    publisher = configured.get("PUBLISHER") or "市总工会办公室"
    assert migrated.offices == [publisher]
    assert migrated.bulletins == [
        ("bulletin", configured.get("TITLE") or "工会工作简报", publisher, 203, publisher)
    ]


def test_every_issue_and_every_readers_copy_is_that_bulletins(migrated):
    assert migrated.issue_bulletins == {"bulletin"}
    assert migrated.copy_bulletins == {"bulletin"}
    assert migrated.copies == 5


def test_editors_and_chief_editors_become_members_in_their_role(migrated):
    office = migrated.offices[0]
    assert migrated.members == [
        ("both", office, "签发人"),  # a chief editor who is also an editor
        ("chief", office, "签发人"),
        ("editor", office, "编辑"),
        ("sample-chief", office, "签发人"),
        ("sample-editor", office, "编辑"),
    ]
