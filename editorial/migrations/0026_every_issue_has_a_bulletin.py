"""Every issue and every reader's copy belongs to a bulletin (filled in by 0025;
a separate migration, as PostgreSQL alters no table with pending row checks)."""

import django.db.models.deletion
from django.db import migrations, models

import editorial.content.models


class Migration(migrations.Migration):
    dependencies = [("editorial", "0025_offices_and_bulletins")]

    operations = [
        migrations.AlterField(
            model_name="issue",
            name="bulletin",
            field=models.ForeignKey(
                default=editorial.content.models.default_bulletin,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="issues",
                to="editorial.bulletin",
                verbose_name="bulletin",
            ),
        ),
        migrations.AlterField(
            model_name="signedissue",
            name="bulletin",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="editorial.bulletin",
                verbose_name="bulletin",
            ),
        ),
    ]
