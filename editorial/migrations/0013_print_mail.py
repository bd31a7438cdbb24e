"""The issue by e-mail: the office's choice to attach the PDF, one delivery per
recipient of each signed version mailed, and the addresses that unsubscribed.
New tables only: reversible by dropping them."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0012_submissions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="IssueMailing",
            fields=[
                (
                    "issue",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="mailing",
                        serialize=False,
                        to="editorial.issue",
                        verbose_name="issue",
                    ),
                ),
                (
                    "attach_pdf",
                    models.BooleanField(
                        default=False,
                        help_text="Send the print-ready PDF with the e-mail of this issue.",
                        verbose_name="attach the PDF",
                    ),
                ),
            ],
            options={
                "verbose_name": "e-mail of the issue",
                "verbose_name_plural": "e-mails of issues",
            },
        ),
        migrations.CreateModel(
            name="Unsubscribed",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("address", models.EmailField(max_length=254, unique=True, verbose_name="address")),
                (
                    "at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="unsubscribed at"
                    ),
                ),
            ],
            options={
                "verbose_name": "unsubscribed address",
                "verbose_name_plural": "unsubscribed addresses",
                "ordering": ["-at"],
            },
        ),
        migrations.CreateModel(
            name="Delivery",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("address", models.EmailField(max_length=254, verbose_name="address")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Waiting"),
                            ("sending", "Sending"),
                            ("sent", "Sent"),
                            ("failed", "Failed"),
                        ],
                        default="pending",
                        max_length=16,
                        verbose_name="status",
                    ),
                ),
                ("reason", models.TextField(blank=True, verbose_name="reason")),
                ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="attempts")),
                ("claim", models.CharField(blank=True, editable=False, max_length=32)),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="planned at"
                    ),
                ),
                ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent at")),
                (
                    "issue",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="deliveries",
                        to="editorial.issue",
                        verbose_name="issue",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
                (
                    "version",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="deliveries",
                        to="editorial.issueversion",
                        verbose_name="signed version",
                    ),
                ),
            ],
            options={
                "verbose_name": "e-mail delivery",
                "verbose_name_plural": "e-mail deliveries",
                "ordering": ["issue", "address"],
                "indexes": [models.Index(fields=["status", "attempts"], name="delivery_due_idx")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("version", "address"), name="delivery_once_per_version_and_address"
                    )
                ],
            },
        ),
    ]
