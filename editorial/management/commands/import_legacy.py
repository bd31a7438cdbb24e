"""``manage.py import_legacy``: legacy text and Word issues in (a thin shell over the importer)."""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from collections import Counter
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, DjangoHelpFormatter
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from editorial.content.models import Issue
from editorial.legacy.batch import PARALLEL_FROM, import_files
from editorial.legacy.importer import ImportOptions, ImportResult, Outcome
from editorial.legacy.messages import describe_for_log, reason
from editorial.offices import access
from editorial.offices.models import Bulletin

ADD_ISSUE = "editorial.add_issue"

# What a directory is searched for: text files and Word files.
SUFFIXES = (".txt", ".docx", ".doc")

HELP = """Import legacy issues (工会工作简报) from files and directories: plain text,
Word (.docx) and Word 97-2003 (.doc, through antiword or catdoc).

Directories are searched recursively for *.txt, *.docx and *.doc files. A Word
file's cover page (报头) gives the issue's number, 总第M期, date, publisher,
signer and print run (the options override it). Each file is imported in
its own transaction: a file that fails leaves nothing behind and the batch goes
on. Re-importing the same content says "already imported" and changes nothing.
On PostgreSQL a large batch is written by one worker process per core (--jobs).

A file name may carry the issue's metadata (the options override it):
  2012-04-25_第8期.txt     date 2012-04-25, year 2012, number 8
  2012_08.txt, 2012-8.txt  year 2012, number 8
  20120425.txt             date 2012-04-25
  2012年第8期.txt           year 2012, number 8
  2012.txt, 2012年简报.txt  year 2012
An issue whose number is unknown gets the next free number of its year.
See docs/legacy-import.md.
"""


