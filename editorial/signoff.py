"""Sign-off (签发) freezes the issue: signed versions, and what readers are shown.

Signing off (the workflow's ``approve`` step, and ``resign`` for an issue
changed after it) stores the assembled issue as one ``IssueVersion``: the
masthead, sections in order, articles, table of contents and footer exactly as
approved — the archive's JSON form of the issue (``editorial.archive``) without
its workflow state — with the signer and the time. Versions are never changed
or deleted.

The live rows (``Issue``, ``Section``, ``Article``…) are the editors' working
copy. The reading site shows an issue's newest signed version: the issue page,
the article pages and the feed are rebuilt from it (``reading_copy``), and while
the working copy has unsigned changes (``Issue.unsigned_changes``, set by
``editorial.signals`` on every edit) lists and search results show the signed
text too (``signed_articles``, and the search index through
``signed_text``). Once the changes are signed off, readers see them.

An issue that has never been signed off (made before sign-off kept versions,
or in tests) is shown from its live rows.
"""

from __future__ import annotations

import copy
import datetime

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from . import archive, caching
from .models import (
    Article,
    ArticleSource,
    DistributionEntry,
    Issue,
    IssueVersion,
    Recipient,
    Section,
    SourceOrganization,
)

# Parts of the archive record that are workflow state or bookkeeping, not the issue
# as printed: they are not signed (and may change without a new sign-off).
UNSIGNED_ISSUE_FIELDS = (
    "status",
    "publish_at",
    "visibility",
    "approved_at",
    "approved_by",
    "legacy_filename",
    "legacy_sha256",
    "created_at",
    "updated_at",
    "unsigned_changes",
    "history",
)
# Tags are how the site files an article, not part of it: they may change any time.
UNSIGNED_ARTICLE_FIELDS = ("created_at", "updated_at", "version", "tags")


# --- Signing -----------------------------------------------------------------------------


def assemble(issue: Issue) -> dict:
    """The issue as it would be signed now, read back from its live rows."""
    return content_of(archive.issues_for_export(records=False).get(pk=issue.pk))


def content_of(loaded: Issue) -> dict:
    """What a sign-off of ``loaded`` stores: the archive's record of the issue,
    without workflow state, plus the ids the reading site links by (sections'
    anchors, organizations' pages).

    ``loaded`` holds its contents in memory as ``archive.issues_for_export``
    prefetches them: its sections in order, each with its articles in order,
    each article with its tags and its source links in order (with their
    organizations); its distribution entries in order (with their recipients).
    ``assemble`` reads them back; the legacy importer passes the rows it has just
    written, so that importing does not read each issue back.
    """
    record = archive.issue_record(loaded, records=False)
    for name in UNSIGNED_ISSUE_FIELDS:
        record.pop(name, None)
    for section_record, section in zip(record["sections"], loaded.sections.all(), strict=True):
        section_record["id"] = section.pk
        articles = section.articles.all()
        for article_record, article in zip(section_record["articles"], articles, strict=True):
            for name in UNSIGNED_ARTICLE_FIELDS:
                article_record.pop(name, None)
            article_record["source_ids"] = [
                link.organization_id for link in article.source_links.all()
            ]
    return record


def signer_name(user) -> str:
    """How the masthead names the signer: 王建国 (family name first), or the username."""
    if user is None:
        return ""
    return f"{user.last_name}{user.first_name}".strip() or user.get_username()


def sign(
    issue: Issue, user, *, at=None, note: str = "", loaded: bool = False, first: bool = False
) -> IssueVersion:
    """Store the issue as signed off by ``user`` now; readers see it from then on
    (once the issue is published). Call inside the transaction that approves it.

    ``loaded``: ``issue`` holds its contents in memory (see ``content_of``), as
    written by the caller just now; otherwise they are read back. ``first``: the
    issue was created in this transaction with its contents written in bulk (no
    save signals), so it has no earlier version and no unsigned changes to clear.
    """
    content = content_of(issue) if loaded else assemble(issue)
    highest = 0 if first else issue.versions.aggregate(Max("sequence"))["sequence__max"] or 0
    version = IssueVersion.objects.create(
        issue=issue,
        sequence=highest + 1,
        content=content,
        signed_by=user,
        signer_name=signer_name(user),
        signed_at=at or timezone.now(),
        note=note,
    )
    had_changes = not first and Issue.objects.filter(pk=issue.pk, unsigned_changes=True).update(
        unsigned_changes=False
    )
    issue.unsigned_changes = False
    # Pages follow the new version once it has committed; so does the search index,
    # which held the previous version's text for the articles changed since.
    caching.issues_changed([issue.pk])
    if had_changes:
        from . import search

        search.reindex_issues_on_commit([issue.pk])
    return version


