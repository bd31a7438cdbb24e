"""Chinese full-text search over the reader's copy: the signed articles a reader may see.

Readers search what the chief editor signed, nothing else: the ``SignedArticle``
rows of each issue's reader's copy (``editorial.signed``), never the editors'
working copy. The index (``editorial.search.index``, written with the reader's
copy at each sign-off) holds the bigrams (``editorial.search.text``) of a signed
article's title, subtitle, byline, sources and body:

- on PostgreSQL, each lexeme once in a GIN-indexed tsvector (``ArticleSearchEntry``):
  the newest ``RESULT_LIMIT`` articles holding every bigram of the query are the
  candidates, a phrase is confirmed on their text, and they are ranked by how
  many of the query's words their title holds, then newest first — which keeps a
  search for a common word as fast as one for a rare phrase;
- on SQLite, an FTS5 table of each field's tokens in order, which matches a
  phrase itself; ranked the same way.

Synonyms (``editorial.search.synonyms``) widen a query: each group of it
matches in any of its forms (劳模 or 劳动模范), and highlighting marks whichever
was found.

Entry point: ``search_articles`` (the search page). Only the issues
``Issue.objects.visible_to`` the reader are ever searched.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQueryField
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    F,
    Func,
    IntegerField,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Concat
from django.utils.safestring import SafeString

from editorial.content.models import Article, Issue
from editorial.search.models import FTS5_TABLE, ArticleSearchEntry
from editorial.search.synonyms import table as synonym_table
from editorial.search.text import MAX_QUERY_LENGTH, Query, highlight, snippet  # noqa: F401
from editorial.signed import readers
from editorial.signed.models import SignedArticle, SignedArticleSource, SignedIssue
from editorial.signed.publish import issue_order

# At most this many matches are ranked and listed (newest matches first); the
# page says when there are more, and filters narrow them down.
RESULT_LIMIT = 500
# PostgreSQL looks for matches among the newest this many articles first (``_newest``).
WINDOWS = (1_000, 5_000, 25_000)


# --- Searching ------------------------------------------------------------------


@dataclass
class Hit:
    """One listed result: the signed article (with its signed issue and sources),
    its highlighted title, subtitle and snippet, and the addresses to link to."""

    article: SignedArticle
    title: SafeString
    subtitle: SafeString
    snippet: SafeString

    @property
    def issue(self) -> SignedIssue:
        return self.article.signed_issue

    @property
    def url(self) -> str:
        """The article's address, which carries the working copy's article id."""
        return Article(pk=self.article.article_id).get_absolute_url()

    @property
    def issue_url(self) -> str:
        issue = self.issue
        return Issue(series=issue.series, year=issue.year, number=issue.number).get_absolute_url()

    @property
    def sources(self) -> str:
        """The organizations credited, as signed: 市总工会宣教部、市总工会研究室."""
        return "、".join(source.name for source in self.article.sources.all())


@dataclass
class SearchResults:
    """The matching signed articles, best first (at most ``RESULT_LIMIT``): each as
    the id of its ``SignedArticle`` row and the article id its address carries."""

    query: Query
    found: list[tuple[int, int]]
    user: object = None

    @property
    def count(self) -> int:
        return len(self.found)

    @property
    def more(self) -> bool:
        """More articles match than are listed: the reader should narrow the search."""
        return len(self.found) >= RESULT_LIMIT

    @property
    def signed_ids(self) -> list[int]:
        return [signed_id for signed_id, _ in self.found]

    @property
    def article_ids(self) -> list[int]:
        """The articles found, as their addresses (``/articles/<id>/``) name them."""
        return [article_id for _, article_id in self.found]

    def hits(self, signed_ids: list[int]) -> list[Hit]:
        """The listed articles for one page of ``signed_ids``, in that order, with highlights."""
        articles = readers.with_sources(readers.articles_for(self.user).filter(pk__in=signed_ids))
        by_id = {article.pk: article for article in articles}
        terms = self.query.terms
        return [
            Hit(
                article=by_id[pk],
                title=highlight(by_id[pk].title, terms),
                subtitle=highlight(by_id[pk].subtitle, terms),
                snippet=snippet(by_id[pk].body, terms),
            )
            for pk in signed_ids
            if pk in by_id
        ]


def search_articles(
    query: str | Query, user=None, *, year=None, section=None, organization=None
) -> SearchResults:
    """The signed articles ``user`` may read that match ``query``, best first.

    ``year`` (int), ``section`` (a section name) and ``organization`` (a
    SourceOrganization or its id) narrow the search, as the reader's copy has them.
    """
    if not isinstance(query, Query):
        query = Query.parse(query, synonyms=synonym_table())
    if not query:
        return SearchResults(query=query, found=[], user=user)
    organization_id = getattr(organization, "pk", organization)
    if connection.vendor == "postgresql":
        found = _search_postgresql(query, user, year, section, organization_id)
    else:
        found = _search_fts5(query, user, year, section, organization_id)
    return SearchResults(query=query, found=found, user=user)


class _Matches(Func):
    """``document @@ query``."""

    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()


class _MatchesRow(Func):
    """``document @@ query`` as the plain function behind the operator, which the
    planner never answers from the GIN index: for rows already chosen."""

    function = "ts_match_vq"
    output_field = BooleanField()


def _tsquery(text: str):
    return Cast(Value(text), output_field=SearchQueryField())


def _in_year(year) -> Q:
    """The issues of ``year`` as signed, by their order (newest is highest)."""
    return Q(issue_order__gte=issue_order(year, 0), issue_order__lt=issue_order(year + 1, 0))


def _credited_to(organization_id):
    """The signed articles crediting this organization."""
    return SignedArticleSource.objects.filter(organization_id=organization_id).values("article_id")


def _search_postgresql(query: Query, user, year, section, organization_id) -> list[tuple[int, int]]:
    """The newest ``RESULT_LIMIT`` candidates from the index, confirmed and ranked here.

    1. The newest ``RESULT_LIMIT`` signed articles holding every bigram of the
       query: the GIN index answers that exactly, no document read (``_newest``).
    2. When a group is a phrase (more than one lexeme), the candidates' text
       confirms it (``Query.confirms``): the index keeps no positions. A candidate
       holding a one-lexeme form of every group (劳模 of 劳模 | 劳动模范) needs none.
    3. Ranked by how many groups stand in the title or subtitle, then newest first.
    """
    candidates = ArticleSearchEntry.objects.filter(
        _Matches(F("document"), _tsquery(query.prefilter())),
        issue__in=Issue.objects.visible_to(user).values("pk"),
    )
    if year:
        candidates = candidates.filter(_in_year(year))
    if section:
        candidates = candidates.filter(signed_article__section_name=section)
    if organization_id:
        candidates = candidates.filter(signed_article__in=_credited_to(organization_id))
    rows = _newest(candidates, query)
    ranked = []
    for pk, article_id, order, title, subtitle, told, text in rows:
        if not told and not query.confirms(text):
            continue
        ranked.append((-query.title_matches(title + "\n" + subtitle), -order, -pk, article_id))
    ranked.sort()
    return [(-pk, article_id) for _, _, pk, article_id in ranked]


def _newest(candidates, query: Query) -> list[tuple]:
    """The newest ``RESULT_LIMIT`` candidates, looked for among the newest ``WINDOWS``
    entries first, in one query each: (id, article id, issue order, title,
    subtitle, whether the index alone tells the match, and else the text to confirm
    it on).

    The candidates come from the GIN index as a bitmap, which needs no document read
    (``BITMAPS_ONLY``; and ordered by an expression, so that PostgreSQL does not walk
    the newest-first index instead, reading every document on its way to test it).
    A common word finds enough among the newest articles; a rare one widens the search.
    """
    if not query.is_phrase():
        told = Value(True)
    elif exact := query.exact_in_index():
        # Matched in a form of one lexeme (劳模 of 劳模 | 劳动模范): nothing to confirm.
        told = _MatchesRow(F("search_entry__document"), _tsquery(exact))
    else:
        told = Value(False)
    text = Case(
        When(told, then=Value("")),
        default=Concat(
            *[
                part
                for name in ("title", "subtitle", "byline", "source_text", "credit", "body")
                for part in (F(name), Value("\n"))
            ],
            F("search_entry__names"),
            output_field=TextField(),
        ),
        output_field=TextField(),
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_WINDOW_STARTS)
        starts = cursor.fetchone()
        cursor.execute(BITMAPS_ONLY)
        return _in_windows(candidates, told, text, starts)


# The issue order of the oldest entry of each window (NULL: fewer entries than that).
_WINDOW_STARTS = "SELECT " + ", ".join(
    f"(SELECT issue_order FROM {ArticleSearchEntry._meta.db_table}"
    f" ORDER BY issue_order DESC OFFSET {window - 1} LIMIT 1)"
    for window in WINDOWS
)
# For this transaction, no plan that reads the entries one by one: PostgreSQL costs
# ``@@`` as cheap, not knowing that each document must be fetched from TOAST first.
BITMAPS_ONLY = (
    "SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)"
)


def _in_windows(candidates, told, text, starts) -> list[tuple]:
    newest_first = [(F("issue_order") + Value(0)).desc(), F("pk").desc()]
    for since in (*starts, None):
        # A window of None (fewer entries than its size) is every entry: the last.
        scoped = candidates if since is None else candidates.filter(issue_order__gte=since)
        newest = scoped.order_by(*newest_first).values("pk")[:RESULT_LIMIT]
        found = list(
            SignedArticle.objects.filter(pk__in=newest)
            .annotate(told=told, text=text)
            .values_list("pk", "article_id", "issue_order", "title", "subtitle", "told", "text")
        )
        if len(found) >= RESULT_LIMIT or since is None:
            return found
    return found


def _search_fts5(query: Query, user, year, section, organization_id) -> list[tuple[int, int]]:
    """SQLite: the FTS5 table of token streams (``editorial.search.index``) finds the
    articles holding each group as a phrase; ranked by how many groups stand in the
    title or subtitle, then newest first, as on PostgreSQL."""
    articles = readers.articles_for(user).filter(pk__in=_fts5_rows(query.fts5_match()))
    if year:
        articles = articles.filter(_in_year(year))
    if section:
        articles = articles.filter(section_name=section)
    if organization_id:
        articles = articles.filter(pk__in=_credited_to(organization_id))
    # How many groups stand in the title or subtitle, as on PostgreSQL.
    title_hits = [
        Case(
            When(pk__in=_fts5_rows(group.fts5_match(TITLE_COLUMNS)), then=1),
            default=0,
            output_field=IntegerField(),
        )
        for group in (Query(query.text, groups=[forms]) for forms in query.groups)
    ]
    ranked = articles.annotate(title_hits=sum(title_hits, Value(0))).order_by(
        "-title_hits", "-issue_order", "-pk"
    )
    return list(ranked.values_list("pk", "article_id")[:RESULT_LIMIT])


TITLE_COLUMNS = ("title", "subtitle")


def _fts5_rows(match: str) -> RawSQL:
    return RawSQL(f"SELECT rowid FROM {FTS5_TABLE} WHERE {FTS5_TABLE} MATCH %s", [match])
