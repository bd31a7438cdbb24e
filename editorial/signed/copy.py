"""The reader's copy as the templates read it: unsaved ``Issue``, ``Section``,
``Article`` and ``ArticleSource`` instances built from a signed version's content
(``reading_copy``, a whole issue) or from the reader's copy rows
(``issue_as_signed``, ``article_as_signed``, ``give_contents``), with every
relation they show already in place, so that rendering them reads nothing of
the working copy. ``editorial.signed.readers`` is the way in.
"""

from __future__ import annotations

import copy
import datetime

from editorial.content.models import (
    Article,
    ArticleImage,
    ArticleSource,
    DistributionEntry,
    Issue,
    Recipient,
    Section,
    SourceOrganization,
)
from editorial.signed.models import IssueVersion, SignedArticle, SignedIssue

# What the reader's copy of an issue signs of its masthead.
MASTHEAD = (
    "series",
    "year",
    "number",
    "cumulative_number",
    "issue_date",
    "title",
    "publisher",
    "print_run",
)


def latest(issue: Issue) -> IssueVersion | None:
    return issue.versions.order_by("-sequence").first()


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def reading_copy(issue: Issue, version: IssueVersion | None = None):
    """``issue`` as signed in ``version`` (default: its newest), ready for the templates.

    A copy of the issue object (its workflow state, visibility and any annotations
    kept) whose masthead, sections, articles, sources and distribution list come
    from the signed content, as unsaved model instances in prefetch caches: the
    templates read it exactly like a live issue, with no further query (an
    article's tags are not given: the issue page shows none).
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
    # Versions signed before it was signed hold none.
    reader.printed_signer = content.get("printed_signer", "")
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
        ],
        "images": _images(article, record.get("images", [])),
    }
    return article


def _images(article: Article, records: list[dict]) -> list[ArticleImage]:
    """The pictures as signed (versions signed before pictures were signed have none)."""
    return [
        ArticleImage(
            article=article, position=position, file=image["file"], caption=image["caption"]
        )
        for position, image in enumerate(records, 1)
    ]


# --- From the reader's copy rows -------------------------------------------------------


def issue_as_signed(signed: SignedIssue) -> Issue:
    """A copy of the issue's live row — its workflow state and visibility, which
    are not signed — with the masthead and article count as signed.
    ``signed.issue`` must be loaded (``select_related``)."""
    issue = copy.copy(signed.issue)
    for name in MASTHEAD:
        setattr(issue, name, getattr(signed, name))
    issue.article_count = signed.article_count
    issue.signed_at = signed.signed_at
    return issue


def article_as_signed(row: SignedArticle, issue: Issue) -> Article:
    """The article as signed, in its section as signed, in ``issue`` (see
    ``issue_as_signed``). ``row`` must have its ``sources`` (with their
    organizations) and ``tags`` prefetched: they become the article's."""
    section = Section(
        pk=row.section_id, issue=issue, name=row.section_name, position=row.section_position
    )
    article = Article(
        pk=row.article_id,
        section=section,
        **{name: getattr(row, name) for name in Article.PRINTED_FIELDS},
    )
    article._prefetched_objects_cache = {
        "source_links": [
            ArticleSource(
                article=article,
                organization=SourceOrganization(pk=source.organization_id, name=source.name),
                position=source.position,
            )
            for source in row.sources.all()
        ],
        "tags": list(row.tags.all()),
        "images": _images(article, row.images),
    }
    return article


def give_contents(issues: list[Issue], rows) -> None:
    """Give each of ``issues`` its table of contents: its sections in order, each
    with its articles (titles and addresses only), from ``rows`` — the
    ``SignedArticle`` rows of those issues in printed order."""
    by_issue = {issue.pk: issue for issue in issues}
    sections = {issue.pk: {} for issue in issues}
    for row in rows:
        issue = by_issue[row.signed_issue_id]
        key = (row.section_position, row.section_name)
        section = sections[issue.pk].get(key)
        if section is None:
            section = Section(
                pk=row.section_id,
                issue=issue,
                name=row.section_name,
                position=row.section_position,
            )
            section._prefetched_objects_cache = {"articles": []}
            sections[issue.pk][key] = section
        section._prefetched_objects_cache["articles"].append(
            Article(pk=row.article_id, section=section, position=row.position, title=row.title)
        )
    for issue in issues:
        issue._prefetched_objects_cache = {
            "sections": sorted(sections[issue.pk].values(), key=lambda s: s.position)
        }