def latest(issue: Issue) -> IssueVersion | None:
    return issue.versions.order_by("-sequence").first()


def has_unsigned_changes(issue: Issue) -> bool:
    """Does the working copy differ from the newest signed version (or is there none)?"""
    version = latest(issue)
    return version is None or assemble(issue) != version.content


def may_have_unsigned_changes(issue: Issue) -> bool:
    """The cheap test first (the flag set on every edit), then the exact one."""
    return issue.unsigned_changes and has_unsigned_changes(issue)


# --- What readers see ------------------------------------------------------------------


def latest_versions(issue_ids) -> dict[int, IssueVersion]:
    """The newest version of each of these issues that has one, in one query."""
    versions = IssueVersion.objects.filter(issue_id__in=list(issue_ids)).latest_per_issue()
    return {version.issue_id: version for version in versions}


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def reading_copy(issue: Issue, version: IssueVersion | None = None):
    """``issue`` as signed in ``version`` (default: its newest), ready for the templates.

    A copy of the issue object (its workflow state, visibility and any annotations
    kept) whose masthead, sections, articles, sources and distribution list come
    from the signed content, as unsaved model instances in prefetch caches: the
    templates read it exactly like a live issue, with no further query (but for an
    article's tags, which are not signed: they are read live).
    ``reading.signed_version`` is the version (None: shown from the live rows).
    """
    if version is None:
        version = latest(issue)
    if version is None:
        issue.signed_version = None
        return issue
    content = version.content
    reader = copy.copy(issue)
    reader.series = content.get("series", issue.series)
    for name in ("year", "number", "cumulative_number", "title", "publisher", "print_run"):
        setattr(reader, name, content[name])
    reader.issue_date = _date(content["issue_date"])
    reader.signed_version = version
    sections = []
    for section_record in content["sections"]:
        section = Section(
            pk=section_record.get("id"),
            issue=reader,
            name=section_record["name"],
            position=section_record["position"],
        )
        section._prefetched_objects_cache = {
            "articles": [_article(record, section) for record in section_record["articles"]]
        }
        sections.append(section)
    reader._prefetched_objects_cache = {
        "sections": sections,
        "distribution": [
            DistributionEntry(issue=reader, recipient=Recipient(name=name), position=position)
            for position, name in enumerate(content["distribution"], 1)
        ],
    }
    return reader


def _article(record: dict, section: Section) -> Article:
    article = Article(
        pk=record["id"],
        section=section,
        **{name: record[name] for name in Article.PRINTED_FIELDS},
    )
    ids = record.get("source_ids") or [None] * len(record["sources"])
    article._prefetched_objects_cache = {
        "source_links": [
            ArticleSource(
                article=article,
                organization=SourceOrganization(pk=pk, name=name),
                position=position,
            )
            for position, (pk, name) in enumerate(zip(ids, record["sources"], strict=True), 1)
        ]
    }
    return article


def articles_of(reader: Issue) -> dict[int, Article]:
    return {a.pk: a for s in reader.sections.all() for a in s.articles.all()}


def find_signed_article(article_id: int, issues):
    """The newest version, among ``issues``, that holds this article (one query).

    For an article the working copy no longer has (deleted or moved away since
    the sign-off): readers still reach it at its address.
    """
    return (
        IssueVersion.objects.latest_per_issue()
        .filter(issue__in=issues, article_ids__contains=f" {int(article_id)} ")
        .select_related("issue")
        .first()
    )


def reading_copies(issues, *, changed_only: bool = True) -> list[Issue]:
    """Each issue as its readers see it. With ``changed_only``, only issues whose
    working copy has unsigned changes are rebuilt (the others are identical)."""
    issues = list(issues)
    wanted = [i.pk for i in issues if i.unsigned_changes or not changed_only]
    versions = latest_versions(wanted) if wanted else {}
    return [
        reading_copy(issue, versions[issue.pk]) if issue.pk in versions else issue
        for issue in issues
    ]


