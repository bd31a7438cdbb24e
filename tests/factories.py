"""Small builders for test data: real model instances, saved through the ORM, and
issues taken to their state through the workflow, as editors take them."""

import importlib
from contextlib import contextmanager
from datetime import date, timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from editorial.content.models import (
    Article,
    ArticleSource,
    DistributionEntry,
    Issue,
    Recipient,
    SourceOrganization,
    UnitMembership,
)
from editorial.offices import access
from editorial.offices.models import Bulletin, Membership, Office
from editorial.workflow import transitions as workflow

ROLES_MIGRATION = importlib.import_module("editorial.migrations.0003_roles")
# The people who take the factories' issues through the workflow.
SAMPLE_EDITOR = "sample-editor"
SAMPLE_CHIEF = "sample-chief"


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


OFFICES_MIGRATION = importlib.import_module("editorial.migrations.0025_offices_and_bulletins")


def default_bulletin() -> Bulletin:
    """The office and bulletin migration 0025 makes of the settings (put back after
    a transactional test's flush, as the migration makes them)."""
    bulletin = Bulletin.objects.order_by("pk").first()
    if bulletin is None:
        with app_registry_kept():
            OFFICES_MIGRATION.one_office_one_bulletin(apps, None)
        bulletin = Bulletin.objects.order_by("pk").first()
    return bulletin


def create_roles() -> None:
    """The 编辑 and 签发人 groups as migration 0003 makes them (a transactional
    test's flush removes them), and the office they work in."""
    default_bulletin()
    if Group.objects.filter(name__in=[workflow.EDITORS, workflow.CHIEF_EDITORS]).count() != 2:
        with app_registry_kept():
            ROLES_MIGRATION.create_roles(apps, None)


def make_issue(
    *,
    year: int = 2012,
    number: int = 1,
    status: str = Issue.Status.PUBLISHED,
    visibility: str = Issue.Visibility.PUBLIC,
    publish_at=None,
    sections=("工作动态",),
    articles_per_section: int = 1,
    distribution=("全总办公厅", "省总工会"),
    **fields,
) -> Issue:
    """An issue with sections, articles (each with one source) and a distribution
    list, in ``status``.

    It is composed as a draft, then submitted by an editor, signed off and
    published by a chief editor (``sample_staff``) as far as ``status`` asks: a
    published issue has its reader's copy. A published issue goes live at
    ``publish_at`` (default: a day ago; a future time schedules it).
    """
    moves_on = status != Issue.Status.DRAFT
    if publish_at is None and status == Issue.Status.PUBLISHED:
        publish_at = timezone.now() - timedelta(days=1)
    fields.setdefault("bulletin", default_bulletin())
    issue = Issue.objects.create(
        year=year,
        number=number,
        visibility=visibility,
        publish_at=None if status == Issue.Status.PUBLISHED else publish_at,
        issue_date=fields.pop("issue_date", date(year, 4, 25)),
        **fields,
    )
    organization, _ = SourceOrganization.objects.get_or_create(name="市总工会宣教部")
    for s_position, name in enumerate(sections, 1):
        section = issue.sections.create(name=name, position=s_position)
        for a_position in range(1, articles_per_section + 1):
            article = Article.objects.create(
                section=section,
                position=a_position,
                title=f"{name}文章{a_position}",
                body=f"第一段{a_position}。\n\n第二段{a_position}。",
                source_text=organization.name,
            )
            ArticleSource.objects.create(article=article, organization=organization, position=1)
    for position, recipient_name in enumerate(distribution, 1):
        recipient, _ = Recipient.objects.get_or_create(name=recipient_name)
        DistributionEntry.objects.create(issue=issue, recipient=recipient, position=position)
    if moves_on:
        take_to(issue, status, publish_at=publish_at)
    return issue


def take_to(issue: Issue, status: str, *, publish_at=None) -> Issue:
    """Move a draft on through the workflow until it is in ``status``."""
    editor, chief = sample_staff(issue.bulletin.office)
    workflow.submit(issue, editor)
    if status in (Issue.Status.APPROVED, Issue.Status.PUBLISHED):
        workflow.approve(issue, chief)
    if status == Issue.Status.PUBLISHED:
        workflow.publish(issue, chief, at=publish_at)
    issue.refresh_from_db()
    return issue


def sample_staff(office: Office | None = None):
    """The editor (编辑) and the chief editor (签发人) who take the factories'
    issues through the workflow, members of ``office`` (default: the default
    bulletin's) in those roles; they have no e-mail address, so no step they
    take sends mail."""
    create_roles()
    office = office or default_bulletin().office
    User = get_user_model()
    editor, _ = User.objects.get_or_create(username=SAMPLE_EDITOR, defaults={"is_staff": True})
    chief, _ = User.objects.get_or_create(
        username=SAMPLE_CHIEF, defaults={"is_staff": True, "last_name": "周", "first_name": "明"}
    )
    for user, role in ((editor, Membership.Role.EDITOR), (chief, Membership.Role.CHIEF_EDITOR)):
        if not Membership.objects.filter(user=user, office=office).exists():
            Membership.objects.create(user=user, office=office, role=role)
            access.forget(user)
    return editor, chief


def make_user(
    username: str,
    *,
    staff: bool = False,
    groups=(),
    superuser: bool = False,
    office: Office | None = None,
    **extra,
):
    user = get_user_model().objects.create_user(
        username=username,
        password="pw-" + username + "-2026",
        is_staff=staff or superuser,
        is_superuser=superuser,
        **extra,
    )
    for group_name in groups:
        user.groups.add(Group.objects.get(name=group_name))
    roles = [role for role in Membership.Role.values if role in groups]
    if roles:  # an editor or chief editor of the default office (a chief editor if both)
        office = office or default_bulletin().office
        Membership.objects.create(user=user, office=office, role=roles[-1])
    return user


LISTED = "省总工会"  # on the factories' default distribution list
UNLISTED = "市各有关部门"


def member_of(unit_name: str, username: str, *, staff: bool = True, **extra):
    """A user of the unit ``unit_name`` (created if need be)."""
    unit, _ = Recipient.objects.get_or_create(name=unit_name)
    user = make_user(username, staff=staff, **extra)
    UnitMembership.objects.create(user=user, unit=unit)
    return user
