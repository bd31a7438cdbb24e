"""Write every issue to DIR as the documented JSON archive (docs/archive-format.md)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from editorial.archive.records import ArchiveError, export_archive


class Command(BaseCommand):
    help = (
        "Write every issue (all states) with its sections, articles, sources, tags, "
        "distribution list and workflow history to DIR as JSON, one file per issue, "
        "with the pictures of their articles. "
        "DIR must be empty, new, or a previous archive (which is brought up to date)."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR")

    def handle(self, *args, directory, **options):
        try:
            summary = export_archive(directory)
        except ArchiveError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Exported %(issues)s issues, %(articles)s articles, %(organizations)s "
                    "organizations, %(recipients)s recipients, %(tags)s tags and "
                    "%(pictures)s pictures to %(directory)s"
                )
                % {**vars(summary), "directory": directory}
            )
        )
        for name in summary.missing_pictures:
            self.stderr.write(
                self.style.WARNING(
                    _("Not in storage, left out of the archive: %(name)s") % {"name": name}
                )
            )
