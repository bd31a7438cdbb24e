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


def record_signed_versions(apps, schema_editor):
    HistoricalIssue = apps.get_model("editorial", "Issue")
    pending = list(
        HistoricalIssue.objects.filter(status__in=SIGNED, versions__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not pending:
        return
    from editorial.workflow import signoff
    from editorial.models import Issue

    for issue in Issue.objects.filter(pk__in=pending).select_related("approved_by"):
        signoff.sign(
            issue,
            issue.approved_by,
            at=issue.approved_at or issue.publish_at or issue.updated_at,
            note="签发版本管理启用前已签发，按当时内容记录",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0007_registry_signed_versions_corrections"),
        ("editorial", "0003_roles"),
    ]

    operations = [
        migrations.RunPython(grant_permissions, revoke_permissions),
        migrations.RunPython(record_signed_versions, migrations.RunPython.noop),
    ]
