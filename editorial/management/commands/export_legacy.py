"""Write issues as legacy plain-text files, which import_legacy reads back."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from editorial.archive.legacy_text import export_legacy
from editorial.content.records import issues_with_contents


class Command(BaseCommand):
    help = (
        "Write each issue (or those given as YEAR/NUMBER) to DIR as a legacy plain-text "
        "file (UTF-8), named so that import_legacy reads its date, year and number back. "
        "A reading copy, not a backup: use export_archive for that."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR")
        parser.add_argument(
            "issues", nargs="*", metavar="YEAR/NUMBER", help="e.g. 2012/8 (default: every issue)"
        )
        parser.add_argument(
            "--bulletin", metavar="SLUG", help="only this bulletin's issues (by its address)"
        )

    def handle(self, *args, directory, issues, bulletin=None, **options):
        queryset = issues_with_contents().select_related("bulletin")
        if bulletin is not None:
            queryset = queryset.filter(bulletin__slug=bulletin)
        if issues:
            wanted = []
            for item in issues:
                year, _slash, number = item.partition("/")
                if not (year.isdigit() and number.isdigit()):
                    raise CommandError(
                        _("%(item)s is not YEAR/NUMBER, e.g. 2012/8") % {"item": item}
                    )
                issue = queryset.filter(year=int(year), number=int(number)).first()
                if issue is None:
                    raise CommandError(_("There is no issue %(item)s.") % {"item": item})
                wanted.append(issue)
            queryset = wanted
        written = export_legacy(directory, queryset)
        self.stdout.write(
            self.style.SUCCESS(
                _("Wrote %(count)s files to %(directory)s")
                % {"count": len(written), "directory": directory}
            )
        )
