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

import json
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQueryField
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    F,
    Func,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.utils.safestring import SafeString

from editorial.content.models import Article, Issue
from editorial.search.models import FTS5_TABLE, ArticleSearchEntry
from editorial.search.synonyms import table as synonym_table
from editorial.search.text import (  # noqa: F401
    MAX_QUERY_LENGTH,
    Query,
    highlight,
    plain_ideographs,
    snippet,
)
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
    """One listed result: the signed article (with its signed issue), its highlighted
    title, subtitle and snippet, the names of its sources as signed, and the
    addresses to link to."""

    article: SignedArticle
    title: SafeString
    subtitle: SafeString
    snippet: SafeString
    source_names: list[str]

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
        return "、".join(self.source_names)


HIT_FIELDS = (
    "article_id",
    "title",
    "subtitle",
    "section_name",
    "body",
    "signed_issue__series",
    "signed_issue__year",
    "signed_issue__number",
)


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
        # What a listed hit shows, and no more: its issue's label, and its sources' names.
        articles = (
            readers.articles_for(self.user)
            .filter(pk__in=signed_ids)
            .select_related(None)
            .select_related("signed_issue")
            .only(*HIT_FIELDS)
        )
        by_id = {article.pk: article for article in articles}
        credited = readers.source_names(list(by_id))
        terms = self.query.terms
        return [
            Hit(
                article=by_id[pk],
                title=highlight(by_id[pk].title, terms),
                subtitle=highlight(by_id[pk].subtitle, terms),
                snippet=snippet(by_id[pk].body, terms),
                source_names=credited.get(pk, []),
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
       confirms it, since the index keeps no positions: in the same statement for
       a phrase of ideographs (``_groups_in_sql``), else here
       (``Query.confirms``). A candidate holding a one-lexeme form of every group
       (劳模 of 劳模 | 劳动模范) needs no confirmation.
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
    for pk, article_id, order, title, subtitle, told, text, in_title in rows:
        if not told and not query.confirms(text):
            continue
        if in_title is None:
            in_title = query.title_matches(title + "\n" + subtitle)
        ranked.append((-in_title, -order, -pk, article_id))
    ranked.sort()
    return [(-pk, article_id) for _, _, pk, article_id in ranked]


def _newest(candidates, query: Query) -> list[tuple]:
    """The newest ``RESULT_LIMIT`` candidates, looked for among the newest ``WINDOWS``
    entries first, in one query each: (id, article id, issue order, title,
    subtitle, whether the match is already known, and else the text to confirm it on).

    The candidates come from the GIN index as a bitmap, which needs no document read
    (``NO_TABLE_SCANS``; and ordered by an expression, so that PostgreSQL does not walk
    the newest-first index instead, reading every document on its way to test it).
    Rows already chosen are looked up by their indexes.
    A common word finds enough among the newest articles; a rare one widens the search,
    past the windows that, at the rate it matched so far, would not hold enough.
    Where a phrase can be confirmed in SQL (``_groups_in_sql``), whether it
    stands comes back instead of the text to confirm it on.
    """
    # The candidates' SQL is compiled once; each window only changes ``since``.
    inner, params = (
        candidates.filter(issue_order__gte=_SINCE)
        .order_by((F("issue_order") + Value(0)).desc(), F("pk").desc())
        .values("pk")[:RESULT_LIMIT]
        .query.sql_with_params()
    )
    params = list(params)
    since_at = params.index(_SINCE)
    told, told_params = "true", []
    if query.is_phrase():
        told = "false"
        if exact := query.exact_in_index():
            # Matched in a form of one lexeme (劳模 of 劳模 | 劳动模范): nothing to confirm.
            told, told_params = "ts_match_vq(e.document, %s::tsquery)", [exact]
    confirm = _groups_in_sql(query, _TEXT_COLUMNS, _TEXT)
    select, select_params = "true, ''", []
    if told != "true" and confirm is not None:
        # The text first: reading the text costs less than reading the document.
        select = " AND ".join(sql for sql, _ in confirm) + f" OR {told}, ''"
        select_params = [p for _, group in confirm for p in group] + told_params
    elif told != "true":
        select, select_params = f"{told}, {_TEXT}", told_params
    # How many groups stand in the title or subtitle, for ranking (else counted here).
    in_title = _groups_in_sql(query, _TITLE_COLUMNS, _TITLE)
    if in_title is None:
        select += ", NULL"
    else:
        select += ", " + " + ".join(f"({sql})::int" for sql, _ in in_title)
        select_params += [p for _, group in in_title for p in group]
    sql = "SELECT a.id, a.article_id, a.issue_order, a.title, a.subtitle, " + select + _FROM
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(NO_TABLE_SCANS)
        starts, entries = _window_starts(cursor)
        windows = [*zip(WINDOWS, starts, strict=True), (None, None)]
        # Skip the windows too small to hold enough even if every entry holding the
        # query's rarest bigram held the query: a rare phrase goes straight to all.
        most = _most_matching(cursor, query, entries)
        while windows[0][0] is not None and windows[0][0] * most < RESULT_LIMIT * 1.5:
            windows.pop(0)
        while True:
            size, since = windows.pop(0)
            # A window starting at None (fewer entries than its size) is every entry.
            params[since_at] = 0 if since is None else since
            cursor.execute(sql + inner + ")", [*select_params, *params])
            found = cursor.fetchall()
            if len(found) >= RESULT_LIMIT or since is None:
                return found
            # Skip the windows too small to hold enough, at the density found here.
            enough = size * RESULT_LIMIT * 1.5 / max(len(found), 1)
            while windows[0][0] is not None and windows[0][0] < enough:
                windows.pop(0)


# Stands for a window's oldest issue order in the candidates' compiled SQL.
_SINCE = -7_000_000_001
_FROM = (
    f" FROM {SignedArticle._meta.db_table} a"
    f" JOIN {ArticleSearchEntry._meta.db_table} e ON e.signed_article_id = a.id"
    " WHERE a.id IN ("
)
# An article's searchable text as ``Query.confirms`` reads it: its fields, then the
# names its sources are found by, joined by line breaks.
_TEXT = "concat_ws(E'\\n', a.title, a.subtitle, a.byline, a.source_text, a.credit, a.body, e.names)"
# The spaces a phrase may be broken by in a document (``text._SPACE``).
_SPACES_SQL = "E' \\t\\u00a0\\u3000'"


def _groups_in_sql(query: Query, columns, text: str) -> list[tuple[str, list]] | None:
    """For each group of the query, SQL true when it stands in ``text`` (the
    ``columns`` joined by line breaks), as ``Query.confirms`` tells it, and its
    parameters; None unless every word of the query is plain ideographs (the text
    as written then holds it, layout spaces aside), when Python must tell.

    A word is first looked for in each column as written, which is cheap and finds
    nearly every match; only where that fails, in the text without its layout spaces.
    (A word of ideographs never spans two columns: they are joined by line breaks.)
    """
    forms = [form for group in query.groups for form in group]
    words = [word for form in forms for word in form.words]
    if not all(form.words for form in forms) or not all(map(plain_ideographs.fullmatch, words)):
        return None
    as_written = " OR ".join(f"strpos({column}, %s) > 0" for column in columns)
    found = f"({as_written} OR strpos(translate({text}, {_SPACES_SQL}, ''), %s) > 0)"
    groups = []
    for group in query.groups:
        alternatives, params = [], []
        for form in group:
            alternatives.append("(" + " AND ".join([found] * len(form.words)) + ")")
            for word in form.words:
                params += [word] * (len(columns) + 1)
        groups.append(("(" + " OR ".join(alternatives) + ")", params))
    return groups


# The columns of ``_TEXT``, the likeliest to hold a match first.
_TEXT_COLUMNS = (
    "a.title",
    "a.body",
    "a.subtitle",
    "a.byline",
    "a.source_text",
    "a.credit",
    "e.names",
)
_TITLE_COLUMNS = ("a.title", "a.subtitle")
_TITLE = "concat_ws(E'\\n', a.title, a.subtitle)"


def _window_starts(cursor) -> tuple[tuple, float]:
    """The issue order of the oldest entry of each window (None: fewer entries than
    that), and about how many entries there are. Only hints of where to look first,
    so kept for a while: a window's newest ``RESULT_LIMIT`` are the newest whatever
    its start."""
    hints = cache.get(_STARTS_KEY)
    if hints is None:
        cursor.execute(_window_starts_sql())
        *starts, entries = cursor.fetchone()
        hints = (tuple(starts), float(entries))
        cache.set(_STARTS_KEY, hints, 300)
    return hints


def _most_matching(cursor, query: Query, entries: float) -> float:
    """At most what share of the entries holds the query, as PostgreSQL's planner
    estimates it from the index's statistics: each form of a group no more than its
    rarest lexeme, a group no more than its forms together, the query no more than
    its rarest group. A prefix (a lone character) is not estimated: the statistics
    know lexemes, not what they begin with. 1 when there are no statistics."""
    if entries <= 0:
        return 1.0
    lexemes = list(
        dict.fromkeys(
            query.lexeme(token)
            for forms in query.groups
            for form in forms
            for token in form.every
            if not token.prefix
        )
    )
    share = dict.fromkeys(lexemes, 1.0)
    if lexemes:
        cursor.execute(
            "EXPLAIN (FORMAT JSON) " + " UNION ALL ".join([_ESTIMATE] * len(lexemes)), lexemes
        )
        (plan,) = cursor.fetchone()
        if isinstance(plan, str):
            plan = json.loads(plan)
        top = plan[0]["Plan"]
        rows = _member_rows(top) if len(lexemes) > 1 else [top["Plan Rows"]]
        if len(rows) == len(lexemes):
            share = {lexeme: min(1.0, n / entries) for lexeme, n in zip(lexemes, rows, strict=True)}

    def form_share(form) -> float:
        return min((share[query.lexeme(t)] for t in form.every if not t.prefix), default=1.0)

    return min(min(1.0, sum(form_share(form) for form in forms)) for forms in query.groups)


def _member_rows(node: dict) -> list[float]:
    """The estimated rows of each member of the first (possibly parallel) Append."""
    if node["Node Type"] in ("Append", "Parallel Append"):
        return [member["Plan Rows"] for member in node.get("Plans", [])]
    for child in node.get("Plans", []):
        if rows := _member_rows(child):
            return rows
    return []


_STARTS_KEY = "search:window-starts"


def _window_starts_sql() -> str:
    table = ArticleSearchEntry._meta.db_table
    starts = [
        f"(SELECT issue_order FROM {table} ORDER BY issue_order DESC OFFSET {window - 1} LIMIT 1)"
        for window in WINDOWS
    ]
    entries = f"(SELECT reltuples FROM pg_class WHERE oid = '{table}'::regclass)"
    return "SELECT " + ", ".join([*starts, entries])


_ESTIMATE = f"(SELECT 1 FROM {ArticleSearchEntry._meta.db_table} WHERE document @@ %s::tsquery)"
# For this transaction, no plan that reads the whole table to test each entry:
# PostgreSQL costs ``@@`` as cheap, not knowing that each document must be fetched
# from TOAST first.
NO_TABLE_SCANS = "SELECT set_config('enable_seqscan', 'off', true)"


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
