"""The one entry point for what readers see: the reader's copy of each issue.

Every reader-facing output — pages, lists and their counts, search, the feed,
the sitemap, e-mails to subscribers, read receipts — asks this module for an
issue's content. It answers from the signed copy (``SignedIssue``,
``SignedArticle``, and the version's content for a whole issue), never from
the editors' working copy (``Section``/``Article`` rows), so an unsigned edit
of a published issue reaches no reader.

Who may read which issue is ``readable_q``, here: the visibility and the
本期印发 list as signed (``SignedIssue.visibility``, ``SignedDistributionEntry``)
— the same list read receipts and the e-mail follow — and the issue's workflow
state (published, its publish time come), the one thing read from its live row:
the publish and withdraw steps set it, audited, after the sign-off.

Bulletins
    Every finder below takes ``bulletin=``: None for every bulletin, a
    ``Bulletin`` or its id for one, or a collection of ids (the bulletins an
    office serves on its own host name) — the office is one more dimension of
    what a reader may find, not a second rule. ``bulletins()``: every bulletin
    with its office (the reading site's directory of addresses and host names);
    ``latest_per_bulletin(user, bulletin)``: the newest readable issue of each.
Finding
    ``readable_q(user)``: the rule, as a filter of reader's copies.
    ``readable_issue_ids(user)``: the ids of the issues ``user`` may read, as a query.
    ``issues_for(user)``, ``issue_for(user, bulletin=..., **lookup)``,
    ``articles_for(user)``, ``article_for(user, article_id)``: what ``user`` may read.
    ``neighbours_of(user, issue)``: the readable issues either side of one.
    ``printed_in(article_ids)``: the live issue each article is printed in.
    ``internal_issue(**lookup)``, ``internal_article(article_id)``: what is on
    the site for the units on its distribution list only, whoever asks (to
    tell a reader to sign in, or that their unit is not on the list).
Lists and counts
    ``years_for``, ``organizations_for`` and ``organization_for``,
    ``names_signed``, ``tags_for`` and ``tag_for`` (each a ``Named``: by its
    name as signed, with ``article_count``), ``sections_for``, ``per_year``,
    ``with_sources``, ``listed_units``.
Who is reading
    ``works_in_office(user)``: an editor of the office (staff who read every
    issue), to whom the reading site links the 编辑后台.
For the templates
    ``as_issue``, ``as_issues`` (with their tables of contents),
    ``as_articles``, ``issue_content`` (the whole issue): the copy as the
    ``Issue``/``Section``/``Article`` instances the templates read
    (``signed.copy``), with nothing left to load from the working copy.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    Count,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.urls import reverse

from editorial.content.models import (
    Article,
    Issue,
    UnitMembership,
    live_issue_q,
    reads_every_issue,
    works_in_office,  # noqa: F401  (re-exported: who is reading, for the frame)
)
from editorial.offices import access
from editorial.offices.models import Bulletin
from editorial.signed import copy
from editorial.signed.models import (
    SignedArticle,
    SignedArticleSource,
    SignedArticleTag,
    SignedDistributionEntry,
    SignedIssue,
)

INTERNAL = Issue.Visibility.INTERNAL
SUPPLEMENT = Issue.Series.SUPPLEMENT
REGULAR = Issue.Series.REGULAR
PUBLIC = Issue.Visibility.PUBLIC

# --- Bulletins ------------------------------------------------------------------------------


def in_bulletin_q(bulletin=None, *, prefix: str = "") -> Q:
    """The reader's copies in ``bulletin``: None (every one), a ``Bulletin`` or
    its id, or a collection of ids (``prefix``: the path to the copies)."""
    if bulletin is None:
        return Q()
    if isinstance(bulletin, Bulletin | int):
        return Q(**{f"{prefix}bulletin": bulletin})
    return Q(**{f"{prefix}bulletin__in": list(bulletin)})


def bulletins() -> list[Bulletin]:
    """Every bulletin with its office, in the order they are listed."""
    return list(Bulletin.objects.select_related("office").order_by("position", "pk"))


def latest_per_bulletin(user=None, bulletin=None) -> dict[int, SignedIssue]:
    """The newest issue ``user`` may read of each bulletin (of ``bulletin``), by
    bulletin id; a bulletin with none is left out."""
    newest = (
        SignedIssue.objects.filter(readable_q(user), bulletin=OuterRef("bulletin"))
        .order_by("-issue_order", "series")
        .values("pk")[:1]
    )
    found = issues_for(user, bulletin).filter(pk=Subquery(newest))
    return {signed.bulletin_id: signed for signed in found}


@dataclass(frozen=True)
class Scope:
    """The bulletins one host name serves: the office's own where an office has
    that host name (``Office.host``, as Wagtail maps a site to a root page), every
    bulletin anywhere else. ``ids``: the filter the finders take (None: every one)."""

    bulletins: tuple[Bulletin, ...]
    office_name: str = ""
    ids: tuple[int, ...] | None = None

    @property
    def key(self) -> str:
        """Names the scope, for what is kept per scope."""
        return "all" if self.ids is None else "-".join(map(str, self.ids))

    @property
    def only(self) -> Bulletin | None:
        """The one bulletin of the scope, if it has one only."""
        return self.bulletins[0] if len(self.bulletins) == 1 else None

    def find(self, slug: str) -> Bulletin | None:
        return next((bulletin for bulletin in self.bulletins if bulletin.slug == slug), None)

    def offices(self) -> list[tuple[int, str]]:
        """(id, name) of each office publishing a bulletin of the scope, in order."""
        seen = {}
        for bulletin in self.bulletins:
            seen.setdefault(bulletin.office_id, bulletin.office.name)
        return list(seen.items())


def scope_for(host: str, directory: list[Bulletin]) -> Scope:
    """The scope of ``host`` (lower case, no port) among the bulletins of
    ``directory`` (``bulletins()``)."""
    own = tuple(b for b in directory if b.office.host and b.office.host == host)
    if own:
        return Scope(own, own[0].office.name, tuple(b.pk for b in own))
    return Scope(tuple(directory))


# --- Finding -------------------------------------------------------------------------------


def readable_q(user=None, *, prefix: str = "") -> Q:
    """The one definition of "``user`` may read this issue", as a filter of
    ``SignedIssue`` rows (``prefix``: the path to them from a related model).

    An issue is readable when it is live (published, its publish time has come)
    and public as signed — or internal as signed, and the user is an editor of
    the office that publishes it (a superuser: of any), or signed-in staff of a
    unit (``UnitMembership``) on its 本期印发 list as signed.
    The working copy's visibility and list reach readers only by a sign-off.
    """
    p = prefix
    rule = live_issue_q(prefix=f"{p}issue__")
    readable = Q(**{f"{p}visibility": Issue.Visibility.PUBLIC})
    if reads_every_issue(user):
        offices = access.member_offices(user)
        if offices is None:  # a superuser
            return rule
        # An editor reads every issue of their own offices' bulletins.
        readable |= Q(**{f"{p}bulletin__office__in": offices})
    if user is not None and user.is_authenticated and user.is_staff and user.is_active:
        units = UnitMembership.objects.filter(user_id=user.pk).values("unit_id")
        listed = SignedDistributionEntry.objects.filter(recipient_id__in=units)
        readable |= Q(**{f"{p}pk__in": listed.values("signed_issue_id")})
    return rule & readable


def readership(user) -> str:
    """Names what decides which issues ``user`` may read (``readable_q``): the
    account, its unit, and whether it is active staff or reads every issue —
    a key for what is kept per reader."""
    if user is None or not user.is_authenticated:
        return "anonymous"
    unit = UnitMembership.objects.filter(user_id=user.pk).values_list("unit_id", flat=True)
    staff = user.is_staff and user.is_active
    offices = access.member_offices(user) if reads_every_issue(user) else set()
    every = "all" if offices is None else ",".join(map(str, sorted(offices)))
    return f"user:{user.pk}:unit:{unit.first()}:staff:{staff:d}:offices:{every}"


def readable_issue_ids(user=None, bulletin=None) -> QuerySet:
    """The ids of the issues ``user`` may read (in ``bulletin``), as a subquery."""
    return (
        SignedIssue.objects.filter(readable_q(user), in_bulletin_q(bulletin))
        .order_by()
        .values("issue_id")
    )


def issues_for(user=None, bulletin=None) -> QuerySet[SignedIssue]:
    """The reader's copies of the issues ``user`` may read (in ``bulletin``), newest first."""
    return (
        SignedIssue.objects.filter(readable_q(user), in_bulletin_q(bulletin))
        .select_related("issue", "bulletin")
        .order_by("-issue_order", "series")
    )


