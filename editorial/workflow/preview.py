"""The editors' preview of the working copy on the reading site.

An editor (``content.models.reads_every_issue``) sees, on the reader's own
pages, what readers cannot see yet — a draft, a scheduled issue, an article
not signed off — under a banner, never cached. This module is the one door
through which the reading site reaches the working copy, and only for them:
the reading packages themselves import no working-copy model (an import-linter
contract in ``pyproject.toml``).

Entry points: ``may_preview``, ``issue``, ``with_contents``, ``article``,
``picture_names``.
"""

from __future__ import annotations

from django.db.models import Prefetch, prefetch_related_objects

from editorial.content.models import Article, ArticleSource, Issue, contents, reads_every_issue
from editorial.offices import access

# What the issue page shows of an article of the working copy.
ARTICLE_FIELDS = ("section_id", *Article.PRINTED_FIELDS)


def may_preview(user) -> bool:
    """Editors preview issues on the reading site (the rule of who reads every
    issue): those of their own offices' bulletins (``previewable``)."""
    return reads_every_issue(user)


def _own_offices(user, issues):
    """``issues`` narrowed to the bulletins of the offices ``user`` works in (a
    superuser's: all): an editor never sees another office's drafts."""
    offices = access.member_offices(user)
    return issues if offices is None else issues.filter(bulletin__office__in=offices)


def issue(user, **lookup) -> Issue | None:
    """The working copy of the issue matching ``lookup``, for an editor of its
    office; None otherwise."""
    if not may_preview(user):
        return None
    return _own_offices(user, Issue.objects.filter(**lookup)).first()


def with_contents(issue: Issue) -> Issue:
    """The issue's working copy, everything the page shows, in five queries."""
    articles = (
        Article.objects.order_by("position")
        .only(*ARTICLE_FIELDS)
        .prefetch_related(
            Prefetch(
                "source_links",
                queryset=ArticleSource.objects.select_related("organization")
                .only("article_id", "position", "organization__name")
                .order_by("position"),
            ),
            "images",
        )
    )
    prefetch_related_objects([issue], *contents(articles))
    return issue


def article(user, pk: int) -> Article | None:
    """The working copy of an article with its sources, tags and pictures, for an
    editor; None otherwise."""
    if not may_preview(user):
        return None
    articles = Article.objects.for_listing().prefetch_related("tags", "images")
    offices = access.member_offices(user)
    if offices is not None:
        articles = articles.filter(section__issue__bulletin__office__in=offices)
    return articles.filter(pk=pk).first()


def picture_names(user, pk: int) -> list[str]:
    """The stored names of the working copy's pictures of an article, for an editor."""
    if not may_preview(user):
        return []
    found = article(user, pk)
    return [image.file.name for image in found.images.all()] if found is not None else []
