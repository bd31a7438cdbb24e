"""Restore an archive written by export_archive into an empty database."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from editorial.archive.records import ArchiveError, import_archive


class Command(BaseCommand):
    help = (
        "Restore the archive in DIR (written by export_archive) into an empty database, "
        "in one transaction: all of it or nothing. Refuses a database that holds content."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR")

    def handle(self, *args, directory, **options):
        try:
            summary = import_archive(directory)
        except ArchiveError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Restored %(issues)s issues, %(articles)s articles, %(organizations)s "
                    "organizations, %(recipients)s recipients, %(tags)s tags and "
                    "%(pictures)s pictures from %(directory)s"
                )
                % {**vars(summary), "directory": directory}
            )
        )
