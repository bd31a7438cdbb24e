"""Chinese text for search: bigram tokens, the documents the indexes hold, queries,
and highlighting.

Chinese has no spaces between words, so text is cut into overlapping character
bigrams: 职工素质工程 is 职工 工素 素质 质工 工程 (plus its last character, 程, so
that every character starts some lexeme). The indexes hold them in two forms:

- PostgreSQL (``document_codes``): a 14-bit code of each lexeme of an article
  (``lexeme_code``; many lexemes share a code), once, without positions, and
  the code of its issue's year, in a GIN-indexed ``int2[]``. The codes of a
  query's lexemes (``Query.code_groups``) find the candidates; the query is then
  confirmed on the candidates' text (``Query.confirms``, or the same test in
  SQL), and a title match ranks first (``Query.title_matches``). A lone
  character has no code: it is looked for in the text.
- SQLite (``token_stream``): each field's lexemes in order, as words of an FTS5
  table, where a query is a phrase of consecutive tokens (``Query.fts5_match``).

Either way a two-character word (劳模) and a longer phrase (职工素质工程) find
exactly the articles containing them, and a single character (温) is a prefix.
Documents and queries must be cut by the same code: this module. It reads no
database. (``document_literal``, the lexemes as a tsvector, is what migrations
0004 to 0018 wrote; ``Query.tsquery`` and ``Query.prefilter``, the query as a
tsquery, are kept for the comparison of designs in ``bench/search_variants.py``.)
"""

from __future__ import annotations

import array
import bisect
import functools
import itertools
import operator
import re
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from editorial.content.headlines import one_line
from editorial.search.synonyms import variants

MAX_QUERY_LENGTH = 100
SNIPPET_LENGTH = 120

_CJK = re.compile(
    "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f\U00030000-\U0003134f]"
)
_SPACE = " \t\u00a0\u3000"


# --- Tokens -------------------------------------------------------------------


def _normalized(text: str) -> tuple[str, Sequence[int]]:
    """``text`` in NFKC and lower case, with the original index of each character.

    Normalizing character by character keeps a map back to the original text,
    which highlighting needs; full-width Latin letters and digits become ASCII.
    Most text needs no more than its full-width forms translated, one character
    for one, and then every character keeps its index.
    """
    translated = _half_width(text)
    if unicodedata.is_normalized("NFKC", translated):
        lowered = translated.lower()
        if len(lowered) == len(text):
            return lowered, range(len(text))
    chars: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        for normal in unicodedata.normalize("NFKC", ch).lower():
            chars.append(normal)
            origin.append(index)
    return "".join(chars), origin


def _is_cjk(ch: str) -> bool:
    return bool(_CJK.match(ch))


@dataclass(frozen=True)
class Token:
    lexeme: str
    position: int
    prefix: bool = False


_CJK_CLASS = _CJK.pattern[1:-1]
# A run of CJK characters (layout spaces inside it allowed), or a word (group 1).
# Between them lie spaces, which take no position, and other characters, one each.
_PIECES = re.compile(rf"[{_CJK_CLASS}](?:[{_SPACE}]*[{_CJK_CLASS}])*|([^\W_{_CJK_CLASS}]+)")


# What NFKC makes of the full-width forms of ASCII (，：！) and the ideographic space,
# which Chinese text is full of: translating them is several times cheaper than NFKC.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")


def _half_width(text: str) -> str:
    """``text.translate(_HALF_WIDTH)``, one ``replace`` for each full-width character
    it holds: ``translate`` looks up every character of the text, several times slower
    for Chinese, which holds only a few kinds of them (，：（）)."""
    for ch in set(_FULL_WIDTH.findall(text)):
        text = text.replace(ch, chr(_HALF_WIDTH[ord(ch)]))
    return text


def _normal(text: str) -> str:
    """NFKC and lower case (most text is NFKC once its full-width forms are translated,
    and checking is cheaper than normalizing)."""
    return _normal_and_translated(text)[0]


