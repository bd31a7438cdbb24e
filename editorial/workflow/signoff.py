"""Sign-off (签发) freezes the issue: a signed version, the reader's copy and its index.

Signing off (the workflow's ``approve`` step, and ``resign`` for an issue
changed after it) stores the assembled issue as one immutable ``IssueVersion``:
the masthead, sections in order, articles with their sources and tags, and the
distribution list exactly as approved — an issue's content record
(``editorial.content.records``) without its workflow state — with the signer
and the time. In the same transaction the version becomes the issue's reader's
copy (``editorial.signed.publish.publish_copy``) and its search entries
(``editorial.search.index``): from then on every reader-facing output shows
it, and nothing else.

The live rows (``Issue``, ``Section``, ``Article``…) are the editors' working
copy. Edits of a signed issue change only them, and mark the issue as having
unsigned changes (``editorial.workflow.changes``), until they are signed off.
"""

from __future__ import annotations

from django.db.models import Max
from django.utils import timezone

from editorial.content import records
from editorial.content.models import (
    Issue,
)
from editorial.content.people import person_name
from editorial.search import index as search_index
from editorial.signed.copy import latest
from editorial.signed.models import IssueVersion
from editorial.signed.publish import publish_copy

# Parts of the archive record that are workflow state or bookkeeping, not the issue
# as printed: they are not signed (and may change without a new sign-off). The
# visibility is signed: who may read an issue is part of what the chief editor signs.
UNSIGNED_ISSUE_FIELDS = (
    "status",
    "publish_at",
    "approved_at",
    "approved_by",
    "legacy_filename",
    "legacy_sha256",
    "created_at",
    "updated_at",
    "unsigned_changes",
    "history",
)
# What versions signed before who-may-read was signed lack: not an unsigned change.
SIGNED_SINCE = ("visibility", "distribution_ids")
# Bookkeeping of an article's row. Its tags are signed with it: the reader's copy
# files the article under the tags the chief editor saw.
UNSIGNED_ARTICLE_FIELDS = ("created_at", "updated_at", "version")


# --- Signing -----------------------------------------------------------------------------


def assemble(issue: Issue) -> dict:
    """The issue as it would be signed now, read back from its live rows."""
    return content_of(records.issues_with_contents().get(pk=issue.pk))


def content_of(loaded: Issue) -> dict:
    """What a sign-off of ``loaded`` stores: the archive's record of the issue,
    without workflow state, plus the ids the reading site links by (sections'
    anchors, organizations' pages).

    ``loaded`` holds its contents in memory as ``records.issues_with_contents``
    prefetches them: its sections in order, each with its articles in order,
    each article with its tags and its source links in order (with their
    organizations); its distribution entries in order (with their recipients).
    ``assemble`` reads them back; the legacy importer passes the rows it has just
    written, so that importing does not read each issue back.
    """
    record = records.content_record(loaded)
    for name in UNSIGNED_ISSUE_FIELDS:
        record.pop(name, None)
    # The units of the 本期印发 list by id: who may read an internal issue.
    record["distribution_ids"] = [
        entry.recipient_id for entry in records.related(loaded, "distribution")
    ]
    sections = records.related(loaded, "sections")
    for section_record, section in zip(record["sections"], sections, strict=True):
        section_record["id"] = section.pk
        articles = records.related(section, "articles")
        for article_record, article in zip(section_record["articles"], articles, strict=True):
            for name in UNSIGNED_ARTICLE_FIELDS:
                article_record.pop(name, None)
            article_record["source_ids"] = [
                link.organization_id for link in records.related(article, "source_links")
            ]
    return record


def signer_name(user) -> str:
    """The 签发人 printed on the masthead: the person's name (``person_name``), or ""
    when the account has none (the masthead then names no 签发人, and the
    sign-off says so). Never the login name."""
    return person_name(user, unset="")


def sign(
    issue: Issue,
    user,
    *,
    at=None,
    note: str = "",
    loaded: bool = False,
    first: bool = False,
    organizations=(),
) -> IssueVersion:
    """Store the issue as signed off by ``user`` now; readers see it from then on
    (once the issue is published). Call inside the transaction that approves it.

    ``loaded``: ``issue`` holds its contents in memory (see ``content_of``), as
    written by the caller just now; otherwise they are read back. ``first``: the
    issue was created in this transaction with its contents written in bulk (no
    save signals), so it has no earlier version and no unsigned changes to clear.
    ``organizations``: the sources' organizations as just read with their aliases
    (``SourceOrganization.objects.with_alias_names``), which the search index
    then need not read again.
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
    signed = publish_copy(issue, version, first=first)
    # Readers search the reader's copy: its index entries are written with it.
    search_index.index_copy(signed, organizations)
    if not first:
        Issue.objects.filter(pk=issue.pk, unsigned_changes=True).update(unsigned_changes=False)
    issue.unsigned_changes = False
    return version


def has_unsigned_changes(issue: Issue) -> bool:
    """Does the working copy differ from the newest signed version (or is there none)?"""
    version = latest(issue)
    return version is None or _comparable(assemble(issue), version.content) != version.content


def _comparable(assembled: dict, signed: dict) -> dict:
    """``assembled`` as ``signed`` would hold it: versions signed before tags (or
    the visibility and the units of the distribution list) were signed have none,
    and their absence is not an unsigned change."""
    for name in SIGNED_SINCE:
        if name not in signed:
            assembled.pop(name, None)
    if all("tags" in a for s in signed["sections"] for a in s["articles"]):
        return assembled
    for section in assembled["sections"]:
        for article in section["articles"]:
            article.pop("tags", None)
    return assembled


def may_have_unsigned_changes(issue: Issue) -> bool:
    """The cheap test first (the flag set on every edit), then the exact one."""
    return issue.unsigned_changes and has_unsigned_changes(issue)
