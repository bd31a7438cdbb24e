"""The one write path for legacy issues: a file's bytes become an Issue with its
sections, articles, sources and distribution list, in one transaction.

The admin upload calls ``LegacyImporter.import_bytes``; the management command
(and so the benchmark) splits the same steps in two, ``read()`` (hash and parse, no
database) then ``LegacyImporter.import_read``, and ``batch.import_files`` runs them
for a batch: read ahead in a thread, or whole files in worker processes. A
``LegacyImporter`` is reused for a batch: it caches organization and recipient ids
between files (and forgets those created by a file whose transaction was rolled
back). Imports may run at the same time: what is new to two of them is created
once, and a conflict on an issue's number or content is reported as such.

An imported issue is signed off (when imported as approved or published) in
the file's transaction, from the rows just written, kept in memory
(``_keep_in_memory``), rather than read back; the sign-off writes the reader's
copy and its search entries with it. Readers' pages follow through the models'
signals, as for any other writer: the issue row is saved, and a sign-off
writes the reader's copy.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import logging
from dataclasses import dataclass, field

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from editorial.content import bulk
from editorial.content.images import store_picture
from editorial.content.models import (
    Article,
    ArticleImage,
    ArticleSource,
    DistributionEntry,
    Issue,
    OrganizationAlias,
    Recipient,
    Section,
    SourceOrganization,
    join_paragraphs,
)
from editorial.legacy.parser import LegacyFormatError, Note, ParsedIssue
from editorial.legacy.word import parse_file
from editorial.offices.models import Bulletin
from editorial.submissions import decisions
from editorial.workflow import audit, rules, signoff
from editorial.workflow import transitions as workflow
from editorial.workflow.models import Correction

logger = logging.getLogger(__name__)

RECIPIENT_NAME_LENGTH = Recipient._meta.get_field("name").max_length

# The first key of the advisory lock that serializes numbering within a year.
_NUMBERING_LOCK = 0x4C454741  # "LEGA"


class ImportRefused(Exception):
    """The file was read but cannot be imported as asked; the message says why."""


class Outcome:
    IMPORTED = "imported"
    REPLACED = "replaced"
    ALREADY_IMPORTED = "already imported"
    WOULD_IMPORT = "would import"
    FAILED = "failed"


@dataclass(frozen=True)
class ImportOptions:
    """What the caller supplies or overrides; ``None`` means "from the file"."""

    year: int | None = None
    number: int | None = None
    date: datetime.date | None = None
    title: str | None = None
    signer: str | None = None
    status: str = Issue.Status.PUBLISHED
    # None: from the file (a 报头 marked 内部资料 is internal), else public.
    visibility: str | None = None
    replace: bool = False
    dry_run: bool = False
    actor: object = None
    # None: from the file (a cover page that says 增刊 is a supplement), else regular.
    series: str | None = None
    # The bulletin the issues are imported into; None: the installation's only one.
    bulletin_id: int | None = None


@dataclass
class ImportResult:
    filename: str
    outcome: str
    parsed: ParsedIssue | None = None
    issue: Issue | None = None
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    sha256: str = ""
    # The issue's fields as written (or, in a dry run, as they would be).
    fields: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.outcome != Outcome.FAILED

    def as_json(self) -> dict:
        """One element of ``import_legacy --json`` output."""
        return {
            "file": self.filename,
            "issue": self.parsed.to_dict() if self.parsed else None,
            "warnings": list(self.warnings),
            "error": self.error,
        }


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def known_organizations() -> frozenset[str]:
    """The names and aliases of the organizations the office has: what the parser takes
    for an organization in an attribution, whatever the name ends with."""
    names = SourceOrganization.objects.values_list("name", flat=True)
    aliases = OrganizationAlias.objects.values_list("name", flat=True)
    return frozenset(names) | frozenset(aliases)


def read(data: bytes, *, filename: str, known: frozenset[str] = frozenset()) -> ImportResult:
    """Hash and parse a file: the part of an import that needs no database.

    A batch runs it ahead in a thread, so that parsing overlaps the database's work;
    ``known`` (from ``known_organizations()``) is read once per batch.
    """
    result = ImportResult(filename=filename, outcome=Outcome.FAILED, sha256=sha256_of(data))
    try:
        result.parsed = parse_file(data, filename=filename, known=known)
    except LegacyFormatError as error:
        result.error = str(error)
        return result
    except Exception as error:
        # A file from outside that no check foresaw fails alone: the batch goes on.
        logger.exception("Cannot read legacy file %s", filename)
        result.error = (
            f"cannot be read: {type(error).__name__}: {' '.join(str(error).split())[:200]} "
            "(文件无法读取)"
        )
        return result
    result.warnings = list(result.parsed.warnings)
    return result


def number_known(parsed: ParsedIssue, options: ImportOptions) -> bool:
    """Is the issue's number given, by the file or the options? If not, the import
    numbers it (the next free number of its year)."""
    return options.number is not None or parsed.number is not None


class LegacyImporter:
    """Imports legacy files one by one; ``batch=True`` for many files in one process."""

    def __init__(self, *, batch: bool = False):
        self.batch = batch
        self._relaxed = False
        self._organizations: dict[tuple[str, str], int] = {}
        self._recipients: dict[str, int] = {}
        self._reserved_numbers: dict[tuple[int, str, int], int] = {}
        self._mastheads: dict[int, dict] = {}
        # A batch takes its rows' ids a block at a time: a statement less per table and file.
        self._ids = bulk.IdBlocks() if batch else None

    def import_bytes(
        self, data: bytes, *, filename: str, options: ImportOptions | None = None
    ) -> ImportResult:
        """Parse ``data`` and write it (unless ``options.dry_run``); never raises for bad input."""
        return self.import_read(read(data, filename=filename, known=known_organizations()), options)

    def import_read(self, result: ImportResult, options: ImportOptions | None = None):
        """Write a file already hashed and parsed by ``read()``."""
        options = options or ImportOptions()
        if result.parsed is None:
            return result
        if options.bulletin_id is None:
            only = only_bulletin_id()
            if only is None:
                result.error = (
                    "name the bulletin to import into: this installation has several "
                    "(须指明导入哪个刊物)"
                )
                return result
            options = dataclasses.replace(options, bulletin_id=only)
        if options.series is None:
            supplement = result.parsed.supplement
            series = Issue.Series.SUPPLEMENT if supplement else Issue.Series.REGULAR
            options = dataclasses.replace(options, series=series)
        if options.visibility is None:
            internal = result.parsed.internal
            visibility = Issue.Visibility.INTERNAL if internal else Issue.Visibility.PUBLIC
            options = dataclasses.replace(options, visibility=visibility)

        created_organizations: list[tuple[str, str]] = []
        created_recipients: list[str] = []
        try:
            # With a known year and number, the same-number lookup inside the transaction
            # also finds an already imported file: one query less per file of a batch.
            known = (options.year or result.parsed.year) and (
                options.number or result.parsed.number
            )
            if options.dry_run or not known:
                _raise_if_imported(result.sha256)
            self._apply_options(result, options)
            if options.dry_run:
                result.fields = _issue_fields(result, options, self._masthead(options))
                self._conflicting_issue(result, options, lock=False)
                result.outcome = Outcome.WOULD_IMPORT
                return result
            self._relax_commit_durability()
            with bulk.ids_from(self._ids), transaction.atomic():
                replacing = None
                if result.parsed.number is None:
                    self._assign_next_number(result, options)
                elif options.replace:
                    replacing = self._conflicting_issue(result, options, lock=True)
                # Otherwise an issue of the same number or content breaks the issue's
                # unique keys on insert, and IntegrityError below says which: one query
                # less per file than looking first.
                result.issue = issue = self._write(
                    result,
                    options,
                    replacing=replacing,
                    created_organizations=created_organizations,
                    created_recipients=created_recipients,
                )
                # Signed from the rows just written (in memory), not read back.
                if options.status in (Issue.Status.APPROVED, Issue.Status.PUBLISHED):
                    # It was signed off on paper: that is the version readers see.
                    signoff.sign(
                        issue,
                        options.actor,
                        at=issue.publish_at,
                        note=_signoff_note(result),
                        loaded=True,
                        first=replacing is None,
                        organizations=issue.loaded_organizations,
                    )
            result.outcome = Outcome.REPLACED if replacing else Outcome.IMPORTED
        except _AlreadyImported as already:
            _report_already_imported(result, already.issue)
        except ImportRefused as error:
            result.error = str(error)
        except IntegrityError as error:
            # The same content (unique hash) or the same issue number is already there,
            # perhaps written by another import meanwhile: say which.
            try:
                _raise_if_imported(result.sha256)
                if not options.replace:
                    self._conflicting_issue(result, options, lock=False)
                result.error = "database error: " + " ".join(str(error).split())
            except _AlreadyImported as already:
                _report_already_imported(result, already.issue)
            except ImportRefused as refusal:
                result.error = str(refusal)
        except DatabaseError as error:
            result.error = "database error: " + " ".join(str(error).split())
        except Exception as error:
            # Rolled back like any failed file; the batch goes on to the next.
            logger.exception("Cannot import legacy file %s", result.filename)
            result.error = f"cannot be imported: {type(error).__name__} (文件无法导入)"
        if result.outcome != Outcome.IMPORTED and result.outcome != Outcome.REPLACED:
            for pair in created_organizations:
                self._organizations.pop(pair, None)
            for name in created_recipients:
                self._recipients.pop(name, None)
        return result

    def close(self) -> None:
        """End a batch: restore the connection's commit durability if it was relaxed."""
        if self._relaxed:
            with connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")
            self._relaxed = False

    def _relax_commit_durability(self) -> None:
        """In a batch, let PostgreSQL acknowledge a file's commit before flushing it to disk.

        Each file stays atomic; a server crash could lose only the last files'
        commits, and importing is idempotent, so running the batch again restores
        them. It saves a large batch one disk flush per file (about 40% of its time
        here). Off for single imports (the admin upload).
        """
        if self.batch and not self._relaxed and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit TO OFF")
            self._relaxed = True

    # Metadata

    def _masthead(self, options: ImportOptions) -> dict:
        """The bulletin's title and publisher (read once per bulletin and batch)."""
        if options.bulletin_id not in self._mastheads:
            bulletin = Bulletin.objects.get(pk=options.bulletin_id)
            self._mastheads[options.bulletin_id] = {
                "title": bulletin.name,
                "publisher": bulletin.publisher,
            }
        return self._mastheads[options.bulletin_id]

    def _apply_options(self, result: ImportResult, options: ImportOptions) -> None:
        parsed = result.parsed
        if options.year is not None and options.year != parsed.year:
            if parsed.date is not None and parsed.date.year != options.year:
                result.warnings.append(
                    Note(
                        "date_dropped",
                        f"date {parsed.date.isoformat()} dropped: it is not in year "
                        f"{options.year} (日期与年份不符，已忽略)",
                        {"date": parsed.date.isoformat(), "year": options.year},
                    )
                )
                parsed.date, parsed.date_inferred = None, False
            parsed.year, parsed.year_inferred = options.year, False
        if options.date is not None:
            parsed.date, parsed.date_inferred = options.date, False
            if options.year is None:
                parsed.year, parsed.year_inferred = options.date.year, False
        if options.number is not None:
            parsed.number = options.number
        if options.title:
            parsed.title = options.title
        if options.signer:
            parsed.signer = options.signer
        if parsed.year is None:
            raise ImportRefused(
                "the year cannot be determined: give --year or put it in the file name "
                "(无法确定年份)"
            )
        if options.status not in Issue.Status.values:
            raise ImportRefused(f"unknown status {options.status!r}")
        if options.series not in Issue.Series.values:
            raise ImportRefused(f"unknown series {options.series!r}")
        if options.visibility not in Issue.Visibility.values:
            raise ImportRefused(f"unknown visibility {options.visibility!r}")
        if options.dry_run:
            if parsed.number is None:
                self._assign_next_number(result, options)
            key = (options.bulletin_id, options.series, parsed.year)
            self._reserved_numbers[key] = max(self._reserved_numbers.get(key, 0), parsed.number)

    def _assign_next_number(self, result: ImportResult, options: ImportOptions) -> None:
        """Number an issue whose number is unknown: the next free number of its year
        in its bulletin and series (the regular bulletin, or 增刊).

        In a write, this runs inside the file's transaction under a per-bulletin,
        per-year lock (PostgreSQL), so that concurrent imports of the same year
        cannot take the same number.
        """
        parsed = result.parsed
        series, bulletin_id = options.series, options.bulletin_id
        if connection.vendor == "postgresql" and connection.in_atomic_block:
            with connection.cursor() as cursor:
                # Supplements are numbered apart: their own lock (a negative year).
                year_key = parsed.year if series == Issue.Series.REGULAR else -parsed.year
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(%s, %s)",
                    [_NUMBERING_LOCK + bulletin_id, year_key],
                )
        number = max(
            Issue.objects.next_number(bulletin_id, parsed.year, series),
            self._reserved_numbers.get((bulletin_id, series, parsed.year), 0) + 1,
        )
        parsed.number = number
        result.warnings.append(
            Note(
                "numbered",
                f"issue number unknown: numbered {parsed.year}年第{number}期, the next free "
                "number of its year (期号未知，按年度顺延)",
                {"year": parsed.year, "number": number},
            )
        )

    def _conflicting_issue(
        self, result: ImportResult, options: ImportOptions, *, lock: bool
    ) -> Issue | None:
        """The issue to replace (with --replace), or a refusal if another file has the number."""
        parsed = result.parsed
        issues = Issue.objects.select_for_update() if lock else Issue.objects
        existing = issues.filter(
            bulletin=options.bulletin_id,
            series=options.series,
            year=parsed.year,
            number=parsed.number,
        ).first()
        if existing is None:
            return None
        if existing.legacy_sha256 == result.sha256:
            raise _AlreadyImported(existing)
        if not options.replace:
            origin = f" from {existing.legacy_filename}" if existing.legacy_filename else ""
            raise ImportRefused(
                f"{parsed.year}年第{parsed.number}期 already exists{origin} with different "
                "content; use --replace to replace it (该期已存在，内容不同)"
            )
        if not rules.may_change(options.actor, existing):
            if options.actor is None:
                raise ImportRefused(
                    f"replacing {existing} changes an existing issue: name who answers for it "
                    "with --user (替换已有一期须用 --user 指明操作人)"
                )
            raise ImportRefused(
                f"{options.actor} may not change {existing} ({existing.status}): only a chief "
                "editor (签发人) replaces an issue that has left draft (无权替换该期)"
            )
        if Correction.objects.filter(article__section__issue=existing).exists():
            raise ImportRefused(
                f"{parsed.year}年第{parsed.number}期 has corrections (更正) to its articles, "
                "which replacing its content would lose; it is not replaced "
                "(该期已有更正，不能替换)"
            )
        result.warnings.append(
            Note(
                "replaces",
                f"replaces the content of the existing {existing} (替换已有一期的内容)",
                {"issue": str(existing)},
            )
        )
        return existing

    # Writing

    def _write(
        self,
        result: ImportResult,
        options: ImportOptions,
        *,
        replacing: Issue | None,
        created_organizations: list[tuple[str, str]],
        created_recipients: list[str],
    ) -> Issue:
        parsed = result.parsed
        warnings = result.warnings
        fields = _issue_fields(result, options, self._masthead(options))
        result.fields = dict(fields)
        if replacing is None:
            issue = Issue.objects.create(**fields)
            workflow.record_created(
                issue,
                action=audit.IMPORT,
                actor=options.actor,
                comment=f"从旧版文本导入：{result.filename}",
            )
        else:
            # Replaced in place: the issue keeps its id, address and workflow history.
            issue = replacing
            fields.setdefault("cumulative_number", None)
            fields.setdefault("print_run", None)
            fields.setdefault("printed_signer", "")
            fields.setdefault("publish_at", None)
            # Items adopted into its articles go back to the office's inbox.
            decisions.undo_adoptions(Article.objects.filter(section__issue=issue), options.actor)
            Section.objects.filter(issue=issue).delete()
            DistributionEntry.objects.filter(issue=issue).delete()
            for name, value in fields.items():
                setattr(issue, name, value)
            # A save (not an update()): readers' pages follow its new state.
            issue.save(update_fields=[*fields, "updated_at"])
            workflow.record(
                issue,
                options.status,
                action=audit.REPLACE,
                actor=options.actor,
                comment=f"由旧版文本替换：{result.filename}",
            )
            issue.refresh_from_db()

        sections = bulk.insert(
            [
                Section(issue=issue, name=_fit(s.name, 50, "section name", warnings), position=i)
                for i, s in enumerate(parsed.sections, 1)
            ]
        )
        articles: list[Article] = []
        attributions = []
        for section, parsed_section in zip(sections, parsed.sections, strict=True):
            for position, a in enumerate(parsed_section.articles, 1):
                articles.append(
                    Article(
                        section=section,
                        position=position,
                        kind=a.kind,
                        title=_fit(a.title, 300, "title", warnings),
                        subtitle=_fit(a.subtitle, 300, "subtitle", warnings),
                        byline=_fit(a.byline, 200, "byline", warnings),
                        body=join_paragraphs(a.paragraphs),
                        source_text=_fit(a.source_text, 300, "source", warnings),
                        credit=_fit(a.credit, 100, "credit", warnings),
                    )
                )
                attributions.append(list(zip(a.sources, a.written, strict=True)))
        bulk.insert(articles)
        pictures = self._pictures(parsed, articles, warnings)

        organization_ids = self._organization_ids(
            [pair for pairs in attributions for pair in pairs], created_organizations
        )
        links = []
        for article, pairs in zip(articles, attributions, strict=True):
            seen: set[int] = set()
            for name, _ in pairs:
                organization_id = organization_ids[name]
                if organization_id not in seen:
                    seen.add(organization_id)
                    links.append(
                        ArticleSource(
                            article=article, organization_id=organization_id, position=len(seen)
                        )
                    )
        bulk.insert(links)

        recipient_ids = self._recipient_ids(parsed.distribution, created_recipients, warnings)
        entries = []
        seen_recipients: set[int] = set()
        stored_names: dict[int, str] = {}
        for name in parsed.distribution:
            recipient_id = recipient_ids[name]
            stored_names.setdefault(recipient_id, name[:RECIPIENT_NAME_LENGTH])
            if recipient_id in seen_recipients:
                warnings.append(
                    Note(
                        "recipient_twice",
                        f"recipient listed twice: {name} (收文单位重复)",
                        {"name": name},
                    )
                )
                continue
            seen_recipients.add(recipient_id)
            entries.append(
                DistributionEntry(
                    issue=issue, recipient_id=recipient_id, position=len(seen_recipients)
                )
            )
        bulk.insert(entries)
        for entry in entries:
            # As named in this file (and so as stored: found or created by that name).
            recipient_id = entry.recipient_id
            entry.recipient = Recipient(pk=recipient_id, name=stored_names[recipient_id])
        _keep_in_memory(issue, sections, articles, links, entries, pictures)
        return issue

    def _pictures(self, parsed, articles: list[Article], warnings) -> list[ArticleImage]:
        """Each article's pictures, stored (once, by content) and written."""
        pictures = []
        parsed_articles = parsed.articles
        for article, parsed_article in zip(articles, parsed_articles, strict=True):
            for position, image in enumerate(parsed_article.images, 1):
                pictures.append(
                    ArticleImage(
                        article=article,
                        position=position,
                        file=store_picture(image.data, image.content_type),
                        caption=_fit(image.caption, 300, "caption", warnings),
                    )
                )
        return bulk.insert(pictures)

    def _organization_ids(
        self, pairs: list[tuple[str, str]], created: list[tuple[str, str]]
    ) -> dict[str, int]:
        """Canonical name → organization id, through names and aliases; creates what is new."""
        missing = {pair for pair in pairs if pair not in self._organizations}
        if missing:
            lookup = {key for pair in missing for key in pair}
            by_name = dict(
                SourceOrganization.objects.filter(name__in=lookup).values_list("name", "pk")
            )
            by_alias = dict(
                OrganizationAlias.objects.filter(name__in=lookup).values_list(
                    "name", "organization_id"
                )
            )
            for name, written in sorted(missing):
                found = next(
                    (
                        table[key]
                        for key in (name, written)
                        for table in (by_name, by_alias)
                        if key in table
                    ),
                    None,
                )
                # get_or_create: another import running at the same time may be creating
                # the same organization; its row is then used once it commits.
                if found is None:
                    short = written if written != name and len(written) <= 50 else ""
                    organization, new = SourceOrganization.objects.get_or_create(
                        name=name[:100], defaults={"short_name": short}
                    )
                    found = by_name[name] = organization.pk
                    if new:
                        created.append((name, written))
                # Both the canonical name and the form as written (市总宣教部) must resolve to
                # this organization next time: add whichever is neither a name nor an alias.
                for key in dict.fromkeys((name, written)):
                    if key not in by_name and key not in by_alias:
                        alias, new = OrganizationAlias.objects.get_or_create(
                            name=key[:100], defaults={"organization_id": found}
                        )
                        by_alias[key] = alias.organization_id
                        if new:
                            created.append((name, written))
                self._organizations[(name, written)] = found
        return {name: self._organizations[(name, written)] for name, written in pairs}

    def _recipient_ids(
        self, names: list[str], created: list[str], warnings: list[str]
    ) -> dict[str, int]:
        missing = {name for name in names if name not in self._recipients}
        if missing:
            found = dict(Recipient.objects.filter(name__in=missing).values_list("name", "pk"))
            for name in missing - set(found):
                stored = _fit(name, RECIPIENT_NAME_LENGTH, "recipient", warnings)
                found[name] = Recipient.objects.get_or_create(name=stored)[0].pk
                created.append(name)
            self._recipients.update(found)
        return {name: self._recipients[name] for name in names}