def _normal_and_translated(text: str) -> tuple[str, str]:
    """``_normal(text)``, and ``text`` with only its full-width forms translated (which
    ``_folded`` compares it with)."""
    if unicodedata.is_normalized("NFKC", text):
        return text.lower(), text  # (NFKC has no full-width forms)
    translated = _half_width(text)
    normal = translated
    if not unicodedata.is_normalized("NFKC", normal):
        normal = unicodedata.normalize("NFKC", normal)
    return normal.lower(), translated


def _pieces(text: str, start: int) -> tuple[list[tuple[str, int, bool]], int]:
    """The runs of CJK characters (layout spaces removed) and the words of ``text``,
    each with its position and whether it is CJK, and the next free position; see
    ``tokenize``."""
    pieces: list[tuple[str, int, bool]] = []
    position = start
    normal = _normal(text)
    cursor = 0
    for match in _PIECES.finditer(normal):
        begin, end = match.span()
        if begin > cursor:  # one position for each character between but spaces
            position += len(_without_spaces(normal[cursor:begin]))
        cursor = end
        piece = match.group()
        if match.lastindex:  # a word
            pieces.append((piece, position, False))
            position += 1
            continue
        if not piece.isalpha():  # (a run of ideographs alone is all letters)
            piece = _without_spaces(piece)
        pieces.append((piece, position, True))
        position += len(piece)
    position += len(_without_spaces(normal[cursor:]))
    return pieces, position


def _piece_lexemes(piece: str, position: int, cjk: bool):
    """(lexeme, position) pairs of one piece: a CJK run's overlapping bigrams and its
    last character, or a word."""
    if not cjk:
        return ((piece, position),)
    last = ((piece[-1], position + len(piece) - 1),)
    return itertools.chain(
        zip(map(operator.add, piece, piece[1:]), itertools.count(position)), last
    )


def _lexemes(text: str, start: int) -> tuple[list[tuple[str, int]], int]:
    """(lexeme, position) pairs of ``text`` and the next free position; see ``tokenize``."""
    pieces, position = _pieces(text, start)
    pairs: list[tuple[str, int]] = []
    for piece in pieces:
        pairs.extend(_piece_lexemes(*piece))
    return pairs, position


def tokenize(text: str, start: int = 1) -> tuple[list[Token], int]:
    """The lexemes of ``text`` with their positions, and the next free position.

    A run of CJK characters gives its overlapping bigrams and its last character;
    spaces inside a run are layout and do not break it. A run of letters and
    digits is one lexeme. Any other character (punctuation, line breaks) ends a
    run and leaves a gap, so that a phrase never matches across it.
    """
    pairs, position = _lexemes(text, start)
    return [Token(lexeme, at) for lexeme, at in pairs], position