class _HelpFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Keeps the line breaks of the file-name patterns in ``--help``."""


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--date must be YYYY-MM-DD, not {value!r}") from error


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {value!r}")
    return jobs


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name, subcommand, **kwargs):
        kwargs.setdefault("formatter_class", _HelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="files or directories")
        parser.add_argument("--year", type=int, help="the issue's year")
        parser.add_argument("--number", type=int, help="第N期 within the year (one file only)")
        parser.add_argument("--date", type=_date, help="the issue date, YYYY-MM-DD (one file only)")
        parser.add_argument(
            "--bulletin",
            metavar="SLUG",
            help="the bulletin to import into, by its address (needed when there are several)",
        )
        parser.add_argument("--title", help="masthead title (default: the bulletin's title)")
        parser.add_argument(
            "--signer",
            help="签发人 as printed on the masthead (default: from a Word file's cover page)",
        )
        parser.add_argument(
            "--status",
            choices=Issue.Status.values,
            default=Issue.Status.PUBLISHED,
            help="workflow status (default: published, since these issues were distributed)",
        )
        parser.add_argument(
            "--visibility",
            choices=Issue.Visibility.values,
            help="who may read it (default: internal when the 报头 says 内部资料, else public)",
        )
        parser.add_argument(
            "--series",
            choices=Issue.Series.values,
            help=(
                "the regular bulletin or 增刊, numbered separately (default: 增刊 when the "
                "cover page says so, else the regular bulletin)"
            ),
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help=(
                "replace the content of an existing issue of the same year and number "
                "(needs --user: someone who may change that issue)"
            ),
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help=(
                "who answers for the import: recorded in each issue's history and as the "
                "signer; an issue that has left draft is replaced only by a chief editor (签发人)"
            ),
        )
        parser.add_argument("--dry-run", action="store_true", help="parse and check, write nothing")
        parser.add_argument(
            "--jobs",
            type=_jobs,
            metavar="N",
            help=(
                "worker processes writing files at once (default: one per core). "
                f"PostgreSQL only, for batches of {PARALLEL_FROM} files or more"
            ),
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help="print one JSON array (one object per file) to stdout and nothing else",
        )

    def handle(self, *args, **options):
        files = list(_collect(options["paths"]))
        if len(files) > 1 and (options["number"] is not None or options["date"] is not None):
            raise CommandError("--number and --date apply to a single file")
        actor = _user(options["user"])
        bulletin = _bulletin(options["bulletin"], actor)
        import_options = ImportOptions(
            bulletin_id=bulletin.pk,
            year=options["year"],
            number=options["number"],
            date=options["date"],
            title=options["title"],
            signer=options["signer"],
            status=options["status"],
            visibility=options["visibility"],
            series=options["series"],
            replace=options["replace"],
            dry_run=options["dry_run"],
            actor=actor,
        )
        tally = _Tally()
        progress = _Progress(len(files), self.stderr, verbosity=options["verbosity"])
        if options["json"]:
            # Streamed, one element per file, so that memory does not grow with the batch.
            self.stdout.write("[", ending="")
        results = import_files(
            files, import_options, jobs=options["jobs"], contents=options["json"]
        )
        try:
            for index, result in enumerate(results):
                tally.add(result)
                progress.report(result)
                if options["json"]:
                    separator = ",\n" if index else ""
                    element = json.dumps(result.as_json(), ensure_ascii=False)
                    self.stdout.write(separator + element, ending="")
        except (BrokenProcessPool, KeyboardInterrupt) as error:
            # Each file is one transaction: those reported are in, the one being
            # written when it stopped is not.
            done = f"after {sum(tally.outcomes.values())} of {len(files)} file(s)"
            if isinstance(error, KeyboardInterrupt):
                why = f"interrupted {done}"
            else:
                why = f"a worker process stopped unexpectedly {done} (out of memory?)"
            raise CommandError(
                f"{why}. Every file reported is imported; run the same command again to "
                "import the rest (导入已中止，请重新运行同一命令)"
            ) from error
        finally:
            progress.close()
            if options["json"]:
                self.stdout.write("]")
        if not options["json"]:
            # After every file's line, on whichever streams they go to.
            self.stderr.flush()
            self.stdout.write(tally.summary())
            self.stdout.flush()
        if tally.outcomes[Outcome.FAILED]:
            raise CommandError(
                _bilingual(
                    gettext_noop("%(failed)d of %(total)d file(s) failed"),
                    failed=tally.outcomes[Outcome.FAILED],
                    total=len(files),
                )
            )


def _user(username: str | None):
    if username is None:
        return None
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"--user: no active user named {username!r} (没有该用户)")
    return user


def _bulletin(slug: str | None, actor) -> Bulletin:
    """The bulletin named by ``--bulletin`` (the only one, when it is not given)."""
    bulletins = list(Bulletin.objects.select_related("office").order_by("slug"))
    slugs = "、".join(bulletin.slug for bulletin in bulletins) or "—"
    if slug is None:
        if len(bulletins) == 1:
            return bulletins[0]
        raise CommandError(
            _bilingual(
                gettext_noop(
                    "Name the bulletin to import into with --bulletin; the bulletins are: %(slugs)s"
                ),
                slugs=slugs,
            )
        )
    bulletin = next((b for b in bulletins if b.slug == slug), None)
    if bulletin is None:
        raise CommandError(
            _bilingual(
                gettext_noop(
                    "--bulletin: there is no bulletin %(slug)s; the bulletins are: %(slugs)s"
                ),
                slug=slug,
                slugs=slugs,
            )
        )
    if actor is not None and not access.allowed(actor, ADD_ISSUE, bulletin.office_id):
        raise CommandError(
            _bilingual(
                gettext_noop("--user: %(user)s may not add issues to %(bulletin)s"),
                user=actor.get_username(),
                bulletin=bulletin.name,
            )
        )
    return bulletin


def _collect(paths: list[str]):
    """(path, label) for each file; a label is relative to the project or the current directory."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()
            )
            for file in found:
                yield file, _label(file)
        else:
            yield path, _label(path)


def _label(path: Path) -> str:
    resolved = path.resolve()
    for base in (Path(settings.BASE_DIR).resolve(), Path.cwd().resolve()):
        if resolved.is_relative_to(base):
            return resolved.relative_to(base).as_posix()
    return str(path)