def _issue_fields(result: ImportResult, options: ImportOptions, masthead: dict) -> dict:
    """The issue's fields as the import writes them (or, in a dry run, would);
    ``masthead``: the bulletin's title and publisher, where the file prints none."""
    parsed = result.parsed
    warnings = result.warnings
    fields = {
        "bulletin_id": options.bulletin_id,
        "series": options.series,
        "year": parsed.year,
        "number": parsed.number,
        "issue_date": parsed.date,
        "status": options.status,
        "visibility": options.visibility,
        "legacy_filename": _fit(result.filename, 255, "file name", warnings),
        "legacy_sha256": result.sha256,
    }
    fields["title"] = masthead["title"]
    fields["publisher"] = masthead["publisher"]
    if parsed.title:
        fields["title"] = _fit(parsed.title, 100, "masthead title", warnings)
    if parsed.publisher:
        fields["publisher"] = _fit(parsed.publisher, 100, "publisher", warnings)
    if parsed.cumulative_number is not None:
        fields["cumulative_number"] = parsed.cumulative_number
    if parsed.print_run is not None:
        fields["print_run"] = parsed.print_run
    if parsed.signer:
        fields["printed_signer"] = _fit(parsed.signer, 50, "signer", warnings)
    if options.status == Issue.Status.PUBLISHED:
        fields["publish_at"] = _publish_time(parsed)
    return fields