def _lexeme_literal(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def article_fields(article, source_names: list[str]) -> list[tuple[str, str]]:
    """What of an article (signed, or a migration's historical row) is searchable:
    ``(text, column)`` pairs, the column naming the field in SQLite's FTS5 table."""
    return [
        (one_line(article.title), "title"),
        (article.subtitle, "subtitle"),
        (article.byline, "byline"),
        ("、".join([article.source_text, article.credit, *source_names]), "sources"),
        (article.body, "body"),
    ]


def document_lexemes(
    fields: list[tuple[str, str]], last: bool = True
) -> tuple[set[str], bool, bool]:
    """Every lexeme of the fields, each once (the bigrams of each run of CJK
    characters, and its last character unless ``last`` is false, and the words);
    whether layout spaces break some run; and
    whether normalizing changes a letter or digit of the text, or makes a space of
    what is not a layout space (so that a word may stand in the text as normalized
    but not as written)."""
    lexemes: set[str] = set()
    spaced = folded = False
    for normal, changed in _normal_fields(fields):
        folded = folded or changed
        for run in _RUNS.findall(normal):
            if not run.isalpha():  # (a run of ideographs alone is all letters)
                run = _without_spaces(run)
                spaced = True
            lexemes.update(map(operator.add, run, run[1:]))
            if last:
                lexemes.add(run[-1])
        lexemes.update(_WORDS.findall(normal))
    return lexemes, spaced, folded


def _normal_fields(fields: list[tuple[str, str]]):
    """Each field's text but the empty ones, in NFKC and lower case, and whether
    normalizing it changed a word (``_folded``)."""
    for text, _column in fields:
        if text:
            normal, translated = _normal_and_translated(text)
            yield normal, _folded(text, normal, translated)


def _folded(text: str, normal: str, translated: str) -> bool:
    """Does normalizing ``text`` into ``normal`` change a letter or digit, or make a
    space of what is not a layout space? (``translated``: ``text`` with its
    full-width forms translated, see ``_normal_and_translated``.)"""
    if normal == text:
        return False
    if len(normal) == len(text) and normal == translated:
        # Only full-width forms changed (most Chinese text: its ，and ：).
        return bool(_FULL_WIDTH_WORD.search(text))
    return any(map(_folds, set(text).symmetric_difference(normal)))


_FULL_WIDTH_WORD = re.compile("[\uff10-\uff19\uff21-\uff3a\uff3f\uff41-\uff5a]")


def _folds(ch: str) -> bool:
    """Does a character that normalizing changes, or makes, matter to a word?"""
    return ch.isalnum() or ch == "_" or (ch.isspace() and ch not in _SPACE)


def document_literal(fields: list[tuple[str, str]]) -> str:
    """A tsvector literal of every lexeme of the fields, each once, without positions
    (``'工会' '会工' '职工'``): the index of migrations 0004 to 0018, which their
    data steps still write."""
    return " ".join(map(_lexeme_literal, document_lexemes(fields)[0]))


# PostgreSQL's index keeps each lexeme as a code of this many bits (``lexeme_code``).
CODE_BITS = 14


def lexeme_code(lexeme: str) -> int:
    """A lexeme's code in PostgreSQL's index: the low ``CODE_BITS`` bits of its CRC-32.

    Many lexemes share a code. That costs little: a query holds several codes, a
    candidate is confirmed on its text anyway, and 16,384 codes make short, dense
    posting lists, so the index is a fraction of the size of one keyed by the
    lexemes themselves, and builds several times faster.
    """
    return zlib.crc32(lexeme.encode()) & _CODE_MASK


_CODE_MASK = (1 << CODE_BITS) - 1
# Codes above the lexemes' stand for the year of the article's issue (``year_code``).
YEAR_CODES = 1 << CODE_BITS


def year_code(year: int) -> int:
    """The code that marks an article of ``year``'s issues in PostgreSQL's index, so
    that the index alone narrows a search to the newest years."""
    return YEAR_CODES + year


@dataclass(frozen=True)
class Document:
    """What PostgreSQL's index keeps of an article's text (``document_codes``)."""

    codes: str  # the codes of its lexemes, each once, in order, as an int2[] literal
    spaced: bool  # whether layout spaces break some run of CJK characters
    folded: bool  # whether normalizing changes a letter, digit or space of it


def document_codes(fields: list[tuple[str, str]], year: int) -> Document:
    """The codes of every lexeme of the fields, each once, and of the year of the
    article's issue, in order (``{17,2301,9650,18396}``): what PostgreSQL's GIN index
    finds candidates by; and what the text, where a
    candidate is confirmed, needs: whether a phrase may be broken by layout spaces
    in it, and whether it must be normalized first.

    The same codes as ``lexeme_code`` of each of ``document_lexemes(fields,
    last=False)``, got without cutting the bigrams: see ``_bigram_codes``. (A lone
    character is looked for in the text, never in the index: the last character of a
    run needs no code of its own.)
    """
    codes: set[int] = set()
    spaced = folded = False
    for normal, changed in _normal_fields(fields):
        folded = folded or changed
        joined = _without_spaces(normal)
        if len(joined) != len(normal) and not spaced:
            spaced = bool(_SPACED_RUN.search(normal))
        codes.update(_bigram_codes(joined, normal))
        codes.update(map(lexeme_code, _WORDS.findall(normal)))
    ordered = sorted(codes)
    del ordered[bisect.bisect_right(ordered, _CODE_MASK) :]  # (no lexeme's, see _bigram_codes)
    ordered.append(year_code(year))
    return Document(codes_literal(ordered), spaced, folded)


def _without_spaces(text: str) -> str:
    """``text`` without its layout spaces: two CJK characters are then next to each
    other exactly when they are in a run (``_RUNS``)."""
    for space in _SPACE:
        if space in text:
            text = text.replace(space, "")
    return text


def _bigram_codes(joined: str, normal: str):
    """The codes of the bigrams of the CJK runs of ``normal``, and maybe some numbers
    above every lexeme's code (``_CODE_MASK``), which the caller drops; ``joined`` is
    ``normal`` without its layout spaces.

    CRC-32 is linear: for any bytes ``a`` and three bytes ``b``, ``crc(a + b) =
    crc(a + 000) ^ crc(000) ^ crc(b)`` (zlib's ``crc32_combine``). An ideograph of the
    Basic Multilingual Plane is three bytes of UTF-8, so the code of a bigram of two
    of them is ``leading[a] ^ trailing[b]``, two tables of 65,536 entries indexed by
    code point: one lookup each, in C, instead of making each bigram a string,
    encoding it and taking its CRC. The tables hold numbers above every code for the
    other characters, so that a pair that is not a bigram (a CJK character next to a
    letter, or two letters) comes out above them. Text with characters beyond the
    Basic Multilingual Plane (rare ideographs, emoji) takes the long way.
    """
    # (A lone surrogate, which no lexeme holds, passes as one unit, and pairs with none.)
    units = joined.encode("utf-16-le", "surrogatepass")
    if len(units) != 2 * len(joined):  # (a character beyond it: a surrogate pair)
        bigrams = set()
        for run in _RUNS.findall(normal):
            run = _without_spaces(run)
            bigrams.update(map(operator.add, run, run[1:]))
        return map(lexeme_code, bigrams)
    leading, trailing = _bigram_tables()
    points = array.array("H", units)
    return map(
        operator.xor, map(leading.__getitem__, points), map(trailing.__getitem__, points[1:])
    )


@functools.cache
def _bigram_tables() -> tuple[list[int], list[int]]:
    """For ``_bigram_codes``: each character's part of the code of a bigram it leads,
    and of one it ends (built once per process, in some 20 ms)."""
    zeros = zlib.crc32(b"\0\0\0")
    leading = [_NOT_LEADING] * 0x10000
    trailing = [_NOT_TRAILING] * 0x10000
    for point in range(0x10000):
        ch = chr(point)
        if _CJK.match(ch):
            encoded = ch.encode()
            leading[point] = zlib.crc32(encoded + b"\0\0\0") & _CODE_MASK
            trailing[point] = (zlib.crc32(encoded) ^ zeros) & _CODE_MASK
    return leading, trailing


# Above every code, and apart: a pair with either is no bigram (``_bigram_codes``).
_NOT_LEADING = 1 << 20
_NOT_TRAILING = 1 << 21
_SPACED_RUN = re.compile(rf"[{_CJK_CLASS}][{_SPACE}]+[{_CJK_CLASS}]")


def prepare() -> None:
    """Build, once per process, the tables cutting documents uses (some 20 ms): before
    forking worker processes, so that they share them instead of each building its own."""
    _bigram_tables()
    _code_texts()


@functools.cache
def _code_texts() -> list[str]:
    """Each lexeme code's decimal text, looked up: three times faster than ``str``."""
    return [str(code) for code in range(_CODE_MASK + 1)]


def codes_literal(codes) -> str:
    """An ``int2[]`` literal of these codes, in the order given: ``{17,2301,9650}`` (a
    lexeme's code's text looked up, see ``_code_texts``)."""
    texts = _code_texts()
    return (
        "{" + ",".join([texts[code] if code <= _CODE_MASK else str(code) for code in codes]) + "}"
    )


# ``_PIECES`` without positions, each kind found by a scan of its own (no test of
# which kind each piece is): the runs of CJK characters, and the words.
_RUNS = re.compile(rf"[{_CJK_CLASS}](?:[{_SPACE}]*[{_CJK_CLASS}])*")
# (A word character, not an underscore, not CJK: one class, three times faster than a
# lookahead for CJK before each character.)
_WORDS = re.compile(rf"[^\W_{_CJK_CLASS}]+")


# Stands for a gap (punctuation, another field) in an FTS5 token stream, so that no
# phrase matches across it; never a lexeme (neither CJK nor a word character).
GAP = "〓"


def token_stream(text: str) -> str:
    """The lexemes of ``text`` in order, as space-separated words for SQLite's FTS5
    table (tokenizer ``ascii``: every non-ASCII character is part of a word), with
    ``GAP`` where ``tokenize`` leaves one: ``职工 工素 素质 质工 工程 程 〓 劳模 模``.
    A phrase is then an FTS5 phrase of consecutive tokens (``Query.fts5_match``)."""
    words: list[str] = []
    pairs, _ = _lexemes(text or "", 1)
    following = None
    for lexeme, position in pairs:
        if following is not None and position > following:
            words.append(GAP)
        words.append(lexeme)
        following = position + 1
    return " ".join(words)


# --- Queries ------------------------------------------------------------------


# A run of ideographs that NFKC leaves alone (not the compatibility ideographs).
plain_ideographs = re.compile(
    "[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0002a6df\U0002a700-\U0002ebef\U00030000-\U0003134f]+"
)


class _Text:
    """A text as written, and in NFKC and lower case when first asked for."""

    def __init__(self, raw: str):
        self.raw = raw
        self._normal = None

    @property
    def normal(self) -> str:
        if self._normal is None:
            self._normal = _normal(self.raw)
        return self._normal


@dataclass
class Form:
    """One way of writing a group: its phrase lexemes, and its words (for substrings)."""

    tokens: list[Token]
    words: list[str]
    # Every lexeme of the form, for a first, exact pass over the GIN index (see
    # ``Query.prefilter``).
    every: list[Token] = field(default_factory=list)
    # The form as consecutive FTS5 tokens (see ``token_stream``), the last one a
    # prefix when it is a lone character.
    stream: list[str] = field(default_factory=list)
    prefix: bool = False

    @classmethod
    def of(cls, text: str) -> Form:
        stream, prefix = _stream_tokens(text)
        return cls(_phrase_tokens(text), _words(text), _every_token(text), stream, prefix)

    def found_in(self, text: _Text) -> bool:
        """Does this form stand in ``text``, the characters of each word in order?"""
        patterns = self.__dict__.get("_patterns")
        if patterns is None:
            patterns = self.__dict__["_patterns"] = [_term_pattern([w]) for w in self.words]
        # Ideographs are the same in the text as written and in NFKC: no need to normalize.
        if all(map(plain_ideographs.fullmatch, self.words)):
            return all(pattern.search(text.raw) for pattern in patterns)
        return all(pattern.search(text.normal) for pattern in patterns)

    def fts5_phrase(self) -> str:
        phrase = '"' + " ".join(self.stream).replace('"', '""') + '"'
        return phrase + " *" if self.prefix else phrase


def _words(text: str) -> list[str]:
    normal, _ = _normalized(text)
    return list(dict.fromkeys(t for t in re.split(r"[^\w]+|_", normal) if t))


@dataclass
class Query:
    """What the reader typed, cut into groups (separated by spaces) that must all match.

    Each group matches in any of its forms: as typed, or with a synonym swapped in
    (职代会 or 职工代表大会) when ``parse`` is given the synonym table.
    """

    text: str
    groups: list[list[Form]] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str, synonyms: dict | None = None) -> Query:
        text = " ".join((text or "").split())[:MAX_QUERY_LENGTH]
        query = cls(text=text)
        for group in text.split(" "):
            written = [group, *variants(group, synonyms)[1:]] if synonyms else [group]
            forms = [Form.of(form) for form in written]
            forms = [form for form in forms if form.tokens]
            if forms:
                query.groups.append(forms)
            for form in written:
                query.terms.extend(t for t in _words(form) if t not in query.terms)
        return query

    def __bool__(self) -> bool:
        return bool(self.groups)

    def tsquery(self) -> str:
        """``'职工' <2> '素质' <2> '工程' & '劳模'``: each group a phrase, all required;
        a group with synonyms is any of its phrases: ``(('劳模') | ('劳动' <2> '模范'))``."""
        clauses = []
        for forms in self.groups:
            phrases = ["(" + self._phrase(form.tokens) + ")" for form in forms]
            clauses.append(phrases[0] if len(phrases) == 1 else "(" + " | ".join(phrases) + ")")
        return " & ".join(clauses)

    def prefilter(self) -> str:
        """Every bigram of each group, ANDed (``'职工' & '工素' & '素质' & '质工' & '工程'``).

        The GIN index answers this exactly, without reading a single document;
        positions (the phrase) are checked afterwards on the few rows kept.
        """
        clauses = []
        for forms in self.groups:
            ands = ["(" + " & ".join(self.lexeme(t) for t in form.every) + ")" for form in forms]
            clauses.append(ands[0] if len(ands) == 1 else "(" + " | ".join(ands) + ")")
        return " & ".join(clauses)

    def confirms(self, text: str) -> bool:
        """Does every group stand in ``text`` (an article's searchable fields, joined by
        line breaks) in one of its forms, the characters of a phrase in order? What
        the index's lexemes (``prefilter``) cannot tell, confirmed on a candidate."""
        text = _Text(text)
        return all(any(form.found_in(text) for form in forms) for forms in self.groups)

    def title_matches(self, title: str) -> int:
        """How many groups stand in ``title`` (a title and subtitle): for ranking."""
        text = _Text(title)
        return sum(any(form.found_in(text) for form in forms) for forms in self.groups)

    def code_groups(self) -> list[list[list[int]]]:
        """What PostgreSQL's index can tell of the query: for each group it can narrow,
        the lexeme codes (``lexeme_code``) of each of its forms, a candidate holding
        every code of one form. A group with a form of a lone character (a prefix,
        which has no code) is left to the text."""
        groups = []
        for forms in self.groups:
            codes = [{lexeme_code(t.lexeme) for t in form.every if not t.prefix} for form in forms]
            if all(codes):
                groups.append([sorted(c) for c in codes])
        return groups

    def fts5_match(self, columns: tuple[str, ...] = ()) -> str:
        """The FTS5 query (SQLite): each group any of its forms, each form a phrase of
        consecutive tokens, all groups required; within ``columns`` if given."""
        clauses = [
            "(" + " OR ".join(form.fts5_phrase() for form in forms) + ")" for forms in self.groups
        ]
        match = " AND ".join(clauses)
        return "{" + " ".join(columns) + "} : (" + match + ")" if columns else match

    def _phrase(self, tokens: list[Token]) -> str:
        parts = [self.lexeme(tokens[0])]
        for before, token in itertools.pairwise(tokens):
            parts.append(f"<{token.position - before.position}>")
            parts.append(self.lexeme(token))
        return " ".join(parts)

    @staticmethod
    def lexeme(token: Token) -> str:
        """One lexeme of a tsquery: the token quoted, a prefix marked."""
        return _lexeme_literal(token.lexeme) + (":*" if token.prefix else "")


