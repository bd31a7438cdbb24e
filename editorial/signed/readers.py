"""The one entry point for what readers see: the reader's copy of each issue.

Every reader-facing output — pages, lists and their counts, search, the feed,
the sitemap, e-mails to subscribers, read receipts — asks this module for an
issue's content. It answers from the signed copy (``SignedIssue``,
``SignedArticle``, and the version's content for a whole issue), never from
the editors' working copy (``Section``/``Article`` rows), so an unsigned edit
of a published issue reaches no reader.

Who may read which issue is the content rule ``visible_issue_q``, applied here
through each copy's issue; an issue's workflow state and visibility are the
only things read from its live row.

Finding
    ``issues_for(user)``, ``issue_for(user, **lookup)``, ``articles_for(user)``,
    ``article_for(user, article_id)``: what ``user`` may read.
    ``neighbours_of(user, issue)``: the readable issues either side of one.
    ``internal_issue(**lookup)``, ``internal_article(article_id)``: what is on
    the site for the units on its distribution list only, whoever asks (to
    tell a reader to sign in, or that their unit is not on the list).
Lists and counts
    ``years_for``, ``organizations_for`` (with ``article_count``),
    ``sections_for``, ``tags_for`` (with ``article_count``), ``per_year``,
    ``with_sources``.
For the templates
    ``as_issue``, ``as_issues`` (with their tables of contents),
    ``as_articles``, ``issue_content`` (the whole issue): the copy as the
    ``Issue``/``Section``/``Article`` instances the templates read
    (``signed.copy``), with nothing left to load from the working copy.
"""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects
from taggit.models import Tag

from editorial.content.models import (
    Article,
    Issue,
    SourceOrganization,
    live_issue_q,
    visible_issue_q,
)
from editorial.signed import copy
from editorial.signed.models import SignedArticle, SignedArticleSource, SignedIssue

# --- Finding -------------------------------------------------------------------------------


def issues_for(user=None) -> QuerySet[SignedIssue]:
    """The reader's copies of the issues ``user`` may read, newest first."""
    return (
        SignedIssue.objects.filter(visible_issue_q(user, prefix="issue__"))
        .select_related("issue")
        .order_by("-issue_order", "series")
    )


def issue_for(user, **lookup) -> SignedIssue | None:
    """The reader's copy matching ``lookup`` (its signed ``series``, ``year``,
    ``number``, or ``pk``) if ``user`` may read it."""
    return issues_for(user).filter(**lookup).first()


def internal_issue(**lookup) -> SignedIssue | None:
    """The live internal issue matching ``lookup``, whoever asks."""
    return (
        SignedIssue.objects.filter(
            live_issue_q(prefix="issue__"), issue__visibility=Issue.Visibility.INTERNAL, **lookup
        )
        .select_related("issue")
        .first()
    )


def articles_for(user=None) -> QuerySet[SignedArticle]:
    """The signed articles ``user`` may read, newest issue first, in printed order."""
    return (
        SignedArticle.objects.filter(visible_issue_q(user, prefix="signed_issue__issue__"))
        .select_related("signed_issue__issue")
        .order_by("-issue_order", "signed_issue_id", "section_position", "position")
    )


def article_for(user, article_id: int) -> SignedArticle | None:
    """The article at ``/articles/<article_id>/`` as ``user`` reads it: from the
    newest readable issue whose signed copy holds it — even if the working copy
    has since changed, moved or deleted it."""
    return articles_for(user).filter(article_id=article_id).first()


def internal_article(article_id: int) -> SignedArticle | None:
    """The article in the signed copy of a live internal issue, whoever asks."""
    return (
        SignedArticle.objects.filter(
            live_issue_q(prefix="signed_issue__issue__"),
            signed_issue__issue__visibility=Issue.Visibility.INTERNAL,
            article_id=article_id,
        )
        .select_related("signed_issue__issue")
        .first()
    )


def neighbours_of(user, issue) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """The (year, number) of the issue ``user`` may read just before ``issue`` and
    just after it, in its series (supplements are numbered apart); None at
    either end. ``issue``: anything with ``series``, ``year`` and ``number``."""
    same_series = issues_for(user).filter(series=issue.series).values_list("year", "number")
    older = same_series.filter(
        Q(year__lt=issue.year) | Q(year=issue.year, number__lt=issue.number)
    ).order_by("-year", "-number")
    newer = same_series.filter(
        Q(year__gt=issue.year) | Q(year=issue.year, number__gt=issue.number)
    ).order_by("year", "number")
    return older.first(), newer.first()


