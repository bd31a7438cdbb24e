"""The archive: every issue, in every state, as plain JSON files that outlive this
software — and back into an empty database.

``export_archive(directory)`` writes the layout below; ``import_archive(directory)``
restores it. Exporting what was imported gives byte-identical files. The format
is documented in docs/archive-format.md; change it only together with
``VERSION`` and that document.

    DIR/manifest.json         format name and version, the list of issue files, counts
    DIR/organizations.json    source organizations: id, name, short name, parent, aliases
    DIR/recipients.json       every distribution-list recipient, by name
    DIR/tags.json             every tag: name and slug
    DIR/people.json           the accounts named in issues (sign-off, workflow
                              history) and the offices' members
    DIR/offices.json          the offices (编辑部): union, parent office, host name,
                              their bulletins (刊物) and their members with their roles
    DIR/issues/SLUG/YYYY-NNN.json
                              one issue of the bulletin SLUG: its fields, sections
                              with articles, distribution list, workflow history,
                              signed versions and corrections (a supplement (增刊):
                              issues/SLUG/YYYY-supplement-NNN.json)
    DIR/pictures/<name>       every picture an issue names (working copy or a
                              signed version), under its name in storage,
                              byte for byte (listed with its SHA-256 in the manifest)

Files are UTF-8 JSON with sorted keys, two-space indentation and real Chinese
characters (not ``\\u`` escapes), one trailing newline; lists are in a fixed
order (position, name, or time). Nothing in them depends on when the export ran.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Prefetch
from taggit.models import Tag

from editorial.content import images, records
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
)
from editorial.offices.models import Bulletin, Membership, Office
from editorial.search import index as search_index
from editorial.signed.models import IssueVersion
from editorial.signed.publish import publish_copy
from editorial.workflow import audit
from editorial.workflow.models import Correction, IssueTransition

FORMAT = "union-bulletin-archive"
VERSION = 3
# Version 1 had no pictures' files: its pictures are restored by name only.
# Versions 1 and 2 had no offices: their issues go to the database's only bulletin.
READABLE_VERSIONS = (1, 2, 3)

MANIFEST = "manifest.json"
ORGANIZATIONS = "organizations.json"
RECIPIENTS = "recipients.json"
TAGS = "tags.json"
PEOPLE = "people.json"
OFFICES = "offices.json"
ISSUES_DIR = "issues"
PICTURES_DIR = "pictures"

# The fields of the archive's own records, beside an issue's content
# (``editorial.content.records``); tests/archive/test_archive.py checks that
# every field of these models is either here or deliberately left out.
TRANSITION_FIELDS = ("from_status", "to_status", "action", "comment", "created_at")
VERSION_FIELDS = ("sequence", "content", "signer_name", "signed_at", "note")
CORRECTION_FIELDS = ("wrong", "right", "corrected_at")
OFFICE_FIELDS = ("name", "host")
BULLETIN_FIELDS = (
    "slug",
    "name",
    "short_name",
    "publisher",
    "internal_by_default",
    "default_distribution",
    "cumulative_start",
    "position",
)
# Dates and times, written as ISO 8601 (times in UTC) and parsed back on import.
_TIMES = ("issue_date", "publish_at", "approved_at", "created_at", "updated_at")
# Issue fields written after its contents (which would change them).
_RESTORED_LAST = ("unsigned_changes",)


class ArchiveError(Exception):
    """The archive cannot be written or restored; the message says why."""


@dataclass
class Summary:
    issues: int
    articles: int
    organizations: int
    recipients: int
    tags: int
    pictures: int = 0
    # Named by an issue but not in storage (export): left out of the archive.
    missing_pictures: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, int]:
        return {
            name: getattr(self, name)
            for name in ("issues", "articles", "organizations", "recipients", "tags", "pictures")
        }


# --- Encoding ------------------------------------------------------------------------------


def dumps(data) -> str:
    """The one way archive files are written: stable, readable, diffable."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _datetime(value: str | None) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(value) if value else None


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def issue_filename(
    bulletin: str, year: int, number: int, series: str = Issue.Series.REGULAR
) -> str:
    """Where an issue of the bulletin whose address is ``bulletin`` is archived."""
    if series == Issue.Series.SUPPLEMENT:
        return f"{ISSUES_DIR}/{bulletin}/{year:04d}-supplement-{number:03d}.json"
    return f"{ISSUES_DIR}/{bulletin}/{year:04d}-{number:03d}.json"


