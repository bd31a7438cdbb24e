"""E-mail the issues that went live to their readers, and retry what failed."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from editorial.output import mailing


class Command(BaseCommand):
    help = (
        "Plan the e-mail of every issue published through the workflow that has gone "
        "live (a scheduled one, when its time has come) and was not mailed yet — one "
        "delivery per subscriber and per staff member of its units — then send what is "
        "waiting and retry what failed. Safe to run as often as you like, e.g. every "
        "two minutes from a timer: nobody gets an issue twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-age-days",
            type=float,
            default=mailing.MAX_AGE.total_seconds() / 86400,
            help="Leave alone issues that went live longer ago than this (default: 7).",
        )
        parser.add_argument(
            "--batch", type=int, default=mailing.BATCH, help="At most this many e-mails a run."
        )

    def handle(self, *args, max_age_days, batch, **options):
        planned = mailing.plan_due(timedelta(days=max_age_days))
        for issue, count in planned.items():
            self.stdout.write(
                _("%(issue)s: %(count)s recipients") % {"issue": issue, "count": count}
            )
        report = mailing.send_due(batch)
        if options["verbosity"] == 0 and not (planned or report.sent or report.failed):
            return  # -v 0, as `make run` calls it every minute: quiet while idle
        self.stdout.write(
            self.style.SUCCESS(
                _("Sent %(sent)s e-mails; %(failed)s failed.")
                % {"sent": report.sent, "failed": report.failed}
            )
        )