# --- Lists and counts ----------------------------------------------------------------------


def years_for(user=None) -> list[int]:
    """The years of the issues ``user`` may read, newest first."""
    return list(issues_for(user).order_by("-year").values_list("year", flat=True).distinct())


def organizations_for(user=None) -> QuerySet[SourceOrganization]:
    """The organizations credited on articles ``user`` may read, each with the
    number of those articles (``article_count``), most first."""
    readable = articles_for(user).order_by().values("pk")
    return (
        SourceOrganization.objects.annotate(
            article_count=Count("signed_links", filter=Q(signed_links__article__in=readable))
        )
        .filter(article_count__gt=0)
        .order_by("-article_count", "name")
    )


def sections_for(user=None) -> list[tuple[str, int]]:
    """(section name, number of articles ``user`` may read in it), for every named
    section of the issues ``user`` may read, in the order of their names."""
    return list(
        articles_for(user)
        .exclude(section_name="")
        .order_by()
        .values_list("section_name")
        .annotate(count=Count("pk"))
        .order_by("section_name")
    )


def tags_for(user=None) -> list[Tag]:
    """The tags of articles ``user`` may read, each with the number of those
    articles (``article_count``), in the order of their names."""
    tagged = SignedArticle.tags.through.objects.filter(
        signedarticle__in=articles_for(user).order_by().values("pk")
    )
    counts = dict(tagged.order_by().values_list("tag_id").annotate(count=Count("pk")))
    tags = list(Tag.objects.filter(pk__in=counts).order_by("name"))
    for tag in tags:
        tag.article_count = counts[tag.pk]
    return tags


def per_year(articles: QuerySet[SignedArticle]) -> list[tuple[int, int]]:
    """(year, number of ``articles``) for each year, newest first."""
    return list(
        articles.order_by()
        .values_list("signed_issue__year")
        .annotate(count=Count("pk"))
        .order_by("-signed_issue__year")
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


def source_names(articles) -> dict[int, list[str]]:
    """The names of the sources of these signed articles (ids, or a query of them),
    as signed and in order, by article id: what a list of them prints."""
    names: dict[int, list[str]] = {}
    links = SignedArticleSource.objects.filter(article__in=articles).order_by("article", "position")
    for article_id, name in links.values_list("article", "name"):
        names.setdefault(article_id, []).append(name)
    return names


# --- For the templates ---------------------------------------------------------------------


def as_issue(signed: SignedIssue) -> Issue:
    """The issue with its masthead as signed (``signed.copy.issue_as_signed``)."""
    return copy.issue_as_signed(signed)


def as_issues(signed_issues, *, contents: bool = False) -> list[Issue]:
    """Each issue with its masthead as signed; with ``contents``, with its table
    of contents too (sections in order, each with its articles' titles)."""
    issues = [copy.issue_as_signed(signed) for signed in signed_issues]
    if contents and issues:
        rows = (
            SignedArticle.objects.filter(signed_issue__in=[issue.pk for issue in issues])
            .order_by("section_position", "position")
            .only(
                "signed_issue_id",
                "article_id",
                "section_id",
                "section_name",
                "section_position",
                "position",
                "title",
            )
        )
        copy.give_contents(issues, rows)
    return issues


def as_articles(articles) -> list[Article]:
    """The signed articles as the templates read them: each an unsaved
    ``Article`` with its section, its issue (masthead as signed), its sources and
    its tags as signed. ``articles`` need their ``signed_issue__issue`` loaded
    (``articles_for`` does)."""
    articles = list(articles)
    sources = Prefetch("sources", queryset=SignedArticleSource.objects.order_by("position"))
    prefetch_related_objects(articles, sources, "tags")
    issues = {}
    shown = []
    for article in articles:
        if article.signed_issue_id not in issues:
            issues[article.signed_issue_id] = copy.issue_as_signed(article.signed_issue)
        shown.append(copy.article_as_signed(article, issues[article.signed_issue_id]))
    return shown


def issue_content(issue_id: int) -> Issue | None:
    """The whole issue as signed now, ready for the templates: masthead, sections,
    articles, sources and distribution list (``signed.copy.reading_copy``); None
    if it was never signed off. Read afresh, in one query: the caller may hold
    an older row."""
    signed = SignedIssue.objects.select_related("issue", "version").filter(pk=issue_id).first()
    if signed is None:
        return None
    return copy.reading_copy(signed.issue, signed.version)