def _keep_in_memory(issue, sections, articles, links, entries, pictures) -> None:
    """Attach the rows just written to ``issue`` as prefetch caches, the way
    ``content.records.issues_with_contents`` loads an issue, for signing it without
    reading it back.

    Organizations are read as stored: another process may have renamed one since
    this batch looked it up. They are read with their aliases, which the search
    index finds their articles by, and left on the issue (``loaded_organizations``)
    for the sign-off to pass on.
    The distribution entries come with their recipients.
    """
    organizations = {
        organization.pk: organization
        for organization in SourceOrganization.objects.filter(
            pk__in={link.organization_id for link in links}
        ).with_alias_names()
    }
    issue.loaded_organizations = list(organizations.values())
    links_of: dict[int, list[ArticleSource]] = {article.pk: [] for article in articles}
    for link in links:
        link.organization = organizations[link.organization_id]
        links_of[link.article.pk].append(link)
    pictures_of: dict[int, list[ArticleImage]] = {article.pk: [] for article in articles}
    for picture in pictures:
        pictures_of[picture.article.pk].append(picture)
    for article in articles:
        # A new article has no tags yet.
        article._prefetched_objects_cache = {
            "source_links": links_of[article.pk],
            "tags": [],
            "images": pictures_of[article.pk],
        }
    articles_of: dict[int, list[Article]] = {section.pk: [] for section in sections}
    for article in articles:
        articles_of[article.section.pk].append(article)
    for section in sections:
        section._prefetched_objects_cache = {"articles": articles_of[section.pk]}
    issue._prefetched_objects_cache = {"sections": list(sections), "distribution": entries}


