"""The reader's copy of an issue: what its newest signed version holds, as model
instances the templates read like a live issue."""

from __future__ import annotations

import copy
import datetime

from editorial.content.models import (
    Article,
    ArticleSource,
    DistributionEntry,
    Issue,
    Recipient,
    Section,
    SourceOrganization,
)
from editorial.signed.models import IssueVersion


def latest(issue: Issue) -> IssueVersion | None:
    return issue.versions.order_by("-sequence").first()


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
