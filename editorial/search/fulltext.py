"""Chinese full-text search over the reader's copy: the signed articles a reader may see.

Readers search what the chief editor signed, nothing else: the ``SignedArticle``
rows of each issue's reader's copy (``editorial.signed``), never the editors'
working copy. The index (``editorial.search.index``, written with the reader's
copy at each sign-off) holds the bigrams (``editorial.search.text``) of a signed
article's title, subtitle, byline, sources and body:

- on PostgreSQL, a code of each lexeme once, and of the issue's year, in a
  GIN-indexed ``int2[]`` (``ArticleSearchEntry``): the newest articles holding
  every code of the query are the candidates, the query is confirmed on their
  text until ``RESULT_LIMIT`` stand, and they are ranked by how many of the
  query's words their title holds, then newest first — which keeps a search
  for a common word as fast as one for a rare phrase;
- on SQLite, an FTS5 table of each field's tokens in order, which matches a
  phrase itself; ranked the same way.

Synonyms (``editorial.search.synonyms``) widen a query: each group of it
matches in any of its forms (劳模 or 劳动模范), and highlighting marks whichever
was found.

Entry point: ``search_articles`` (the search page). Only the issues
``signed.readers.readable_q`` lets the reader read are ever searched.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import (
    Case,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.safestring import SafeString

from editorial.content.headlines import one_line
from editorial.search.models import FTS5_TABLE, ArticleSearchEntry
from editorial.search.synonyms import table as synonym_table
from editorial.search.text import (  # noqa: F401
    MAX_QUERY_LENGTH,
    YEAR_CODES,
    Query,
    codes_literal,
    highlight,
    snippet,
)
from editorial.signed import readers
from editorial.signed.models import SignedArticle, SignedArticleSource, SignedIssue
from editorial.signed.publish import ORDERS_PER_YEAR, issue_order, order_year

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
        """The article's address in its bulletin, which carries the working copy's
        article id."""
        slug = self.issue.bulletin.slug
        return reverse("editorial:article_detail", args=[slug, self.article.article_id])

    @property
    def issue_url(self) -> str:
        issue = self.issue
        name = "supplement_detail" if issue.series == readers.SUPPLEMENT else "issue_detail"
        return reverse(f"editorial:{name}", args=[issue.bulletin.slug, issue.year, issue.number])

    @property
    def bulletin_name(self) -> str:
        return self.issue.bulletin.name

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
    "signed_issue__bulletin__slug",
    "signed_issue__bulletin__name",
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
            .select_related("signed_issue__bulletin")
            .only(*HIT_FIELDS)
        )
        by_id = {article.pk: article for article in articles}
        credited = readers.source_names(list(by_id))
        terms = self.query.terms
        return [
            Hit(
                article=by_id[pk],
                title=highlight(one_line(by_id[pk].title), terms),
                subtitle=highlight(by_id[pk].subtitle, terms),
                snippet=snippet(by_id[pk].body, terms),
                source_names=credited.get(pk, []),
            )
            for pk in signed_ids
            if pk in by_id
        ]


def search_articles(
    query: str | Query, user=None, *, bulletin=None, year=None, section=None, organization=None
) -> SearchResults:
    """The signed articles ``user`` may read that match ``query``, best first.

    ``bulletin`` (a ``readers`` bulletin filter: one, or a collection of ids),
    ``year`` (int), ``section`` (a section name) and ``organization`` (a
    SourceOrganization or its id) narrow the search, as the reader's copy has them.
    """
    if not isinstance(query, Query):
        query = Query.parse(query, synonyms=synonym_table())
    if not query:
        return SearchResults(query=query, found=[], user=user)
    organization_id = getattr(organization, "pk", organization)
    if connection.vendor == "postgresql":
        found = _search_postgresql(query, user, bulletin, year, section, organization_id)
    else:
        found = _search_fts5(query, user, bulletin, year, section, organization_id)
    return SearchResults(query=query, found=found, user=user)


def _year_orders(year) -> tuple[int, int]:
    """The issue orders of ``year``: from the first, up to (not including) the last."""
    return issue_order(year, 0), issue_order(year + 1, 0)


def _in_year(year) -> Q:
    """The issues of ``year`` as signed, by their order (newest is highest)."""
    first, after = _year_orders(year)
    return Q(issue_order__gte=first, issue_order__lt=after)


def _credited_to(organization_id):
    """The signed articles crediting this organization."""
    return SignedArticleSource.objects.filter(organization_id=organization_id).values("article_id")


def _search_postgresql(
    query: Query, user, bulletin, year, section, organization_id
) -> list[tuple[int, int]]:
    """The newest ``RESULT_LIMIT`` matches, found through the index, ranked here.

    1. The index narrows the signed articles to those holding every lexeme code of
       the query (``Query.code_groups``): the GIN index answers that without
       reading a row, and only those of the issues the reader may read are kept.
    2. A candidate's text confirms the query, since codes are shared by many
       lexemes and hold no positions: in the same statement (``_groups_in_sql``),
       or here (``Query.confirms``) for a text that must be normalized first.
    3. The newest ``RESULT_LIMIT`` confirmed are ranked by how many groups stand
       in the title or subtitle, then newest first (``_newest``).
    """
    where, params = [], []
    readable = readers.readable_issue_ids(user, bulletin)
    visible, visible_params = readable.query.sql_with_params()
    where.append(f"e.issue_id IN ({visible})")
    params += visible_params
    code_groups = query.code_groups()
    # The groups of one form together, in one lookup of the index.
    required = sorted({code for forms in code_groups if len(forms) == 1 for code in forms[0]})
    if required:
        where.append("e.document @> %s::int2[]")
        params.append(codes_literal(required))
    for forms in code_groups:
        if len(forms) > 1:
            where.append("(" + " OR ".join(["e.document @> %s::int2[]"] * len(forms)) + ")")
            params += [codes_literal(codes) for codes in forms]
    if year:
        where.append("e.issue_order >= %s AND e.issue_order < %s")
        params += _year_orders(year)
    if section:
        where.append(
            f"EXISTS (SELECT 1 FROM {_ARTICLES} s"
            " WHERE s.id = e.signed_article_id AND s.section_name = %s)"
        )
        params.append(section)
    if organization_id:
        where.append(
            f"EXISTS (SELECT 1 FROM {_SOURCES} s"
            " WHERE s.article_id = e.signed_article_id AND s.organization_id = %s)"
        )
        params.append(organization_id)
    rows = _newest(query, where, params, code_groups)
    ranked = []
    for pk, article_id, order, title, subtitle, _confirmed, _text, in_title in rows:
        if in_title is None:
            in_title = query.title_matches(one_line(title) + "\n" + subtitle)
        ranked.append((-in_title, -order, -pk, article_id))
    ranked.sort()
    return [(-pk, article_id) for _, _, pk, article_id in ranked]


def _newest(query: Query, where: list[str], params: list, code_groups) -> list[tuple]:
    """The newest ``RESULT_LIMIT`` candidates (``where``, on the entries alone, which
    the index narrows by ``code_groups`` unless the query has none) that the text confirms,
    looked for among the newest ``WINDOWS`` entries first:
    (id, article id, issue order, title, subtitle, whether the text confirms it
    when told in SQL, the text when confirmed here, and how many groups stand in
    the title when told in SQL).

    Each statement takes the newest candidates of a window from the index (a
    quarter more than are wanted, for those the text refutes), then reads their
    rows to confirm them; when too many fail (their codes came from other
    lexemes), the next goes on from the last. A common word finds
    enough among the newest articles; a rare one widens the search, past the
    windows that, at the rate it matched so far, would not hold enough.
    """
    confirm = _groups_in_sql(query, _TEXT_COLUMNS, _TEXT)
    select_params = []
    if confirm is None:
        confirmed, text = "NULL", _TEXT  # confirmed here
    else:
        # A text that must be normalized first comes back to be confirmed here.
        confirmed = f"CASE WHEN e.folded THEN NULL ELSE {' AND '.join(s for s, _ in confirm)} END"
        text = f"CASE WHEN e.folded THEN {_TEXT} ELSE '' END"
        select_params += [p for _, group in confirm for p in group]
    # How many groups stand in the title or subtitle, for ranking (else counted here).
    in_title = _groups_in_sql(query, _TITLE_COLUMNS, _TITLE)
    title = "NULL"
    if in_title is not None:
        counted = " + ".join(f"({sql})::int" for sql, _ in in_title)
        title = f"CASE WHEN e.folded THEN NULL ELSE {counted} END"
        select_params += [p for _, group in in_title for p in group]

    # Ordered by an expression, so that PostgreSQL does not walk the newest-first
    # index, testing every entry on its way, for a query that few match; but a query
    # the index cannot narrow (a lone character) walks it, from the newest.
    narrowed = bool(code_groups)
    order = "e.issue_order + 0" if narrowed else "e.issue_order"

    def statement(window: str) -> str:
        return (
            f"SELECT a.id, a.article_id, e.issue_order, a.title, a.subtitle, {confirmed},"
            f" {text}, {title} FROM (SELECT e.signed_article_id, e.issue_order, e.names,"
            f" e.spaced, e.folded FROM {_ENTRIES} e WHERE "
            + " AND ".join(where)
            + window
            + " AND e.issue_order >= %s AND (e.issue_order, e.signed_article_id) < (%s, %s)"
            + f" ORDER BY {order} DESC, e.signed_article_id DESC LIMIT %s)"
            + f" e JOIN {_ARTICLES} a ON a.id = e.signed_article_id"
        )

    # A window of the newest entries is also the newest years, which the index holds
    # (``text.year_code``): the index alone then leaves out the older entries.
    in_all = statement("")
    in_window = statement(_IN_YEARS) if narrowed else in_all
    kept: list[tuple] = []
    before = (_LAST, _LAST)
    # Candidates taken at a time: a few more than are wanted, for those the text refutes.
    candidates = RESULT_LIMIT + RESULT_LIMIT // 4
    examined = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(NO_TABLE_SCANS)
        starts, entries = _window_starts(cursor)
        windows = [*zip(WINDOWS, starts, strict=True), (None, None)]
        # Skip the windows too small to hold enough even if every entry holding the
        # query's rarest code held the query: a rare phrase goes straight to all.
        most = _most_matching(cursor, code_groups, entries) if narrowed else 0
        while windows[0][0] is not None and windows[0][0] * most < RESULT_LIMIT * 1.5:
            windows.pop(0)  # (all of them when the index cannot narrow: the walk stops early)
        size, since = windows.pop(0)
        while True:
            # A window starting at None (fewer entries than its size) is every entry.
            if since is None:
                cursor.execute(in_all, [*select_params, *params, 0, *before, candidates])
            else:
                years = [YEAR_CODES, order_year(since)] if narrowed else []
                window = [*years, since, *before, candidates]
                cursor.execute(in_window, [*select_params, *params, *window])
            found = sorted(cursor.fetchall(), key=lambda row: (row[2], row[0]), reverse=True)
            # Confirmed in SQL (True or False), or to be confirmed here (None).
            kept += [row for row in found if row[5] or (row[5] is None and query.confirms(row[6]))]
            if len(kept) >= RESULT_LIMIT:
                return kept[:RESULT_LIMIT]
            examined += len(found)
            if found:
                before = (found[-1][2], found[-1][0])
            if len(found) == candidates:
                # More candidates in this window: as many as should hold the rest, at
                # the rate the text has confirmed them so far.
                rate = max(len(kept), 1) / examined
                candidates = min(
                    int((RESULT_LIMIT - len(kept)) / rate * 1.25) + 10, 5 * RESULT_LIMIT
                )
                continue
            if since is None:
                return kept
            # Skip the windows too small to hold enough, at the density found here.
            enough = size * RESULT_LIMIT * 1.5 / max(len(kept), 1)
            while windows[0][0] is not None and windows[0][0] < enough:
                windows.pop(0)
            size, since = windows.pop(0)


# After every entry, in (issue order, id) order.
_LAST = 2**63 - 1
_ARTICLES = SignedArticle._meta.db_table
_ENTRIES = ArticleSearchEntry._meta.db_table
_SOURCES = SignedArticleSource._meta.db_table
# The year codes of the years from a window's first to the newest.
_IN_YEARS = (
    " AND e.document && ARRAY(SELECT (%s + year)::int2 FROM generate_series(%s,"
    f" (SELECT max(issue_order) FROM {_ENTRIES}) / {ORDERS_PER_YEAR}) AS year)"  # order_year
)
# An article's searchable text as ``Query.confirms`` reads it: its fields, then the
# names its sources are found by, joined by line breaks.
# The title as one line (``headlines.one_line``): a break an editor placed in a
# long headline does not part the words either side of it.
_TITLE_ON_ONE_LINE = "replace(a.title, E'\\n', '')"
_TEXT = (
    f"concat_ws(E'\\n', {_TITLE_ON_ONE_LINE}, a.subtitle, a.byline, a.source_text, a.credit,"
    " a.body, e.names)"
)
# The spaces a phrase may be broken by in a document (``text._SPACE``).
_SPACES_SQL = "E' \\t\\u00a0\\u3000'"


def _groups_in_sql(query: Query, columns, text: str) -> list[tuple[str, list]] | None:
    """For each group of the query, SQL true when it stands in ``text`` (the
    ``columns`` joined by line breaks) as ``Query.confirms`` tells it, and its
    parameters, for an entry whose text needs no normalizing (not ``folded``:
    its letters and digits are as NFKC and lower case make them, as the query's
    words are). None if a form of the query has no word.

    A word is first looked for in each column as written, which is cheap and finds
    nearly every match; only where that fails, and the text has layout spaces
    inside a phrase (``spaced``), in the text without them. (A word never spans
    two columns: they are joined by line breaks.)
    """
    forms = [form for group in query.groups for form in group]
    if not all(form.words for form in forms):
        return None
    as_written = " OR ".join(f"strpos({column}, %s) > 0" for column in columns)
    found = f"({as_written} OR e.spaced AND strpos(translate({text}, {_SPACES_SQL}, ''), %s) > 0)"
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
    _TITLE_ON_ONE_LINE,
    "a.body",
    "a.subtitle",
    "a.byline",
    "a.source_text",
    "a.credit",
    "e.names",
)
_TITLE_COLUMNS = (_TITLE_ON_ONE_LINE, "a.subtitle")
_TITLE = f"concat_ws(E'\\n', {_TITLE_ON_ONE_LINE}, a.subtitle)"


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


def _most_matching(cursor, groups, entries: float) -> float:
    """At most what share of the entries holds the query, as PostgreSQL's planner
    estimates it from the index's statistics: each form of a group no more than its
    rarest code, a group no more than its forms together, the query no more than
    its rarest group. A lone character (a prefix) has no code: a group with one is
    not estimated. 1 when there are no statistics. ``groups``: ``Query.code_groups``."""
    if entries <= 0 or not groups:
        return 1.0
    codes = list(dict.fromkeys(code for forms in groups for form in forms for code in form))
    cursor.execute(
        "EXPLAIN (FORMAT JSON) " + " UNION ALL ".join([_ESTIMATE] * len(codes)),
        [codes_literal([code]) for code in codes],
    )
    (plan,) = cursor.fetchone()
    if isinstance(plan, str):
        plan = json.loads(plan)
    top = plan[0]["Plan"]
    rows = _member_rows(top) if len(codes) > 1 else [top["Plan Rows"]]
    if len(rows) != len(codes):
        return 1.0
    share = {code: min(1.0, n / entries) for code, n in zip(codes, rows, strict=True)}
    return min(
        min(1.0, sum(min(share[code] for code in form) for form in forms)) for forms in groups
    )


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


_ESTIMATE = f"(SELECT 1 FROM {ArticleSearchEntry._meta.db_table} WHERE document @> %s::int2[])"
# For this transaction, no plan that reads the whole table to test each entry.
NO_TABLE_SCANS = (
    "SELECT set_config('enable_seqscan', 'off', true),"
    " set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true)"
)


def _search_fts5(
    query: Query, user, bulletin, year, section, organization_id
) -> list[tuple[int, int]]:
    """SQLite: the FTS5 table of token streams (``editorial.search.index``) finds the
    articles holding each group as a phrase; ranked by how many groups stand in the
    title or subtitle, then newest first, as on PostgreSQL."""
    articles = readers.articles_for(user, bulletin).filter(pk__in=_fts5_rows(query.fts5_match()))
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