# --- Export --------------------------------------------------------------------------------


def issues_for_export():
    """Issues with their contents, workflow history, signed versions and corrections."""
    articles = records.articles_with_sources().prefetch_related(
        Prefetch(
            "corrections",
            queryset=Correction.objects.select_related("corrected_by", "noticed_in").order_by(
                "corrected_at", "pk"
            ),
        )
    )
    return (
        records.issues_with_contents(articles)
        .select_related("bulletin")
        .prefetch_related(
            Prefetch(
                "transitions",
                queryset=IssueTransition.objects.select_related("actor").order_by(
                    "created_at", "pk"
                ),
            ),
            Prefetch(
                "versions",
                queryset=IssueVersion.objects.select_related("signed_by").order_by("sequence"),
            ),
        )
    )


def issue_record(issue: Issue) -> dict:
    """One issue as the archive writes it (the content of ``issues/YYYY-NNN.json``)."""
    record = records.content_record(issue)
    record["bulletin"] = issue.bulletin.slug
    record["history"] = [
        {**records.fields(step, TRANSITION_FIELDS), "actor": records.username(step.actor)}
        for step in issue.transitions.all()
    ]
    record["versions"] = [
        {
            **records.fields(version, VERSION_FIELDS),
            "signed_by": records.username(version.signed_by),
        }
        for version in issue.versions.all()
    ]
    record["corrections"] = [
        {
            **records.fields(correction, CORRECTION_FIELDS),
            "article": article.pk,
            "corrected_by": records.username(correction.corrected_by),
            "noticed_in": _issue_key(correction.noticed_in),
        }
        for section in issue.sections.all()
        for article in section.articles.all()
        for correction in article.corrections.all()
    ]
    return record


def _issue_key(issue: Issue | None) -> dict | None:
    """An issue named in another's record: its bulletin, series, year and number."""
    if issue is None:
        return None
    return {
        "bulletin": issue.bulletin.slug,
        "series": issue.series,
        "year": issue.year,
        "number": issue.number,
    }


def _people(issues: list[Issue], memberships: list[Membership]) -> list[dict]:
    users = {membership.user.get_username(): membership.user for membership in memberships}
    for issue in issues:
        named = [
            issue.approved_by,
            *(step.actor for step in issue.transitions.all()),
            *(version.signed_by for version in issue.versions.all()),
            *(
                correction.corrected_by
                for section in issue.sections.all()
                for article in section.articles.all()
                for correction in article.corrections.all()
            ),
        ]
        for user in named:
            if user is not None:
                users[user.get_username()] = user
    return [
        {"username": name, "first_name": user.first_name, "last_name": user.last_name}
        for name, user in sorted(users.items())
    ]


def _organizations() -> list[dict]:
    organizations = SourceOrganization.objects.select_related(
        "parent", "reports_to"
    ).prefetch_related("aliases")
    return [
        {
            "id": organization.pk,
            "name": organization.name,
            "short_name": organization.short_name,
            "parent": organization.parent.name if organization.parent else None,
            "reports_to": organization.reports_to.name if organization.reports_to else None,
            "aliases": sorted(alias.name for alias in organization.aliases.all()),
        }
        for organization in organizations.order_by("name")
    ]


def _offices(memberships: list[Membership]) -> list[dict]:
    """Every office with its bulletins and members, by name; bulletins in their order."""
    members: dict[int, list[dict]] = {}
    for membership in memberships:
        members.setdefault(membership.office_id, []).append(
            {"username": membership.user.get_username(), "role": membership.role}
        )
    offices = Office.objects.select_related("union", "parent").prefetch_related("bulletins")
    return [
        {
            **{name: getattr(office, name) for name in OFFICE_FIELDS},
            "union": office.union.name if office.union else None,
            "parent": office.parent.name if office.parent else None,
            "bulletins": [
                {name: getattr(bulletin, name) for name in BULLETIN_FIELDS}
                for bulletin in office.bulletins.order_by("position", "slug")
            ],
            "members": sorted(members.get(office.pk, []), key=lambda m: m["username"]),
        }
        for office in offices.order_by("name")
    ]


