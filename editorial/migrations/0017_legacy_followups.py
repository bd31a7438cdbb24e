"""The 签发人 printed on a back issue's masthead, kept with the issue (empty for
every issue before: the masthead then names the chief editor who signed it off)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0016_article_images"),
    ]

    operations = [
        migrations.AddField(
            model_name="issue",
            name="printed_signer",
            field=models.CharField(
                blank=True,
                help_text=(
                    "签发人 as printed on a back issue's masthead; the masthead shows it "
                    "instead of the name of the chief editor who signed it off here."
                ),
                max_length=50,
                verbose_name="signer as printed",
            ),
        ),
    ]