def _every_token(group: str) -> list[Token]:
    """All the bigrams and words of a group; a lone CJK character as a prefix."""
    tokens, _ = tokenize(group)
    every = []
    for index, token in enumerate(tokens):
        if len(token.lexeme) == 1 and _is_cjk(token.lexeme):
            previous = tokens[index - 1] if index else None
            ends_a_run = (
                previous is not None
                and len(previous.lexeme) == 2
                and _is_cjk(previous.lexeme[0])
                and previous.position == token.position - 1
            )
            if not ends_a_run:
                every.append(Token(token.lexeme, token.position, prefix=True))
            continue
        every.append(token)
    return list({t.lexeme: t for t in every}.values())


def _stream_tokens(group: str) -> tuple[list[str], bool]:
    """A group's lexemes as ``token_stream`` writes them in a document, and whether
    the last is a prefix: a run's last character is left out at the end of the
    group (职工素 is found in 职工素质, which has no lone 素), and a lone character
    there is any token it begins (温 is in 温祥华's 温祥)."""
    tokens, _ = tokenize(group)
    stream: list[str] = []
    following = None
    for index, token in enumerate(tokens):
        if following is not None and token.position > following:
            stream.append(GAP)
        if index == len(tokens) - 1 and len(token.lexeme) == 1 and _is_cjk(token.lexeme):
            previous = tokens[index - 1] if index else None
            if (
                previous is not None
                and len(previous.lexeme) == 2
                and _is_cjk(previous.lexeme[0])
                and previous.position == token.position - 1
            ):
                break
            stream.append(token.lexeme)
            return stream, True
        stream.append(token.lexeme)
        following = token.position + 1
    return stream, False