def _snapshot(outermost: bool):
    """Read everything as of one moment, even while editors keep working.

    On SQLite a transaction already reads one snapshot. Inside a caller's
    transaction (a test, a script) the caller's isolation applies.
    """
    if outermost and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")


def export_archive(directory: Path | str) -> Summary:
    """Write the whole archive into ``directory`` (empty, new, or a previous archive)."""
    directory = Path(directory)
    _check_export_target(directory)
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        _snapshot(outermost)
        issues = list(issues_for_export())
        memberships = list(Membership.objects.select_related("user"))
        files = {
            OFFICES: _offices(memberships),
            ORGANIZATIONS: _organizations(),
            RECIPIENTS: sorted(Recipient.objects.values_list("name", flat=True)),
            TAGS: [
                {"name": name, "slug": slug}
                for name, slug in Tag.objects.order_by("name").values_list("name", "slug")
            ],
            PEOPLE: _people(issues, memberships),
        }
        for issue in issues:
            name = issue_filename(issue.bulletin.slug, issue.year, issue.number, issue.series)
            files[name] = issue_record(issue)
    issue_files = sorted(name for name in files if name.startswith(ISSUES_DIR + "/"))
    pictures, missing = _export_pictures(directory, [files[name] for name in issue_files])
    summary = Summary(
        issues=len(issues),
        articles=sum(len(s["articles"]) for i in issue_files for s in files[i]["sections"]),
        organizations=len(files[ORGANIZATIONS]),
        recipients=len(files[RECIPIENTS]),
        tags=len(files[TAGS]),
        pictures=len(pictures),
        missing_pictures=tuple(missing),
    )
    files[MANIFEST] = {
        "format": FORMAT,
        "version": VERSION,
        "issues": issue_files,
        "pictures": pictures,
        "counts": summary.as_dict(),
    }
    (directory / ISSUES_DIR).mkdir(parents=True, exist_ok=True)
    for stale in (directory / ISSUES_DIR).rglob("*.json"):
        if stale.relative_to(directory).as_posix() not in files:
            stale.unlink()
    for name, data in files.items():
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        write_atomically(directory / name, dumps(data))
    return summary


def _picture_names(issue_records: list[dict]) -> list[str]:
    """Every picture the issues name: their working copies' and their signed versions'."""
    names = set()
    for record in issue_records:
        for content in (record, *(version["content"] for version in record["versions"])):
            for section in content["sections"]:
                for article in section["articles"]:
                    names.update(image["file"] for image in article.get("images", ()))
    return sorted(names)


def _export_pictures(directory: Path, issue_records: list[dict]) -> tuple[list[dict], list[str]]:
    """Copy the pictures the issues name into ``DIR/pictures``, dropping those no
    issue names any more; their manifest entries, and the names not in storage."""
    entries, missing = [], []
    for name in _picture_names(issue_records):
        if not default_storage.exists(name):
            missing.append(name)
            continue
        with default_storage.open(name) as stored:
            data = stored.read()
        target = _picture_path(directory, name)
        if not target.is_file() or target.read_bytes() != data:
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(target.name + ".tmp")
            temporary.write_bytes(data)
            temporary.replace(target)
        entries.append({"file": name, "sha256": hashlib.sha256(data).hexdigest()})
    kept = {_picture_path(directory, entry["file"]) for entry in entries}
    folder = directory / PICTURES_DIR
    for stale in folder.rglob("*") if folder.is_dir() else ():
        if stale.is_file() and stale not in kept:
            stale.unlink()
    return entries, missing


def _picture_path(directory: Path, name: str) -> Path:
    """Where the picture stored as ``name`` is in the archive (a name that would
    lead outside ``DIR/pictures`` is refused)."""
    parts = Path(name).parts
    if not parts or Path(name).is_absolute() or ".." in parts:
        raise ArchiveError(f"{name!r} is not a picture's name in storage")
    return directory / PICTURES_DIR / name