def issue_for(user, bulletin=None, **lookup) -> SignedIssue | None:
    """The reader's copy in ``bulletin`` matching ``lookup`` (its signed
    ``series``, ``year``, ``number``, or ``pk``) if ``user`` may read it."""
    return issues_for(user, bulletin).filter(**lookup).first()


def internal_issue(bulletin=None, **lookup) -> SignedIssue | None:
    """The reader's copy of the live issue in ``bulletin`` matching ``lookup`` if
    it is internal as signed, whoever asks."""
    return (
        SignedIssue.objects.filter(
            live_issue_q(prefix="issue__"), in_bulletin_q(bulletin), visibility=INTERNAL, **lookup
        )
        .select_related("issue", "bulletin")
        .first()
    )


def articles_for(user=None, bulletin=None) -> QuerySet[SignedArticle]:
    """The signed articles ``user`` may read (in ``bulletin``), newest issue first,
    in printed order."""
    return (
        SignedArticle.objects.filter(
            readable_q(user, prefix="signed_issue__"),
            in_bulletin_q(bulletin, prefix="signed_issue__"),
        )
        .select_related("signed_issue__issue", "signed_issue__bulletin")
        .order_by("-issue_order", "signed_issue_id", "section_position", "position")
    )


def article_for(user, article_id: int, bulletin=None) -> SignedArticle | None:
    """The article at ``/<bulletin>/articles/<article_id>/`` as ``user`` reads it:
    from the newest readable issue (of ``bulletin``) whose signed copy holds it —
    even if the working copy has since changed, moved or deleted it."""
    return articles_for(user, bulletin).filter(article_id=article_id).first()