def signed_articles(articles) -> list[Article]:
    """Articles of a list or search, as signed: those of an issue with unsigned changes
    are replaced by their signed text, or left out if the signed version lacks them.

    Each article needs its issue loaded (``select_related("section__issue")``).
    """
    articles = list(articles)
    changed = {a.section.issue.pk: a.section.issue for a in articles if _changed(a)}
    if not changed:
        return articles
    versions = latest_versions(changed)
    signed = {
        pk: articles_of(reading_copy(changed[pk], version)) for pk, version in versions.items()
    }
    shown = []
    for article in articles:
        issue_id = article.section.issue.pk
        if issue_id not in signed:
            shown.append(article)
        elif article.pk in signed[issue_id]:
            shown.append(signed[issue_id][article.pk])
    return shown


def _changed(article: Article) -> bool:
    return article.section.issue.unsigned_changes


def signed_text(articles) -> dict[int, dict | None]:
    """For the search index: the signed record of each article whose issue has
    unsigned changes (None for an article its signed version lacks)."""
    changed = {a.section.issue_id for a in articles if a.section.issue.unsigned_changes}
    if not changed:
        return {}
    versions = latest_versions(changed)
    records = {}
    for version in versions.values():
        for section in version.content["sections"]:
            for record in section["articles"]:
                records[record["id"]] = record
    return {a.pk: records.get(a.pk) for a in articles if a.section.issue_id in versions}


# --- Comparing two versions -------------------------------------------------------------


def _masthead(content: dict) -> list[tuple[str, str]]:
    series = Issue.Series(content.get("series", Issue.Series.REGULAR)).label
    return [
        (_("series"), str(series)),
        (_("year"), str(content["year"])),
        (_("number"), str(content["number"])),
        (_("cumulative number"), str(content["cumulative_number"] or "")),
        (_("issue date"), content["issue_date"] or ""),
        (_("masthead title"), content["title"]),
        (_("publisher"), content["publisher"]),
    ]


def _contents(content: dict) -> str:
    lines = []
    for section in content["sections"]:
        lines.append(f"【{section['name']}】")
        lines.extend(f"  {article['title']}" for article in section["articles"])
    return "\n".join(lines)


def _article_lines(record: dict, section: str) -> list[tuple[str, str]]:
    kind = str(Article.Kind(record["kind"]).label)
    return [
        (_("section"), f"【{section}】"),
        (_("kind"), kind),
        (_("title"), record["title"]),
        (_("subtitle"), record["subtitle"]),
        (_("byline"), record["byline"]),
        (_("body"), record["body"]),
        (_("sources"), "、".join(record["sources"])),
        (_("source as written"), record["source_text"]),
        (_("credit"), record["credit"]),
    ]


def _footer(content: dict) -> list[tuple[str, str]]:
    return [
        (_("distribution list"), "、".join(content["distribution"])),
        (_("print run"), str(content["print_run"] or "")),
    ]


class Part:
    """One part of the comparison (masthead, contents, an article, footer) and its rows."""

    def __init__(self, heading: str, rows: list[tuple[str, str, str]], status: str = ""):
        self.heading = heading
        self.status = status  # "", "added" or "removed"
        self.rows = [
            {"label": label, "old": old, "new": new, "changed": old != new}
            for label, old, new in rows
        ]

    @property
    def changed(self) -> bool:
        return bool(self.status) or any(row["changed"] for row in self.rows)


def _pair(old: list[tuple[str, str]], new: list[tuple[str, str]]):
    return [(label, o, n) for (label, o), (_label, n) in zip(old, new, strict=True)]


def compare(old: dict, new: dict) -> list[Part]:
    """The differences between two signed contents, per part of the issue."""
    parts = [
        Part(_("Masthead"), _pair(_masthead(old), _masthead(new))),
        Part(_("Table of contents"), [(_("sections and titles"), _contents(old), _contents(new))]),
    ]
    old_articles = {a["id"]: (a, s["name"]) for s in old["sections"] for a in s["articles"]}
    new_articles = {a["id"]: (a, s["name"]) for s in new["sections"] for a in s["articles"]}
    order = list(new_articles) + [pk for pk in old_articles if pk not in new_articles]
    blank = {name: "" for name in ("title", "subtitle", "byline", "body", "source_text", "credit")}
    blank.update(kind=Article.Kind.ARTICLE, sources=[])
    for pk in order:
        before, after = old_articles.get(pk), new_articles.get(pk)
        status = "added" if before is None else "removed" if after is None else ""
        before = before or (blank, "")
        after = after or (blank, "")
        heading = after[0]["title"] or before[0]["title"]
        rows = _pair(_article_lines(*before), _article_lines(*after))
        parts.append(Part(heading, rows, status))
    parts.append(Part(_("Footer"), _pair(_footer(old), _footer(new))))
    return parts
