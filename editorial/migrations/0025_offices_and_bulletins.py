"""Offices and bulletins become data (issue 31). The bulletin that was settings
(``BULLETIN``: title, publisher, usual distribution list) becomes one office
with one bulletin, and every issue and reader's copy is that bulletin's: every
row, number, version and address is kept. Editors and chief editors (the 编辑 /
签发人 groups) become members of that office in their role."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

DEFAULT_SLUG = "bulletin"


def one_office_one_bulletin(apps, schema_editor):
    Office = apps.get_model("editorial", "Office")
    Bulletin = apps.get_model("editorial", "Bulletin")
    Membership = apps.get_model("editorial", "Membership")
    Issue = apps.get_model("editorial", "Issue")
    SignedIssue = apps.get_model("editorial", "SignedIssue")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    if Bulletin.objects.exists():
        return
    configured = getattr(settings, "BULLETIN", {})
    publisher = configured.get("PUBLISHER") or "市总工会办公室"
    office = Office.objects.create(name=publisher)
    first = (
        Issue.objects.filter(series="regular", cumulative_number__isnull=False)
        .order_by("issue_date", "year", "number")
        .values_list("cumulative_number", flat=True)
        .first()
    )
    bulletin = Bulletin.objects.create(
        office=office,
        name=configured.get("TITLE") or "工会工作简报",
        slug=configured.get("SLUG") or DEFAULT_SLUG,
        publisher=publisher,
        default_distribution="\n".join(configured.get("DEFAULT_DISTRIBUTION", ())),
        cumulative_start=first,
    )
    Issue.objects.update(bulletin=bulletin)
    SignedIssue.objects.update(bulletin=bulletin)
    roles = {}
    for role in ("编辑", "签发人"):  # a chief editor who is also an editor is a chief editor
        for user_id in User.objects.filter(groups__name=role).values_list("pk", flat=True):
            roles[user_id] = role
    Membership.objects.bulk_create(
        Membership(user_id=user_id, office=office, role=role) for user_id, role in roles.items()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0024_history_in_the_audit_log"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Bulletin",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text="As the masthead prints it: 工会工作简报.",
                        max_length=100,
                        verbose_name="masthead title",
                    ),
                ),
                (
                    "short_name",
                    models.CharField(blank=True, max_length=30, verbose_name="short name"),
                ),
                (
                    "slug",
                    models.SlugField(
                        help_text="The bulletin's part of its pages' addresses (Latin letters, digits, -).",
                        max_length=40,
                        unique=True,
                        verbose_name="address",
                    ),
                ),
                (
                    "publisher",
                    models.CharField(
                        help_text="The masthead's publisher line.",
                        max_length=100,
                        verbose_name="publisher",
                    ),
                ),
                (
                    "internal_by_default",
                    models.BooleanField(
                        default=False,
                        help_text="New issues are internal (units on their distribution list) unless changed.",
                        verbose_name="new issues are internal",
                    ),
                ),
                (
                    "default_distribution",
                    models.TextField(
                        blank=True,
                        help_text="The units a new issue is sent to (本期印发), one per line, in order.",
                        verbose_name="usual distribution list",
                    ),
                ),
                (
                    "cumulative_start",
                    models.PositiveIntegerField(
                        blank=True,
                        help_text="总第N期 of this bulletin's first issue here; later issues continue from the issue before them by date.",
                        null=True,
                        verbose_name="first cumulative number",
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
            ],
            options={
                "verbose_name": "bulletin",
                "verbose_name_plural": "bulletins",
                "ordering": ["position", "pk"],
            },
        ),
        migrations.CreateModel(
            name="Membership",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[("编辑", "Editor"), ("签发人", "Chief editor")],
                        max_length=16,
                        verbose_name="role",
                    ),
                ),
            ],
            options={
                "verbose_name": "office membership",
                "verbose_name_plural": "office memberships",
                "ordering": ["office", "user"],
            },
        ),
        migrations.CreateModel(
            name="Office",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, unique=True, verbose_name="name")),
                (
                    "host",
                    models.CharField(
                        blank=True,
                        help_text="Serve this office's bulletins on their own host name (optional).",
                        max_length=253,
                        verbose_name="host name",
                    ),
                ),
            ],
            options={
                "verbose_name": "office",
                "verbose_name_plural": "offices",
                "ordering": ["name"],
            },
        ),
        migrations.RemoveConstraint(
            model_name="issue",
            name="issue_unique_series_year_number",
        ),
        migrations.AddField(
            model_name="issue",
            name="bulletin",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="issues",
                to="editorial.bulletin",
                verbose_name="bulletin",
            ),
        ),
        migrations.AddField(
            model_name="signedissue",
            name="bulletin",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="editorial.bulletin",
                verbose_name="bulletin",
            ),
        ),
        migrations.AddConstraint(
            model_name="issue",
            constraint=models.UniqueConstraint(
                fields=("bulletin", "series", "year", "number"),
                name="issue_unique_bulletin_series_year_number",
            ),
        ),
        migrations.AddField(
            model_name="membership",
            name="user",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="office_memberships",
                to=settings.AUTH_USER_MODEL,
                verbose_name="user",
            ),
        ),
        migrations.AddField(
            model_name="office",
            name="parent",
            field=models.ForeignKey(
                blank=True,
                help_text="The office one level up, where this office's items are forwarded.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="children",
                to="editorial.office",
                verbose_name="parent office",
            ),
        ),
        migrations.AddField(
            model_name="office",
            name="union",
            field=models.ForeignKey(
                blank=True,
                help_text="The union this office works for, e.g. 苏州市总工会.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="offices",
                to="editorial.sourceorganization",
                verbose_name="union",
            ),
        ),
        migrations.AddField(
            model_name="membership",
            name="office",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="memberships",
                to="editorial.office",
                verbose_name="office",
            ),
        ),
        migrations.AddField(
            model_name="bulletin",
            name="office",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="bulletins",
                to="editorial.office",
                verbose_name="office",
            ),
        ),
        migrations.AddConstraint(
            model_name="office",
            constraint=models.UniqueConstraint(
                condition=models.Q(("host", ""), _negated=True),
                fields=("host",),
                name="office_unique_host",
            ),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.UniqueConstraint(
                fields=("user", "office"), name="membership_one_role_per_office"
            ),
        ),
        migrations.RunPython(one_office_one_bulletin, migrations.RunPython.noop),
    ]