def printed_in(article_ids) -> dict[int, Issue]:
    """The issue each of these articles (working-copy ids) is printed in, as
    signed: the newest live issue whose reader's copy holds it, by article id.
    An article only in a draft, or in an issue not yet live, has none — so an
    officer is never told of an issue that may still change its number."""
    rows = (
        SignedArticle.objects.filter(
            live_issue_q(prefix="signed_issue__issue__"), article_id__in=list(article_ids)
        )
        .select_related("signed_issue__issue", "signed_issue__bulletin")
        .order_by("issue_order")
    )
    return {row.article_id: copy.issue_as_signed(row.signed_issue) for row in rows}


def internal_article(article_id: int, bulletin=None) -> SignedArticle | None:
    """The article in the signed copy of a live internal issue (of ``bulletin``),
    whoever asks."""
    return (
        SignedArticle.objects.filter(
            live_issue_q(prefix="signed_issue__issue__"),
            in_bulletin_q(bulletin, prefix="signed_issue__"),
            signed_issue__visibility=INTERNAL,
            article_id=article_id,
        )
        .select_related("signed_issue__issue", "signed_issue__bulletin")
        .first()
    )


def neighbours_of(user, issue) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """The (year, number) of the issue ``user`` may read just before ``issue`` and
    just after it, in its bulletin and its series (supplements are numbered
    apart); None at either end. ``issue``: anything with ``bulletin_id``,
    ``series``, ``year`` and ``number``."""
    same_series = (
        issues_for(user, issue.bulletin_id)
        .filter(series=issue.series)
        .values_list("year", "number")
    )
    older = same_series.filter(
        Q(year__lt=issue.year) | Q(year=issue.year, number__lt=issue.number)
    ).order_by("-year", "-number")
    newer = same_series.filter(
        Q(year__gt=issue.year) | Q(year=issue.year, number__gt=issue.number)
    ).order_by("year", "number")
    return older.first(), newer.first()


# --- Lists and counts ----------------------------------------------------------------------


def years_for(user=None, bulletin=None) -> list[int]:
    """The years of the issues ``user`` may read (in ``bulletin``), newest first."""
    return list(
        issues_for(user, bulletin).order_by("-year").values_list("year", flat=True).distinct()
    )