def _check_export_target(directory: Path) -> None:
    if directory.exists() and not directory.is_dir():
        raise ArchiveError(f"{directory} is not a directory")
    if directory.is_dir() and any(directory.iterdir()) and not (directory / MANIFEST).exists():
        raise ArchiveError(
            f"{directory} is neither empty nor a previous archive (no {MANIFEST}); "
            "choose an empty directory"
        )


def write_atomically(path: Path, text: str) -> None:
    """Write through a temporary file, so that a crash never leaves half a file."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


# --- Import --------------------------------------------------------------------------------


def _read(directory: Path, name: str):
    path = directory / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ArchiveError(f"{path} is missing: is {directory} an archive?") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ArchiveError(f"{path} is not valid UTF-8 JSON: {error}") from None


def _existing_content() -> dict[str, int]:
    counts = {
        "issues": Issue.objects.count(),
        "articles": Article.objects.count(),
        "organizations": SourceOrganization.objects.count(),
        "recipients": Recipient.objects.count(),
        "tags": Tag.objects.count(),
    }
    return {name: count for name, count in counts.items() if count}


def import_archive(directory: Path | str) -> Summary:
    """Restore an archive into a database that holds no content yet, all or nothing.

    Accounts named in the archive are matched by username; those that do not
    exist are created inactive and without a password (they keep the history
    readable; an administrator may activate them).
    """
    directory = Path(directory)
    manifest = _read(directory, MANIFEST)
    if manifest.get("format") != FORMAT:
        raise ArchiveError(f"{directory / MANIFEST} is not a {FORMAT} manifest")
    if manifest.get("version") not in READABLE_VERSIONS:
        raise ArchiveError(
            f"archive format version {manifest.get('version')} is not supported "
            f"(this software reads versions {', '.join(map(str, READABLE_VERSIONS))})"
        )
    with transaction.atomic():
        existing = _existing_content()
        if existing:
            found = ", ".join(f"{count} {name}" for name, count in existing.items())
            raise ArchiveError(
                f"the database is not empty ({found}); an archive is restored only "
                "into an empty database — create a new one and run migrate first"
            )
        users = _restore_people(_read(directory, PEOPLE))
        organizations = _restore_organizations(_read(directory, ORGANIZATIONS))
        if manifest["version"] >= 3:
            bulletins = _restore_offices(_read(directory, OFFICES), users, organizations)
            bulletin_of = bulletins.__getitem__
            _restore_reporting(_read(directory, ORGANIZATIONS), organizations)
        else:
            only = _only_bulletin(directory)
            bulletin_of = lambda _slug: only  # noqa: E731
        recipients = {
            name: Recipient.objects.create(name=name) for name in _read(directory, RECIPIENTS)
        }
        tags = {
            item["name"]: Tag.objects.create(name=item["name"], slug=item["slug"])
            for item in _read(directory, TAGS)
        }
        articles = 0
        notices = []
        for name in manifest["issues"]:
            record = _read(directory, name)
            try:
                bulletin = bulletin_of(record.get("bulletin"))
                articles += _restore_issue(record, bulletin, users, organizations, recipients, tags)
                notices += _restore_corrections(record, users)
            except (KeyError, TypeError, ValueError) as error:
                raise ArchiveError(f"{directory / name}: unreadable record ({error!r})") from None
        for correction, key in notices:
            key = {**key, "bulletin": bulletin_of(key.get("bulletin"))}
            correction.noticed_in = Issue.objects.get(**key)
            correction.save(update_fields=["noticed_in"])
        pictures = _restore_pictures(directory, manifest.get("pictures", []))
        _reset_sequences()
        # The readers' copies restored above are searched through the index.
        search_index.rebuild_index()
    return Summary(
        issues=len(manifest["issues"]),
        articles=articles,
        organizations=len(organizations),
        recipients=len(recipients),
        tags=len(tags),
        pictures=pictures,
    )


def _restore_pictures(directory: Path, entries: list[dict]) -> int:
    """Check every picture of the archive against its SHA-256, then have each
    written into storage under its own name once the restore commits (one
    already there with the same bytes is kept; with other bytes, refused)."""
    for entry in entries:
        path = _picture_path(directory, entry["file"])
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise ArchiveError(f"{path} is missing: the manifest lists it") from None
        if hashlib.sha256(data).hexdigest() != entry["sha256"]:
            raise ArchiveError(f"{path} is damaged: its SHA-256 is not the manifest's")
        if default_storage.exists(entry["file"]):
            with default_storage.open(entry["file"]) as stored:
                if stored.read() != data:
                    raise ArchiveError(f"storage already holds another file named {entry['file']}")
            continue
        images.store_on_commit(entry["file"], path.read_bytes)
    return len(entries)


def _restore_people(people: list[dict]) -> dict:
    User = get_user_model()
    users = {}
    for person in people:
        user = User.objects.filter(**{User.USERNAME_FIELD: person["username"]}).first()
        if user is None:
            user = User(
                **{User.USERNAME_FIELD: person["username"]},
                first_name=person["first_name"],
                last_name=person["last_name"],
                is_active=False,
            )
            user.set_unusable_password()
            user.save()
        users[person["username"]] = user
    return users


def _restore_offices(records: list[dict], users, organizations) -> dict[str, Bulletin]:
    """The archive's offices, bulletins and memberships; the bulletins by address.

    A migrated database holds one office and bulletin made from the settings
    (migration 0025): an archived office of the same name, a bulletin of the same
    address, takes its place; one the archive does not name, which nothing uses,
    is removed."""
    placeholders = list(Bulletin.objects.select_related("office"))
    offices = {}
    for record in records:
        office = Office.objects.filter(name=record["name"]).first() or Office(name=record["name"])
        office.host = record["host"]
        office.union = organizations[record["union"]] if record["union"] else None
        office.parent = None
        office.save()
        offices[record["name"]] = office
    bulletins = {}
    for record in records:
        office = offices[record["name"]]
        office.parent = offices[record["parent"]] if record["parent"] else None
        office.save(update_fields=["parent"])
        for item in record["bulletins"]:
            bulletin, _ = Bulletin.objects.update_or_create(
                slug=item["slug"], defaults={**item, "office": office}
            )
            bulletins[bulletin.slug] = bulletin
        for member in record["members"]:
            Membership.objects.update_or_create(
                user=users[member["username"]], office=office, defaults={"role": member["role"]}
            )
    for bulletin in placeholders:
        if bulletin.slug not in bulletins:
            bulletin.delete()
        if bulletin.office.name not in offices and not bulletin.office.bulletins.exists():
            bulletin.office.delete()
    return bulletins


def _restore_reporting(records: list[dict], organizations) -> None:
    """Each unit's office (the inbox its officers' items go to), by the office's name."""
    offices = {office.name: office for office in Office.objects.all()}
    for record in records:
        if record.get("reports_to"):
            organization = organizations[record["name"]]
            organization.reports_to = offices[record["reports_to"]]
            organization.save(update_fields=["reports_to"])


