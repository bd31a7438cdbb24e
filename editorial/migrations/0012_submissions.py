"""Information work (信息报送): officers, submissions with their attachments and
decisions, quotas, higher-level publications, forwardings and scoring rules;
the 信息员 group, and the office's permissions for the 编辑 and 签发人 groups.
"""

import django.db.models.deletion
import django.utils.timezone
import editorial.submissions.models
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

OFFICERS = "信息员"
OFFICE_VIEW = [
    "view_submission",
    "handle_submission",
    "view_attachment",
    "view_decision",
    "view_forwarding",
    "add_forwarding",
    "change_forwarding",
    "delete_forwarding",
    "view_higherpublication",
    "view_scoringrule",
    "view_informationofficer",
    "view_unitquota",
]
OFFICE_MANAGE = [
    "add_higherpublication",
    "change_higherpublication",
    "delete_higherpublication",
    "add_scoringrule",
    "change_scoringrule",
    "delete_scoringrule",
    "add_informationofficer",
    "change_informationofficer",
    "delete_informationofficer",
    "add_unitquota",
    "change_unitquota",
    "delete_unitquota",
]
# The office (编辑) reads and decides on submissions and records forwardings; the
# chief editors (签发人) also keep the officers, quotas, publications and scoring rules.
ROLE_PERMISSIONS = {
    OFFICERS: ["submit_submission"],
    "编辑": OFFICE_VIEW,
    "签发人": OFFICE_VIEW + OFFICE_MANAGE,
}


