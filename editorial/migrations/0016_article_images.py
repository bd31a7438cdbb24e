"""Pictures of articles (kept from Word files), and the pictures signed with each
article of the reader's copy (none for the articles signed before). Editors and
chief editors handle an article's pictures as they handle its sources."""

from django.contrib.auth.management import create_permissions

import django.db.models.deletion
from django.db import migrations, models


ROLE_PERMISSIONS = {
    "编辑": ["view_articleimage", "add_articleimage", "change_articleimage", "delete_articleimage"],
    "签发人": [
        "view_articleimage",
        "add_articleimage",
        "change_articleimage",
        "delete_articleimage",
    ],
}


def grant_permissions(apps, schema_editor):
    # Permissions of new models are only created after all migrations (post_migrate).
    app_config = apps.get_app_config("editorial")
    # Put back as it was: tests call this with the project's own app registry.
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLE_PERMISSIONS.items():
        for group in Group.objects.filter(name=name):
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="editorial", codename__in=codenames
                )
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


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0015_submission_followups"),
    ]

    operations = [
        migrations.AddField(
            model_name="signedarticle",
            name="images",
            field=models.JSONField(blank=True, default=list, verbose_name="pictures"),
        ),
        migrations.CreateModel(
            name="ArticleImage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=1, verbose_name="position")),
                (
                    "file",
                    models.FileField(
                        max_length=200, upload_to="article-images/", verbose_name="picture"
                    ),
                ),
                (
                    "caption",
                    models.CharField(
                        blank=True,
                        help_text="The caption printed with the picture; also its text for screen readers.",
                        max_length=300,
                        verbose_name="caption",
                    ),
                ),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="images",
                        to="editorial.article",
                        verbose_name="article",
                    ),
                ),
            ],
            options={
                "verbose_name": "picture",
                "verbose_name_plural": "pictures",
                "ordering": ["article", "position"],
            },
        ),
        migrations.RunPython(grant_permissions, revoke_permissions),
    ]