# Each outcome as the per-file line says it, Chinese first.
OUTCOMES = {
    Outcome.IMPORTED: gettext_noop("imported"),
    Outcome.REPLACED: gettext_noop("replaced"),
    Outcome.ALREADY_IMPORTED: gettext_noop("already imported"),
    Outcome.WOULD_IMPORT: gettext_noop("would import"),
}


def _describe(result: ImportResult) -> str:
    if not result.ok:
        failed = _("failed")
        return f"{result.filename}: {failed} FAILED: {describe_for_log(result.error)}"
    issue = result.issue or result.parsed
    where = f" {issue.year}年第{issue.number}期" if issue is not None else ""
    outcome = OUTCOMES[result.outcome]
    count = len(result.warnings)
    chinese = _(outcome) + where + (_("; %(count)d warning(s)") % {"count": count} if count else "")
    english = outcome + (f", {count} warning(s)" if count else "")
    return f"{result.filename}: {chinese}（{english}）"


class _Tally:
    """Counts for the closing summary (results themselves are not kept)."""

    def __init__(self):
        self.outcomes = Counter()
        self.warnings = 0

    def add(self, result: ImportResult) -> None:
        self.outcomes[result.outcome] += 1
        self.warnings += len(result.warnings)

    def summary(self) -> str:
        count = self.outcomes
        numbers = {
            "imported": count[Outcome.IMPORTED],
            "replaced": count[Outcome.REPLACED],
            "already": count[Outcome.ALREADY_IMPORTED],
            "failed": count[Outcome.FAILED],
            "warnings": self.warnings,
        }
        if count[Outcome.WOULD_IMPORT]:
            return _bilingual(
                gettext_noop(
                    "Summary (dry run, nothing written): would import %(would)d, already "
                    "present %(already)d, failed %(failed)d, warnings %(warnings)d."
                ),
                would=count[Outcome.WOULD_IMPORT],
                **numbers,
            )
        return _bilingual(
            gettext_noop(
                "Summary: imported %(imported)d, replaced %(replaced)d, already present "
                "%(already)d, failed %(failed)d, warnings %(warnings)d."
            ),
            **numbers,
        )


def _bilingual(message: str, **params) -> str:
    """A message in the site's language (Chinese), then in English."""
    chinese = _(message) % params
    with translation.override("en"):
        english = _(message) % params
    return chinese if chinese == english else f"{chinese}（{english}）"


def _fields(result: ImportResult) -> str:
    """What a dry run would set: each of the issue's fields with its label."""
    shown = []
    for name, value in result.fields.items():
        if name in ("legacy_sha256", "legacy_filename") or value in (None, ""):
            continue
        model_field = Issue._meta.get_field(name)
        if name == "bulletin_id":
            value = Bulletin.objects.get(pk=value).name
        elif model_field.choices:
            value = dict(model_field.flatchoices).get(value, value)
        shown.append(f"{model_field.verbose_name}：{value}")
    return _("; ").join(shown)


class _Progress:
    """A progress bar on a terminal, one plain line per file otherwise (always on stderr)."""

    def __init__(self, total: int, stderr, *, verbosity: int):
        self.stderr = stderr
        self.verbosity = verbosity
        self.total = total
        self.done = 0
        self.bar = None
        if total > 1 and verbosity > 0 and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="file", file=sys.stderr)

    def report(self, result: ImportResult) -> None:
        self.done += 1
        lines = []
        if not result.ok or (self.bar is None and self.verbosity > 0):
            lines.append(f"[{self.done}/{self.total}] {_describe(result)}")
        if self.verbosity > 0 and result.outcome == Outcome.WOULD_IMPORT:
            lines.append("    " + _("Would set: %(fields)s") % {"fields": _fields(result)})
            parsed = result.parsed
            lines += [
                "    "
                + _("Not imported: %(line)s (%(reason)s)")
                % {
                    "line": line.text,
                    "reason": reason(line.reason),
                }
                for line in parsed.not_imported
            ]
        if self.verbosity > 1:
            lines += [f"    warning: {describe_for_log(w)}" for w in result.warnings]
        for line in lines:
            if self.bar is not None:
                self.bar.write(line, file=sys.stderr)
            else:
                self.stderr.write(line)
        self.stderr.flush()
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