@dataclass(frozen=True)
class Named:
    """An organization or a tag as readers see it: by the name the most recent
    sign-off of a readable article crediting it wrote (``key``: its id, or its address),
    with the number of readable articles under it."""

    key: int | str
    name: str
    article_count: int = 0

    @property
    def pk(self):
        return self.key

    @property
    def slug(self):
        return self.key

    def get_absolute_url(self) -> str:
        if isinstance(self.key, int):
            return reverse("editorial:source_detail", args=[self.key])
        return reverse("editorial:tag_articles", args=[self.key])


def _named(rows, key: str) -> list[Named]:
    """``rows`` (signed sources or tags of readable articles) grouped by ``key``,
    each named as its newest signed article names it, most articles first."""
    counts = (
        rows.order_by()
        .values(key)
        .annotate(article_count=Count("article", distinct=True), newest=Max("article_id"))
    )
    counts = list(counts)
    newest = {(row[key], row["newest"]) for row in counts}
    names = {}
    found = rows.filter(article_id__in={article for _value, article in newest})
    for article_id, value, name in found.order_by().values_list("article_id", key, "name"):
        if (value, article_id) in newest:
            names[value] = name
    return sorted(
        (Named(row[key], names[row[key]], row["article_count"]) for row in counts),
        key=lambda named: (-named.article_count, named.name),
    )


def organizations_for(user=None, bulletin=None) -> list[Named]:
    """The organizations credited on articles ``user`` may read, each by its
    name as signed (the newest readable article crediting it) with the number of
    those articles (``article_count``), most first."""
    readable = articles_for(user, bulletin).order_by().values("pk")
    return _named(
        SignedArticleSource.objects.filter(article__in=readable, organization__isnull=False),
        "organization_id",
    )


def organization_for(user, organization_id: int, bulletin=None) -> Named | None:
    """One organization as ``organizations_for`` names it; None if no article
    ``user`` may read credits it."""
    readable = articles_for(user, bulletin).order_by().values("pk")
    found = _named(
        SignedArticleSource.objects.filter(article__in=readable, organization_id=organization_id),
        "organization_id",
    )
    return found[0] if found else None


def names_signed(user, organization_id: int, bulletin=None) -> list[str]:
    """Every name readable articles credit the organization by, in order."""
    readable = articles_for(user, bulletin).order_by().values("pk")
    links = SignedArticleSource.objects.filter(article__in=readable)
    links = links.filter(organization_id=organization_id)
    return sorted(set(links.values_list("name", flat=True)))


def sections_for(user=None, bulletin=None) -> list[tuple[str, int]]:
    """(section name, number of articles ``user`` may read in it), for every named
    section of the issues ``user`` may read, in the order of their names."""
    return list(
        articles_for(user, bulletin)
        .exclude(section_name="")
        .order_by()
        .values_list("section_name")
        .annotate(count=Count("pk"))
        .order_by("section_name")
    )


def tags_for(user=None, bulletin=None) -> list[Named]:
    """The tags of articles ``user`` may read, each by its name as signed (the
    newest readable article carrying it) with the number of those articles
    (``article_count``), in the order of their names."""
    readable = articles_for(user, bulletin).order_by().values("pk")
    tags = _named(SignedArticleTag.objects.filter(article__in=readable), "slug")
    return sorted(tags, key=lambda tag: tag.name)


def tag_for(user, slug: str, bulletin=None) -> Named | None:
    """One tag as ``tags_for`` names it; None if no article ``user`` may read carries it."""
    readable = articles_for(user, bulletin).order_by().values("pk")
    found = _named(SignedArticleTag.objects.filter(article__in=readable, slug=slug), "slug")
    return found[0] if found else None


def per_year(articles: QuerySet[SignedArticle]) -> list[tuple[int, int]]:
    """(year, number of ``articles``) for each year, newest first."""
    return list(
        articles.order_by()
        .values_list("signed_issue__year")
        .annotate(count=Count("pk"))
        .order_by("-signed_issue__year")
    )


def listed_units(signed_issue_id: int) -> set[int]:
    """The ids of the units on the issue's 本期印发 list as signed: whose reading
    leaves a receipt."""
    entries = SignedDistributionEntry.objects.filter(signed_issue_id=signed_issue_id)
    return set(entries.exclude(recipient=None).values_list("recipient_id", flat=True))


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
    signed = (
        SignedIssue.objects.select_related("issue", "version", "bulletin")
        .filter(pk=issue_id)
        .first()
    )
    if signed is None:
        return None
    return copy.reading_copy(signed)
