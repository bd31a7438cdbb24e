"""An issue's content as a plain record: masthead, sections in order with their
articles (printed fields, sources by name, tags), and the distribution list.

This is the shape a sign-off stores (``editorial.workflow.signoff``) and the
core of an archive file (``editorial.archive``): one definition of "what an
issue holds", read from its live rows with everything prefetched.
"""

from __future__ import annotations

import datetime

from django.db.models import Prefetch

from editorial.content.models import Article, ArticleSource, Issue

# The model fields each record carries, by the name used in the file. Relations
# are written by name (organizations, recipients, tags, accounts) or nested
# (sections in issues, articles in sections). tests/archive/test_archive.py
# checks that every field of these models is either here or deliberately left out.
ISSUE_FIELDS = (
    "series",
    "year",
    "number",
    "cumulative_number",
    "issue_date",
    "title",
    "publisher",
    "status",
    "publish_at",
    "visibility",
    "print_run",
    "approved_at",
    "unsigned_changes",
    "legacy_filename",
    "legacy_sha256",
    "created_at",
    "updated_at",
)
# Written only when set, so that the records (and signed versions) of issues
# without them are as they always were.
OPTIONAL_ISSUE_FIELDS = ("printed_signer",)
SECTION_FIELDS = ("name", "position")
ARTICLE_FIELDS = ("id", *Article.PRINTED_FIELDS, "version", "created_at", "updated_at")


def value(value):
    """A field's value as JSON holds it: times in UTC ISO 8601, dates ISO 8601."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def fields(instance, names) -> dict:
    return {name: value(getattr(instance, name)) for name in names}


def related(instance, name: str):
    """``getattr(instance, name).all()``: from the prefetch cache, when ``name`` is
    prefetched, without making a related manager each time (a few µs each, some 90
    times per issue)."""
    cache = getattr(instance, "_prefetched_objects_cache", None)
    if cache is not None and name in cache:
        return cache[name]
    return getattr(instance, name).all()


def username(user) -> str | None:
    return user.get_username() if user is not None else None


def articles_with_sources():
    """Articles in order, each with its source links (and organizations) in order
    and its tags: what a record of them reads."""
    return Article.objects.order_by("position").prefetch_related(
        Prefetch(
            "source_links",
            queryset=ArticleSource.objects.select_related("organization").order_by("position"),
        ),
        "tags",
        "images",
    )


def issues_with_contents(articles=None):
    """Issues, oldest first, with everything ``content_record`` reads prefetched."""
    return (
        Issue.objects.order_by("year", "series", "number")
        .select_related("approved_by")
        .with_contents(articles if articles is not None else articles_with_sources())
    )


def _images(article) -> dict:
    """An article's pictures, only for an article that has some: the records (and
    so the signed versions) of articles without pictures are as they always were."""
    images = [image.as_record() for image in related(article, "images")]
    return {"images": images} if images else {}


def content_record(issue: Issue) -> dict:
    """The issue's fields and contents (``issue`` loaded by ``issues_with_contents``)."""
    record = fields(issue, ISSUE_FIELDS)
    record.update(
        {name: getattr(issue, name) for name in OPTIONAL_ISSUE_FIELDS if getattr(issue, name)}
    )
    record["approved_by"] = username(issue.approved_by)
    record["sections"] = [
        {
            **fields(section, SECTION_FIELDS),
            "articles": [
                {
                    **fields(article, ARTICLE_FIELDS),
                    "sources": [
                        link.organization.name for link in related(article, "source_links")
                    ],
                    "tags": sorted(tag.name for tag in related(article, "tags")),
                    **_images(article),
                }
                for article in related(section, "articles")
            ],
        }
        for section in related(issue, "sections")
    ]
    entries = related(issue, "distribution")
    record["distribution"] = [entry.recipient.name for entry in entries]
    # Only a list printed as 报/送/发 rows says so: a 本期印发 list's record
    # stays as it was before entries had a category.
    if any(entry.category for entry in entries):
        record["distribution_categories"] = [entry.category for entry in entries]
    return record
