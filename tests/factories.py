"""Small builders for test data: real model instances, saved through the ORM."""

from datetime import date, timedelta

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
)


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
    """An issue with sections, articles (each with one source) and a distribution list."""
    if publish_at is None and status == Issue.Status.PUBLISHED:
        publish_at = timezone.now() - timedelta(days=1)
    issue = Issue.objects.create(
        year=year,
        number=number,
        status=status,
        visibility=visibility,
        publish_at=publish_at,
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
    return issue


def make_user(username: str, *, staff: bool = False, groups=(), superuser: bool = False, **extra):
    user = get_user_model().objects.create_user(
        username=username,
        password="pw-" + username + "-2026",
        is_staff=staff or superuser,
        is_superuser=superuser,
        **extra,
    )
    for group_name in groups:
        user.groups.add(Group.objects.get(name=group_name))
    return user