def _phrase_tokens(group: str) -> list[Token]:
    """The fewest lexemes that pin down a group: non-overlapping bigrams of each
    CJK run (the last one overlapping for an odd length), a lone character as a
    prefix, and whole words."""
    tokens, _ = tokenize(group)
    chosen: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if len(token.lexeme) == 1 and _is_cjk(token.lexeme):
            # The end of a CJK run; reached directly only for a one-character run.
            chosen.append(Token(token.lexeme, token.position, prefix=True))
            index += 1
            continue
        if not _is_cjk(token.lexeme[0]):
            chosen.append(token)
            index += 1
            continue
        # A CJK run: its bigrams are tokens[index : index + length - 1], then its last char.
        end = index
        while end < len(tokens) and len(tokens[end].lexeme) == 2 and _is_cjk(tokens[end].lexeme):
            end += 1
        bigrams = tokens[index:end]
        picked = bigrams[::2]
        if len(bigrams) % 2 == 0:
            picked.append(bigrams[-1])
        chosen.extend(picked)
        index = end + 1  # skip the run's final single character
    return chosen


# --- Highlighting ---------------------------------------------------------------


def _term_pattern(terms: list[str]) -> re.Pattern | None:
    if not terms:
        return None
    gap = f"[{_SPACE}]*"
    alternatives = [
        gap.join(re.escape(ch) for ch in term) for term in sorted(terms, key=len, reverse=True)
    ]
    return re.compile("|".join(alternatives))