def _only_bulletin(directory: Path) -> Bulletin:
    """Where an archive made before offices puts its issues: the database's one bulletin."""
    bulletins = list(Bulletin.objects.all()[:2])
    if len(bulletins) != 1:
        raise ArchiveError(
            f"{directory} was archived before offices and bulletins: it is restored only "
            "into a database with one bulletin"
        )
    return bulletins[0]


def _restore_organizations(records: list[dict]) -> dict[str, SourceOrganization]:
    # The office each reports to is set with the offices (``_restore_reporting``);
    # an archive made before offices leaves it to the model's default.
    offices = {"reports_to": None} if records and "reports_to" in records[0] else {}
    organizations = {
        record["name"]: SourceOrganization.objects.create(
            pk=record["id"], name=record["name"], short_name=record["short_name"], **offices
        )
        for record in records
    }
    for record in records:
        if record["parent"]:
            organization = organizations[record["name"]]
            organization.parent = organizations[record["parent"]]
            organization.save(update_fields=["parent"])
        for alias in record["aliases"]:
            OrganizationAlias.objects.create(organization=organizations[record["name"]], name=alias)
    return organizations


def _restore_issue(record, bulletin, users, organizations, recipients, tags) -> int:
    issue = Issue.objects.create(
        bulletin=bulletin,
        **{
            name: record[name]
            for name in records.ISSUE_FIELDS
            if name not in _TIMES + _RESTORED_LAST
        },
        issue_date=_date(record["issue_date"]),
        publish_at=_datetime(record["publish_at"]),
        approved_at=_datetime(record["approved_at"]),
        approved_by=users[record["approved_by"]] if record["approved_by"] else None,
        **{name: record[name] for name in records.OPTIONAL_ISSUE_FIELDS if name in record},
    )
    articles = 0
    for section_record in record["sections"]:
        section = Section.objects.create(
            issue=issue, **{name: section_record[name] for name in records.SECTION_FIELDS}
        )
        for article_record in section_record["articles"]:
            article = Article.objects.create(
                section=section,
                **{
                    name: article_record[name]
                    for name in records.ARTICLE_FIELDS
                    if name not in ("created_at", "updated_at")
                },
            )
            ArticleSource.objects.bulk_create(
                ArticleSource(article=article, organization=organizations[name], position=n)
                for n, name in enumerate(article_record["sources"], 1)
            )
            if article_record["tags"]:
                article.tags.add(*(tags[name] for name in article_record["tags"]))
            # Their files are restored from DIR/pictures (_restore_pictures).
            ArticleImage.objects.bulk_create(
                ArticleImage(
                    article=article, position=n, file=image["file"], caption=image["caption"]
                )
                for n, image in enumerate(article_record.get("images", ()), 1)
            )
            # auto_now fields: set after the fact, as archived.
            Article.objects.filter(pk=article.pk).update(
                created_at=_datetime(article_record["created_at"]),
                updated_at=_datetime(article_record["updated_at"]),
            )
            articles += 1
    DistributionEntry.objects.bulk_create(
        DistributionEntry(issue=issue, recipient=recipients[name], position=n)
        for n, name in enumerate(record["distribution"], 1)
    )
    IssueTransition.objects.bulk_create(
        IssueTransition(
            issue=issue,
            from_status=step["from_status"],
            to_status=step["to_status"],
            # Archives written before steps had names hold none.
            action=step.get("action", ""),
            comment=step["comment"],
            created_at=_datetime(step["created_at"]),
            actor=users[step["actor"]] if step["actor"] else None,
        )
        for step in record["history"]
    )
    # The archive carries the steps; the issue's history reads their audit entries.
    audit.record_steps(issue.transitions.all())
    newest = None
    for version in record.get("versions", []):
        newest = IssueVersion.objects.create(
            issue=issue,
            **{name: version[name] for name in VERSION_FIELDS if name != "signed_at"},
            signed_at=_datetime(version["signed_at"]),
            signed_by=users[version["signed_by"]] if version["signed_by"] else None,
        )
    if newest is not None:
        publish_copy(issue, newest)
    # Set last: writing the contents above marks the issue as changed since signed off.
    Issue.objects.filter(pk=issue.pk).update(
        created_at=_datetime(record["created_at"]),
        updated_at=_datetime(record["updated_at"]),
        unsigned_changes=record["unsigned_changes"],
    )
    return articles


def _restore_corrections(record, users) -> list[tuple[Correction, dict]]:
    """The issue's corrections, and those whose 更正 notice is in an issue restored later."""
    later = []
    for item in record.get("corrections", []):
        correction = Correction.objects.create(
            article_id=item["article"],
            wrong=item["wrong"],
            right=item["right"],
            corrected_at=_datetime(item["corrected_at"]),
            corrected_by=users[item["corrected_by"]] if item["corrected_by"] else None,
        )
        if item["noticed_in"]:
            later.append((correction, item["noticed_in"]))
    return later


def _reset_sequences() -> None:
    """Rows were inserted with their archived ids; let new rows continue after them."""
    statements = connection.ops.sequence_reset_sql(no_style(), [Article, SourceOrganization])
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