class _AlreadyImported(Exception):
    def __init__(self, issue: Issue):
        self.issue = issue


def only_bulletin_id() -> int | None:
    """The installation's bulletin when it has only one: where an import goes
    unless a bulletin is named."""
    ids = list(Bulletin.objects.values_list("pk", flat=True)[:2])
    return ids[0] if len(ids) == 1 else None


def _raise_if_imported(sha256: str) -> None:
    # A file is one issue of one bulletin: its content is imported once in all.
    existing = Issue.objects.filter(legacy_sha256=sha256).first()
    if existing is not None:
        raise _AlreadyImported(existing)


def _report_already_imported(result: ImportResult, existing: Issue) -> None:
    result.outcome, result.issue, result.error = Outcome.ALREADY_IMPORTED, existing, None
    parsed = result.parsed
    parsed.year, parsed.number, parsed.date = existing.year, existing.number, existing.issue_date
    parsed.title = existing.title
    result.warnings.append(
        Note(
            "already_imported", f"already imported as {existing} (已导入)", {"issue": str(existing)}
        )
    )


def _signoff_note(result: ImportResult) -> str:
    """The sign-off's note: the file, and the signer printed on its cover page."""
    note = f"从旧版文本导入：{result.filename}"
    if result.parsed.signer:
        note += f"（签发人：{result.parsed.signer}）"
    return note


def _publish_time(parsed: ParsedIssue) -> datetime.datetime:
    """When an imported issue was published: its date, else 1 January of its year."""
    day = parsed.date or datetime.date(parsed.year, 1, 1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


def _fit(value: str, limit: int, what: str, warnings: list[str]) -> str:
    if len(value) <= limit:
        return value
    warnings.append(
        Note(
            "shortened",
            f"{what} longer than {limit} characters was shortened: {value[:20]}… (过长已截断)",
            {"what": what, "limit": limit, "start": value[:20]},
        )
    )
    return value[:limit]