def _matches(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Spans of ``text`` (original indices) that match a term, in order, not overlapping."""
    pattern = _term_pattern(terms)
    if pattern is None or not text:
        return []
    if all(map(plain_ideographs.fullmatch, terms)):
        # Ideographs are the same in the text as written and in NFKC (as ``found_in``).
        return [match.span() for match in pattern.finditer(text) if match.end() > match.start()]
    normal, origin = _normalized(text)
    spans = []
    for match in pattern.finditer(normal):
        if match.end() > match.start():
            spans.append((origin[match.start()], origin[match.end() - 1] + 1))
    return spans


def _marked(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    """``text[start:end]`` escaped, with the spans inside it wrapped in <mark>."""
    out = []
    cursor = start
    for span_start, span_end in spans:
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_start >= span_end or span_start < cursor:
            continue
        out.append(escape(text[cursor:span_start]))
        out.append("<mark>" + escape(text[span_start:span_end]) + "</mark>")
        cursor = span_end
    out.append(escape(text[cursor:end]))
    return "".join(out)


def highlight(text: str, terms: list[str]) -> SafeString:
    """``text`` escaped, with every match of ``terms`` in <mark>."""
    # _marked escapes every piece of the text it returns.
    return mark_safe(_marked(text, _matches(text, terms), 0, len(text)))


def snippet(text: str, terms: list[str], length: int = SNIPPET_LENGTH) -> SafeString:
    """About ``length`` characters of ``text`` around its first match, highlighted."""
    text = " ".join(text.split())
    spans = _matches(text, terms)
    start = 0
    if spans and spans[0][0] > length // 3:
        start = spans[0][0] - length // 3
    end = min(len(text), start + length)
    start = max(0, min(start, end - length))
    html = _marked(text, spans, start, end)
    if start > 0:
        html = "…" + html
    if end < len(text):
        html += "…"
    return mark_safe(html)
