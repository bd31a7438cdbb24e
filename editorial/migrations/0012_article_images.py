"""Pictures of articles (kept from Word files), and the pictures signed with each
article of the reader's copy (none for the articles signed before)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('editorial', '0011_search_on_reader_copy'),
    ]

    operations = [
        migrations.AddField(
            model_name='signedarticle',
            name='images',
            field=models.JSONField(blank=True, default=list, verbose_name='pictures'),
        ),
        migrations.CreateModel(
            name='ArticleImage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(default=1, verbose_name='position')),
                ('file', models.FileField(max_length=200, upload_to='article-images/', verbose_name='picture')),
                ('caption', models.CharField(blank=True, help_text='The caption printed with the picture; also its text for screen readers.', max_length=300, verbose_name='caption')),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='images', to='editorial.article', verbose_name='article')),
            ],
            options={
                'verbose_name': 'picture',
                'verbose_name_plural': 'pictures',
                'ordering': ['article', 'position'],
            },
        ),
    ]
