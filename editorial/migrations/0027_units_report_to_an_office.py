"""Units report to an office, and each submission is in one office's inbox
(issue 31). Every existing unit reports to the one office migration 0025 made,
and every existing submission is in its inbox."""

import django.db.models.deletion
from django.db import migrations, models

import editorial.content.models


def one_office_for_all(apps, schema_editor):
    Office = apps.get_model("editorial", "Office")
    office = Office.objects.order_by("pk").first()
    if office is None:  # 0025 makes one; a database with none has nothing to fill
        return
    apps.get_model("editorial", "SourceOrganization").objects.update(reports_to=office)
    apps.get_model("editorial", "Submission").objects.update(office=office)


def checks_now(apps, schema_editor):
    # PostgreSQL alters no table with row checks pending from the updates above.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [("editorial", "0026_every_issue_has_a_bulletin")]

    operations = [
        migrations.AddField(
            model_name="sourceorganization",
            name="reports_to",
            field=models.ForeignKey(
                blank=True,
                help_text=(
                    "The office whose inbox receives this unit's submissions (信息报送), "
                    "e.g. 常熟市总工会 reports to 苏州市总工会办公室."
                ),
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="units",
                to="editorial.office",
                verbose_name="reports to (office)",
            ),
        ),
        migrations.AddField(
            model_name="submission",
            name="office",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="submissions",
                to="editorial.office",
                verbose_name="office",
            ),
        ),
        migrations.RunPython(one_office_for_all, migrations.RunPython.noop),
        migrations.RunPython(checks_now, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="sourceorganization",
            name="reports_to",
            field=models.ForeignKey(
                blank=True,
                default=editorial.content.models.default_office,
                help_text=(
                    "The office whose inbox receives this unit's submissions (信息报送), "
                    "e.g. 常熟市总工会 reports to 苏州市总工会办公室."
                ),
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="units",
                to="editorial.office",
                verbose_name="reports to (office)",
            ),
        ),
        migrations.AlterField(
            model_name="submission",
            name="office",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="submissions",
                to="editorial.office",
                verbose_name="office",
            ),
        ),
    ]
