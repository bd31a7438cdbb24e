"""Corrections are for chief editors; issues already signed off get their signed version.

签发人 (chief editors) may attach, change and remove corrections (更正); 编辑
(editors) may see them. The lists are frozen here, as a migration must be.

Issues that were approved or published before sign-off kept versions are
recorded as they stand now, as version 1, so that later edits do not reach
their readers unsigned. This step uses the application's own serializer
(``editorial.signoff.assemble``) so that the record is exactly what a sign-off
writes; it runs only when such issues exist (never on a new database).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_PERMISSIONS = {
    "编辑": ["view_correction", "view_issueversion"],
    "签发人": [
        "view_correction",
        "add_correction",
        "change_correction",
        "delete_correction",
        "view_issueversion",
    ],
}
SIGNED = ("approved", "published")


def grant_permissions(apps, schema_editor):
    # Permissions of new models are only created after all migrations (post_migrate).
    app_config = apps.get_app_config("editorial")
    # (Put back as it was: tests call this with the project's own app registry.)
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLE_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="editorial", codename__in=codenames)
        )


def revoke_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLE_PERMISSIONS.items():
        for group in Group.objects.filter(name=name):
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="editorial", codename__in=codenames
                )
            )


# The data step is self-contained: it must not call today's sign-off, which
# writes tables (the reader's copy) that only later migrations create. It stores
# what a sign-off stored at this point of history: the printed content, section
# and source ids, no tags.
PRINTED_FIELDS = (
    "position",
    "kind",
    "title",
    "subtitle",
    "byline",
    "body",
    "source_text",
    "credit",
)
NOTE = "签发版本管理启用前已签发，按当时内容记录"


def _content_of(apps, issue) -> dict:
    """The issue's live rows in the shape a sign-off stored then (the archive's record of
    the issue without workflow state; section ids; source ids; no tags)."""
    Section = apps.get_model("editorial", "Section")
    Article = apps.get_model("editorial", "Article")
    ArticleSource = apps.get_model("editorial", "ArticleSource")
    DistributionEntry = apps.get_model("editorial", "DistributionEntry")
    sections = []
    for section in Section.objects.filter(issue=issue).order_by("position"):
        articles = []
        for article in Article.objects.filter(section=section).order_by("position"):
            links = list(
                ArticleSource.objects.filter(article=article)
                .select_related("organization")
                .order_by("position")
            )
            articles.append(
                {
                    "id": article.pk,
                    **{name: getattr(article, name) for name in PRINTED_FIELDS},
                    "sources": [link.organization.name for link in links],
                    "source_ids": [link.organization_id for link in links],
                }
            )
        sections.append(
            {
                "name": section.name,
                "position": section.position,
                "articles": articles,
                "id": section.pk,
            }
        )
    entries = DistributionEntry.objects.filter(issue=issue).select_related("recipient")
    return {
        "series": issue.series,
        "year": issue.year,
        "number": issue.number,
        "cumulative_number": issue.cumulative_number,
        "issue_date": issue.issue_date.isoformat() if issue.issue_date else None,
        "title": issue.title,
        "publisher": issue.publisher,
        "print_run": issue.print_run,
        "sections": sections,
        "distribution": [entry.recipient.name for entry in entries.order_by("position")],
    }


def record_signed_versions(apps, schema_editor):
    Issue = apps.get_model("editorial", "Issue")
    IssueVersion = apps.get_model("editorial", "IssueVersion")
    pending = Issue.objects.filter(status__in=SIGNED, versions__isnull=True).select_related(
        "approved_by"
    )
    for issue in pending.order_by("pk"):
        content = _content_of(apps, issue)
        ids = [a["id"] for section in content["sections"] for a in section["articles"]]
        signer = issue.approved_by
        IssueVersion.objects.create(
            issue=issue,
            sequence=1,
            content=content,
            article_ids=" " + " ".join(str(pk) for pk in ids) + " ",
            signed_by=signer,
            signer_name=(f"{signer.last_name}{signer.first_name}".strip() or signer.username)
            if signer
            else "",
            signed_at=issue.approved_at or issue.publish_at or issue.updated_at,
            note=NOTE,
        )
        Issue.objects.filter(pk=issue.pk).update(unsigned_changes=False)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0007_registry_signed_versions_corrections"),
        ("editorial", "0003_roles"),
    ]

    operations = [
        migrations.RunPython(grant_permissions, revoke_permissions),
        migrations.RunPython(record_signed_versions, migrations.RunPython.noop),
    ]
