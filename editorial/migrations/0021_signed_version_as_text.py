"""Signed versions are written as JSON whose text is characters, not ``\\u`` escapes
(``UnicodeJSONEncoder``): half the bytes for a Chinese bulletin. The column and the
values read back are unchanged, so the database is left alone (on SQLite an
``AlterField`` would copy the whole table for nothing)."""

from django.db import migrations, models

import editorial.signed.models


class Migration(migrations.Migration):
    dependencies = [("editorial", "0020_lz4_bodies")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="issueversion",
                    name="content",
                    field=models.JSONField(
                        encoder=editorial.signed.models.UnicodeJSONEncoder,
                        verbose_name="content",
                    ),
                ),
            ],
        ),
    ]
