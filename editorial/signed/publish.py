"""Making a signed version the reader's copy of its issue.

A sign-off stores the assembled issue as an immutable ``IssueVersion``
(``editorial.workflow.signoff``) and then calls ``publish_copy``, which
rewrites the issue's ``SignedIssue`` and ``SignedArticle`` rows from that
version's content. Those rows are what every list, count, search, feed and
sitemap reads; nothing else writes them.
"""

from __future__ import annotations

import datetime

from taggit.models import Tag

from editorial.content import bulk
from editorial.content.models import Issue, Recipient
from editorial.signed.models import (
    IssueVersion,
    SignedArticle,
    SignedArticleSource,
    SignedArticleTag,
    SignedDistributionEntry,
    SignedIssue,
)

# Issue orders a year spans: more than any year's issue numbers.
ORDERS_PER_YEAR = 100_000


def issue_order(year: int, number: int) -> int:
    """Newest is highest: the order of issues in lists and search results."""
    return year * ORDERS_PER_YEAR + number


def order_year(order: int) -> int:
    """The year of an issue order (``issue_order``)."""
    return order // ORDERS_PER_YEAR


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def publish_copy(issue: Issue, version: IssueVersion, *, first: bool = False) -> SignedIssue:
    """Replace the reader's copy of ``issue`` with ``version``'s content (``first``: it is
    the issue's first version, so there is no copy to replace).

    Call it in the transaction that stores the version. Articles keep the ids
    the working copy had when signed; their tags are the ones signed with them,
    by name and address. Who may read the issue is signed too: its visibility
    and its distribution list (units by id) are the version's.
    """
    content = version.content
    if not first:
        SignedIssue.objects.filter(pk=issue.pk).delete()
    order = issue_order(content["year"], content["number"])
    records = [
        (section, record) for section in content["sections"] for record in section["articles"]
    ]
    signed = SignedIssue.objects.create(
        issue=issue,
        version=version,
        bulletin_id=issue.bulletin_id,
        series=content.get("series", Issue.Series.REGULAR),
        year=content["year"],
        number=content["number"],
        cumulative_number=content.get("cumulative_number"),
        issue_date=_date(content.get("issue_date")),
        title=content["title"],
        publisher=content["publisher"],
        print_run=content.get("print_run"),
        visibility=content.get("visibility", issue.visibility),
        printed_signer=content.get("printed_signer", ""),
        signer_name=version.signer_name,
        signed_at=version.signed_at,
        article_count=len(records),
        issue_order=order,
    )
    articles = bulk.insert(
        [
            SignedArticle(
                signed_issue_id=signed.pk,
                article_id=record["id"],
                section_id=section.get("id"),
                section_name=section["name"],
                section_position=section["position"],
                position=record["position"],
                kind=record["kind"],
                title=record["title"],
                subtitle=record["subtitle"],
                byline=record["byline"],
                body=record["body"],
                source_text=record["source_text"],
                credit=record["credit"],
                images=record.get("images", []),
                issue_order=order,
            )
            for section, record in records
        ]
    )
    sources = []
    tagged = []
    for article, (_section, record) in zip(articles, records, strict=True):
        ids = record.get("source_ids") or [None] * len(record["sources"])
        sources.extend(
            SignedArticleSource(
                article_id=article.pk, organization_id=pk, name=name, position=position
            )
            for position, (pk, name) in enumerate(zip(ids, record["sources"], strict=True), 1)
        )
        tagged.extend((article, name) for name in record.get("tags", ()))
    bulk.insert(sources)
    if tagged:
        slugs = dict(
            Tag.objects.filter(name__in={name for _a, name in tagged}).values_list("name", "slug")
        )
        bulk.insert(
            [
                SignedArticleTag(article_id=article.pk, name=name, slug=slugs[name])
                for article, name in tagged
                if name in slugs
            ]
        )
    bulk.insert(_distribution(signed, content))
    # The rows just written, for whoever writes from them next in the same
    # transaction (the search index): their ids need no read-back.
    signed.written_articles = articles
    return signed


def _distribution(signed: SignedIssue, content: dict) -> list[SignedDistributionEntry]:
    """The 本期印发 list as signed; a version signed before its units' ids were
    signed names them only, and they are found by name."""
    names = content["distribution"]
    categories = content.get("distribution_categories", [""] * len(names))
    ids = content.get("distribution_ids")
    if ids is None:
        units = dict(Recipient.objects.filter(name__in=names).values_list("name", "pk"))
        ids = [units.get(name) for name in names]
    return [
        SignedDistributionEntry(
            signed_issue_id=signed.pk, recipient_id=pk, name=name, category=category, position=n
        )
        for n, (pk, name, category) in enumerate(zip(ids, names, categories, strict=True), 1)
    ]
