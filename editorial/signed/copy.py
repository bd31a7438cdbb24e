"""The reader's copy as the templates read it: unsaved ``Issue``, ``Section``,
``Article`` and ``ArticleSource`` instances built from a signed version's content
and the reader's copy rows (``reading_copy``, a whole issue) or from those rows
(``issue_as_signed``, ``article_as_signed``, ``give_contents``), with every
relation they show already in place, so that rendering them reads nothing of
the working copy. ``editorial.signed.readers`` is the way in.
"""

from __future__ import annotations

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
from editorial.signed.models import IssueVersion, SignedArticle, SignedArticleTag, SignedIssue

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


def reading_copy(signed: SignedIssue):
    """The issue as its reader's copy ``signed`` has it, ready for the templates.

    An unsaved issue (``issue_as_signed``: its workflow state from the live row,
    everything else as signed) whose sections, articles, sources, pictures and
    tags come from the signed version's content and the copy's rows, and whose
    distribution list is the one signed, as unsaved model instances in prefetch
    caches: the templates read it exactly like a live issue, with no further
    query and nothing of the working copy. ``signed`` must have its ``issue`` and
    ``version`` loaded (``select_related``); its articles' tags are read here.
    ``reader.signed_version`` is the version.
    """
    version = signed.version
    content = version.content
    reader = issue_as_signed(signed)
    reader.signed_version = version
    tags = {}
    rows = SignedArticleTag.objects.filter(article__signed_issue=signed).order_by("name")
    for article_id, name, slug in rows.values_list("article__article_id", "name", "slug"):
        tags.setdefault(article_id, []).append(SignedArticleTag(name=name, slug=slug))
    sections = []
    for section_record in content["sections"]:
        section = Section(
            pk=section_record.get("id"),
            issue=reader,
            name=section_record["name"],
            position=section_record["position"],
        )
        section._prefetched_objects_cache = {
            "articles": [
                _article(record, section, tags.get(record["id"], []))
                for record in section_record["articles"]
            ]
        }
        sections.append(section)
    reader._prefetched_objects_cache = {
        "sections": sections,
        "distribution": [
            DistributionEntry(
                issue=reader,
                recipient=Recipient(pk=pk, name=name),
                category=category,
                position=n,
            )
            for n, (pk, name, category) in enumerate(_distribution(signed, content), 1)
        ],
    }
    return reader


def _distribution(signed: SignedIssue, content: dict) -> list[tuple[int | None, str, str]]:
    """The 本期印发 list as signed, (unit id, name, category) in order: from the
    version when it holds the units' ids, else from the copy's rows (which found
    them)."""
    if "distribution_ids" in content:
        names = content["distribution"]
        categories = content.get("distribution_categories", [""] * len(names))
        return list(zip(content["distribution_ids"], names, categories, strict=True))
    return list(
        signed.distribution.order_by("position").values_list("recipient_id", "name", "category")
    )


def _article(record: dict, section: Section, tags: list) -> Article:
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
                organization=_organization(pk, name),
                position=position,
            )
            for position, (pk, name) in enumerate(zip(ids, record["sources"], strict=True), 1)
        ],
        "images": _images(article, record.get("images", [])),
        "tags": tags,
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
    """The issue as signed: an unsaved ``Issue`` with its masthead, visibility,
    printed signer and article count as signed, and of the live row only the
    workflow state, which is not signed (status and publish time).
    ``signed.issue`` must be loaded (``select_related``), and ``signed.bulletin``
    too for the issue's address."""
    live = signed.issue
    issue = Issue(
        pk=signed.issue_id,
        bulletin_id=signed.bulletin_id,
        status=live.status,
        publish_at=live.publish_at,
        visibility=signed.visibility,
        printed_signer=signed.printed_signer,
        **{name: getattr(signed, name) for name in MASTHEAD},
    )
    if SignedIssue.bulletin.is_cached(signed):  # its address names it: no query
        issue.bulletin = signed.bulletin
    issue.article_count = signed.article_count
    issue.signed_at = signed.signed_at
    return issue


def _organization(pk, name: str) -> SourceOrganization:
    """An organization as signed: its id and name. Every other field is left
    unread, its default too (the office a unit reports to is one query each)."""
    return SourceOrganization(pk=pk, name=name, reports_to_id=None)


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
                organization=_organization(source.organization_id, source.name),
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
