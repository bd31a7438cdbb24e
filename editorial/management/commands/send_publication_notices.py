"""Email subscribers about issues that went live and were not announced yet."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from editorial.workflow.notifications import NOTICE_MAX_AGE, send_due_publication_notices


class Command(BaseCommand):
    help = (
        "Email the subscribers about every issue published through the workflow that "
        "has gone live (a scheduled one, when its time has come) and was not announced "
        "yet. Safe to run as often as you like, e.g. every five minutes from cron: "
        "each issue is announced once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-age-days",
            type=float,
            default=NOTICE_MAX_AGE.total_seconds() / 86400,
            help="Leave alone issues that went live longer ago than this (default: 7).",
        )

    def handle(self, *args, max_age_days, **options):
        announced = send_due_publication_notices(timedelta(days=max_age_days))
        for issue, sent in announced.items():
            self.stdout.write(f"{issue}: {sent} emails")
        self.stdout.write(self.style.SUCCESS(f"Announced {len(announced)} issues."))