def grant_permissions(apps, schema_editor):
    # Permissions of new models are only created after all migrations (post_migrate).
    app_config = apps.get_app_config("editorial")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get_or_create(name=OFFICERS)
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
    Group.objects.filter(name=OFFICERS, user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0011_search_on_reader_copy"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HigherPublication",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, unique=True, verbose_name="name")),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
            ],
            options={
                "verbose_name": "higher-level publication",
                "verbose_name_plural": "higher-level publications",
                "ordering": ["position", "name"],
            },
        ),
        migrations.CreateModel(
            name="InformationOfficer",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "since",
                    models.DateField(
                        default=django.utils.timezone.localdate, verbose_name="officer since"
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="officers",
                        to="editorial.sourceorganization",
                        verbose_name="unit",
                    ),
                ),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="information_officer",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
            ],
            options={
                "verbose_name": "information officer",
                "verbose_name_plural": "information officers",
                "ordering": ["unit", "user__username"],
            },
        ),
        migrations.CreateModel(
            name="ScoringRule",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("article", "Article"), ("brief", "Brief (简讯)")],
                        max_length=16,
                        verbose_name="kind",
                    ),
                ),
                (
                    "points",
                    models.DecimalField(decimal_places=1, max_digits=6, verbose_name="points"),
                ),
                ("starts_on", models.DateField(verbose_name="in force from")),
                (
                    "publication",
                    models.ForeignKey(
                        blank=True,
                        help_text="Empty: adopted by this bulletin.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="scoring_rules",
                        to="editorial.higherpublication",
                        verbose_name="publication",
                    ),
                ),
            ],
            options={
                "verbose_name": "scoring rule",
                "verbose_name_plural": "scoring rules",
                "ordering": ["publication__position", "kind", "-starts_on"],
            },
        ),
        migrations.CreateModel(
            name="Submission",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=300, verbose_name="title")),
                ("subtitle", models.CharField(blank=True, max_length=300, verbose_name="subtitle")),
                (
                    "body",
                    models.TextField(
                        help_text="Paragraphs separated by a blank line.", verbose_name="body"
                    ),
                ),
                (
                    "suggested_kind",
                    models.CharField(
                        choices=[("article", "Article"), ("brief", "Brief (简讯)")],
                        default="article",
                        max_length=16,
                        verbose_name="suggested kind",
                    ),
                ),
                (
                    "authors",
                    models.CharField(
                        blank=True,
                        help_text="People's names, e.g. 张三 李四",
                        max_length=200,
                        verbose_name="authors",
                    ),
                ),
                ("contact_phone", models.CharField(max_length=40, verbose_name="contact phone")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("submitted", "Submitted"),
                            ("resubmitted", "Resubmitted"),
                            ("returned", "Returned for revision"),
                            ("adopted", "Adopted"),
                            ("declined", "Not adopted"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        default="submitted",
                        max_length=16,
                        verbose_name="status",
                    ),
                ),
                (
                    "submitted_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="submitted at"
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "seen_at",
                    models.DateTimeField(
                        blank=True, null=True, verbose_name="opened by the office"
                    ),
                ),
                (
                    "adopted_as",
                    models.CharField(
                        blank=True,
                        choices=[("article", "Article"), ("brief", "Brief (简讯)")],
                        max_length=16,
                        verbose_name="adopted as",
                    ),
                ),
                ("adopted_on", models.DateField(blank=True, null=True, verbose_name="adopted on")),
                (
                    "article",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="submissions",
                        to="editorial.article",
                        verbose_name="article",
                    ),
                ),
                (
                    "submitted_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="submissions",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="submitted by",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="submissions",
                        to="editorial.sourceorganization",
                        verbose_name="unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "submission",
                "verbose_name_plural": "submissions (来稿)",
                "ordering": ["-submitted_at", "-pk"],
                "permissions": [
                    ("submit_submission", "Can submit information for a unit"),
                    ("handle_submission", "Can adopt, return or decline submissions"),
                ],
            },
        ),
        migrations.CreateModel(
            name="Forwarding",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "forwarded_on",
                    models.DateField(
                        default=django.utils.timezone.localdate, verbose_name="forwarded on"
                    ),
                ),
                (
                    "adopted_on",
                    models.DateField(blank=True, null=True, verbose_name="adopted there on"),
                ),
                (
                    "adopted_as",
                    models.CharField(
                        blank=True,
                        choices=[("article", "Article"), ("brief", "Brief (简讯)")],
                        max_length=16,
                        verbose_name="adopted there as",
                    ),
                ),
                (
                    "publication",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="forwardings",
                        to="editorial.higherpublication",
                        verbose_name="publication",
                    ),
                ),
                (
                    "submission",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="forwardings",
                        to="editorial.submission",
                        verbose_name="submission",
                    ),
                ),
            ],
            options={
                "verbose_name": "forwarding (上报)",
                "verbose_name_plural": "forwardings (上报)",
                "ordering": ["submission", "forwarded_on", "pk"],
            },
        ),
        migrations.CreateModel(
            name="Decision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "action",
                    models.CharField(
                        choices=[
                            ("submit", "Submitted"),
                            ("resubmit", "Resubmitted"),
                            ("withdraw", "Withdrawn"),
                            ("adopt", "Adopted"),
                            ("return", "Returned for revision"),
                            ("decline", "Not adopted"),
                        ],
                        max_length=16,
                        verbose_name="action",
                    ),
                ),
                ("comment", models.TextField(blank=True, verbose_name="comment")),
                ("at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="at")),
                (
                    "actor",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="by",
                    ),
                ),
                (
                    "submission",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="decisions",
                        to="editorial.submission",
                        verbose_name="submission",
                    ),
                ),
            ],
            options={
                "verbose_name": "decision",
                "verbose_name_plural": "decisions",
                "ordering": ["submission", "at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="Attachment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "file",
                    models.FileField(
                        max_length=255,
                        upload_to=editorial.submissions.models.attachment_path,
                        verbose_name="file",
                    ),
                ),
                ("name", models.CharField(max_length=255, verbose_name="file name")),
                (
                    "kind",
                    models.CharField(
                        choices=[("photo", "Photo"), ("document", "Document")],
                        max_length=16,
                        verbose_name="kind",
                    ),
                ),
                ("size", models.PositiveIntegerField(verbose_name="size")),
                (
                    "uploaded_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="uploaded at"
                    ),
                ),
                (
                    "submission",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="attachments",
                        to="editorial.submission",
                        verbose_name="submission",
                    ),
                ),
            ],
            options={
                "verbose_name": "attachment",
                "verbose_name_plural": "attachments",
                "ordering": ["submission", "uploaded_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="UnitQuota",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("per_month", models.PositiveSmallIntegerField(verbose_name="submissions a month")),
                (
                    "unit",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="quota",
                        to="editorial.sourceorganization",
                        verbose_name="unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "monthly quota",
                "verbose_name_plural": "monthly quotas",
            },
        ),
        migrations.AddIndex(
            model_name="submission",
            index=models.Index(fields=["unit", "submitted_at"], name="submission_unit_time_idx"),
        ),
        migrations.AddIndex(
            model_name="submission",
            index=models.Index(
                fields=["status", "submitted_at"], name="submission_status_time_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="submission",
            index=models.Index(fields=["adopted_on"], name="submission_adopted_idx"),
        ),
        migrations.AddConstraint(
            model_name="forwarding",
            constraint=models.UniqueConstraint(
                fields=("submission", "publication"), name="forwarding_unique_publication"
            ),
        ),
        migrations.AddConstraint(
            model_name="forwarding",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("adopted_on__isnull", True),
                    models.Q(("adopted_as", ""), _negated=True),
                    _connector="OR",
                ),
                name="forwarding_adoption_has_kind",
            ),
        ),
        migrations.RunPython(grant_permissions, revoke_permissions),
    ]
