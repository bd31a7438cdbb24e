"""The one entry point for what readers see: the reader's copy of each issue.

Every reader-facing output — pages, lists and their counts, search, the feed,
the sitemap, e-mails to subscribers, read receipts — asks this module for an
issue's content. It answers from the signed copy (``SignedIssue``,
``SignedArticle``, and the version's content for a whole issue), never from
the editors' working copy (``Section``/``Article`` rows), so an unsigned edit
of a published issue reaches no reader.

Who may read which issue is the content rule ``visible_issue_q``, applied here
through each copy's issue.
"""

from __future__ import annotations

from django.db.models import Prefetch

from editorial.content.models import Issue, visible_issue_q
from editorial.signed.copy import reading_copy
from editorial.signed.models import SignedArticle, SignedArticleSource, SignedIssue


def issues_for(user=None):
    """The reader's copies of the issues ``user`` may read, newest first."""
    return (
        SignedIssue.objects.filter(visible_issue_q(user, prefix="issue__"))
        .select_related("issue")
        .order_by("-issue_order")
    )


def articles_for(user=None):
    """The signed articles ``user`` may read, newest issue first, in printed order."""
    return (
        SignedArticle.objects.filter(visible_issue_q(user, prefix="signed_issue__issue__"))
        .select_related("signed_issue__issue")
        .order_by("-issue_order", "section_position", "position")
    )


def with_sources(articles):
    """``articles`` with their signed sources (and organizations) in order."""
    return articles.prefetch_related(
        Prefetch(
            "sources",
            queryset=SignedArticleSource.objects.select_related("organization").order_by(
                "position"
            ),
        )
    )


def issue_content(issue: Issue):
    """The whole issue as signed, ready for the templates (``signed.copy``).

    ``issue`` must have been signed (a published issue always has been)."""
    return reading_copy(issue)
