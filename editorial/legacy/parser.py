"""Read one legacy plain-text issue: bytes in, a ``ParsedIssue`` out.

Plain Python with no Django import, so that it can be tested and reused
(management command, admin upload, benchmark) without a database. Everything the
parser had to guess is reported in ``ParsedIssue.warnings``; nothing of the
content is dropped: text it cannot place becomes a paragraph, with a warning.
See docs/legacy-import.md and shared/docs/legacy-format.md for the format.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import asdict, dataclass, field

from editorial.legacy.filenames import metadata_from_filename
from editorial.naming import SURNAMES, is_organization, split_attribution

# The largest text file, for the command and the admin upload alike: a text issue
# is some tens of KB; this is a hundred times more.
MAX_BYTES = 5 * 1024 * 1024

# What begins a brief: offices used many marks for the ● of the format.
BULLETS = "●○◆◇■□▲△★☆•▪▶►◎"
# Words that begin a news paragraph (本报讯: "our own report"; 又讯: "another report").
LEADS = ("本报讯", "本站讯", "本刊讯", "本网讯", "又讯", "日前，", "日前,")
# An attribution that stands alone on a line, without parentheses: 本报记者 宫某某, 图/文 李某.
_BARE_ATTRIBUTION = re.compile(
    r"^(?:本报记者|本刊记者|特约记者|记者|通讯员|摄影|图[/／]文|文[/／]图|图片|撰稿|执笔)"
    r"(?:\s*[/／:：]\s*|\s+)?[\u4e00-\u9fff·]{2,4}(?:\s+[\u4e00-\u9fff·]{2,4}){0,4}$"
)
# A picture's credit: the role and who (图/文 某工会, 摄影：张三) or who and the role
# (张三 摄, 某县总工会 供图, 张三/摄); ASCII or full-width marks alike.
_PARTY = r"[\u4e00-\u9fff·A-Za-z]{2,15}(?:\s+[\u4e00-\u9fff·]{2,4}){0,3}"
_PICTURE_ROLE = r"(?:图\s*[、/／]\s*文|文\s*[、/／]\s*图|摄影|图片|图)"
_PICTURE_CREDIT = re.compile(
    rf"^(?:(?P<role>{_PICTURE_ROLE})\s*[/／:：]\s*(?P<after>{_PARTY})"
    rf"|(?P<role2>图\s*[、/／]\s*文|文\s*[、/／]\s*图|摄影)\s+(?P<after2>{_PARTY})"
    rf"|(?P<before>{_PARTY}?)\s*[/／]?\s*(?P<role3>摄影|摄|供图))$"
)
# The same credit at the end of a line of text, after the last sentence, spaces or a /.
_TRAILING_PICTURE_CREDIT = re.compile(
    rf"(?:[。！？!?…”’）).]|\s|[/／])\s*[/／]?\s*(?P<credit>"
    rf"{_PICTURE_ROLE}\s*[/／:：]\s*{_PARTY}"
    rf"|(?:图\s*[、/／]\s*文|文\s*[、/／]\s*图|摄影)\s+{_PARTY}"
    rf"|{_PARTY}\s*[/／]?\s*(?:摄影|摄|供图))$"
)
# How far from a line's end a credit may begin (a role, a unit or four names, a mark).
_CREDIT_REACH = 48
# A writer's name glued to the last sentence, without brackets: …温暖。汪某
_GLUED_NAME = re.compile(r"(?:[。！？!?”]|(?<=[\u4e00-\u9fff])\.)(?P<name>[\u4e00-\u9fff]{2,3})$")
# 本报讯（记者 陈某）: the opener of a news item, with the people who wrote it.
_OPENER = re.compile(
    r"^(?P<opener>(?:本报|本站|本刊|本网)讯\s*[（(](?P<credit>[^（）()]{2,40})[）)])\s*(?P<rest>.*)$"
)
# A digest's item begins with its date: 2月3日，某市总工会… (or 2026年2月3日, 2月3日至5日).
_DATE_LED = re.compile(
    r"^(?:(?:19|20)\d{2}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"(?:\s*[-－—–~～至到]\s*(?:\d{1,2}\s*月\s*)?\d{1,2}\s*日)?"
    r"(?:上午|下午|晚上?|起)?\s*[，,、:：\s]"
)
# What says that an attribution without a unit or a name still credits the text.
_CREDITED = re.compile(r"(来稿|供稿|综合|整理|编辑部|通讯员|记者|本刊|摄影|图)")
# A picture's caption, on the line after it: 图为…, （图：…）, 上图…, 照片…
_CAPTION = re.compile(r"^[（(]?\s*(?:图\s*[为：:\d一二三]|图片|上图|下图|左图|右图|照片|摄影)")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# A file without any 【栏目】, ● or 本期印发 is still an issue if it holds a paragraph of
# Chinese prose at least this long (in Chinese characters).
_PROSE_MINIMUM = 30
FOOTER = re.compile(r"^本期(?:印发|发送|分送)\s*[:：]?\s*")
TOC_HEADING = re.compile(r"^(?:本期要目|本期目录|目录|要目)\s*[:：]?$")
SECTION_HEADER = re.compile(r"^【(?P<name>[^【】]{1,30})】(?P<rest>.*)$")

# Characters that end a sentence: a line ending in one is body text, never a headline.
SENTENCE_END = "。！？!?…；;"
# What may close a body paragraph after its last sentence (quotes, brackets).
CLOSERS = "”’」』）)》"
# A first headline line ending in one of these cannot end there: the title goes on.
_CANNOT_END = (*"以的和与及或、，,：:“‘「『（(《—-", "对于", "关于", "围绕", "通过")
# A preposition or conjunction at the end of a line: the title goes on (…工会将 / 在…),
# unless it ends a word (存在, 作为).
_FUNCTION_END = tuple("在对把将向从为被让使并暨")
_TITLE_REMNANT = 4  # characters
_WORD_END = ("存在", "现在", "所在", "实在", "作为", "成为", "认为", "行为", "有为", "无为")
_CANNOT_START = tuple("”’」』）)》、，,。；;：:的")
_PAIRS = (
    ("“", "”"),
    ("‘", "’"),
    ("（", "）"),
    ("(", ")"),
    ("《", "》"),
    ("「", "」"),
    ("『", "』"),
)
_ENUMERATED = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．]|第[一二三四五六七八九十\d]+[、，,])"
)
_BYLINE_PREFIX = re.compile(r"^(?:文|作者|记者|通讯员|撰稿|供稿)\s*[/／:：\s]")
_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,4}$")
_CLAUSE_SPLIT = re.compile(r"[，。；！？：,;!?:]")
_TIME_PHRASE = re.compile(
    r"^(?:日前|近日|近期|目前|最近|当前|今年|去年|年初|年底|年内|上午|下午|"
    r"(?:\d{1,2}月)?(?:\d{1,2}日)?(?:上旬|中旬|下旬|初|底)?(?:上午|下午|晚上?)?)$"
)
# Written without look-behinds, which make these scans several times slower.
_YEAR_MENTION = re.compile(r"((?:19|20)\d{2})年(?!以来|以前|前)")
# A range (9月20-21日) is dated by its last day.
_DAY_MENTION = re.compile(r"(?P<m>\d{1,2})月(?:\d{1,2}\s*[-－—–~～至到]\s*)?(?P<d>\d{1,2})日")
_YEAR_BEFORE_DAY = re.compile(r"((?:19|20)\d{2})年$")
_MASTHEAD_NUMBER = re.compile(r"(?<!总)第\s*(\d{1,3})\s*期")
_ZERO_WIDTH = re.compile("[\ufeff\u200b\u200c\u200d\u2060]")
# Control characters that are not whitespace (a few are tolerated in text, many mean binary).
_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
_BINARY_SIGNATURES = (
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"%PDF",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"\xd0\xcf\x11\xe0",  # OLE2: a .doc saved under a .txt name
    b"{\\rtf",
)
_MAX_TITLE = 120
# An untitled item of one paragraph up to this long is a brief (简讯), not an article.
_SHORT_ITEM = 200
_SPACES = re.compile(r"\s+")


class LegacyFormatError(ValueError):
    """The file cannot be read as a legacy issue; the message is a one-line reason."""


class Note(str):
    """A warning as logged (English, its gist in Chinese in brackets), with a code and
    parameters by which the Django layer says it in the reader's language
    (``editorial.legacy.messages``): this module cannot use gettext."""

    def __new__(cls, code: str, text: str, params: dict | None = None):
        note = super().__new__(cls, text)
        note.code = code
        note.params = dict(params or {})
        return note

    def __reduce__(self):  # worker processes send results back pickled
        return (Note, (self.code, str(self), self.params))


@dataclass
class ParsedImage:
    """A picture of a Word file, kept with its article."""

    data: bytes = field(repr=False)
    content_type: str
    name: str
    caption: str = ""

    def to_dict(self) -> dict:
        return {"name": self.name, "content_type": self.content_type, "caption": self.caption}


@dataclass
class ParsedArticle:
    kind: str  # "article" or "brief"
    title: str
    subtitle: str = ""
    byline: str = ""
    paragraphs: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    source_text: str = ""
    credit: str = ""
    # Each source as written (市总宣教部 for 市总工会宣教部): the aliases to resolve it by.
    written: list[str] = field(default_factory=list)
    images: list[ParsedImage] = field(default_factory=list)


# Why a line of the file is not imported.
NOT_IMPORTED = {
    "toc": "table of contents copied from the cover page (本期要目，不是正文)",
    "rule": "a rule drawn with characters, layout only (分隔线)",
    "unplaced": "the parser could not place it (无法归类)",
}


@dataclass(frozen=True)
class NotImported:
    text: str  # the line as written
    reason: str  # a key of NOT_IMPORTED


@dataclass
class ParsedSection:
    name: str
    articles: list[ParsedArticle] = field(default_factory=list)


@dataclass
class ParsedIssue:
    title: str | None
    year: int | None
    number: int | None
    date: datetime.date | None
    sections: list[ParsedSection]
    distribution: list[str]
    warnings: list[str]
    encoding: str
    year_inferred: bool = False
    date_inferred: bool = False
    # The table-of-contents fragment after the footer, line by line as written: not content.
    toc: list[str] = field(default_factory=list)
    # Printed on the cover page (报头) and in the 版记 block.
    cumulative_number: int | None = None  # 总第M期
    supplement: bool = False  # 增刊
    publisher: str = ""  # 编印单位
    signer: str = ""  # 签发人
    print_run: int | None = None  # 共印N份
    internal: bool = False  # 内部资料: for the office's readers only
    # The lines of the 报头 and the 版记 read into the fields above, as written.
    masthead: list[str] = field(default_factory=list)
    # Every input line that is in no field, article, masthead or distribution list,
    # with the reason (``NOT_IMPORTED``): nothing leaves the file without a word.
    not_imported: list[NotImported] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The issue in the JSON shape of ``import_legacy --dry-run --json``."""
        return {
            "title": self.title,
            "year": self.year,
            "number": self.number,
            "date": self.date.isoformat() if self.date else None,
            "cumulative_number": self.cumulative_number,
            "supplement": self.supplement,
            "publisher": self.publisher,
            "signer": self.signer,
            "print_run": self.print_run,
            "internal": self.internal,
            "sections": [
                {"name": section.name, "articles": [_article_dict(a) for a in section.articles]}
                for section in self.sections
            ],
            "distribution": list(self.distribution),
            "not_imported": [{"text": n.text, "reason": n.reason} for n in self.not_imported],
        }

    @property
    def articles(self) -> list[ParsedArticle]:
        return [article for section in self.sections for article in section.articles]


def _article_dict(article: ParsedArticle) -> dict:
    data = asdict(article)
    del data["written"]
    data["images"] = [image.to_dict() for image in article.images]
    return data


def parse(
    data: bytes,
    *,
    filename: str | None = None,
    known_organizations: frozenset[str] = frozenset(),
) -> ParsedIssue:
    """Parse one legacy file. Raises ``LegacyFormatError`` for what is not an issue.

    ``known_organizations``: the names and aliases of the organizations the office
    already has, which count as organizations in an attribution whatever they end with.
    """
    text, encoding = decode(data)
    return parse_text(text, encoding=encoding, filename=filename, known=known_organizations)


def parse_text(
    text: str,
    *,
    encoding: str,
    filename: str | None = None,
    known: frozenset[str] = frozenset(),
) -> ParsedIssue:
    """Parse an issue's text already decoded."""
    return _IssueParser(_lines(text), encoding, filename, known).parse()


def parse_lines(
    lines: list[Line],
    *,
    encoding: str,
    filename: str | None = None,
    known: frozenset[str] = frozenset(),
    notes: list[str] | None = None,
) -> ParsedIssue:
    """Parse an issue read as lines with formatting (a Word file): its cover page (报头)
    is read for the issue's metadata, not kept as content. ``notes``: warnings of the
    reading itself (tables kept as text)."""
    parser = _IssueParser(
        [line for line in lines if line.text or line.images], encoding, filename, known, cover=True
    )
    parser.warnings.extend(notes or ())
    return parser.parse()


# --- Decoding -------------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """Bytes to text, trying BOM, then strict UTF-8, then strict GB18030.

    The chain is deterministic on purpose. The archive holds three encodings and
    no others; a BOM is unambiguous; Chinese text in GB18030 is practically never
    valid UTF-8; and GB18030 is a superset of GBK and GB2312. A statistical
    detector such as charset-normalizer adds nothing for that closed set but the
    risk of a plausible wrong guess (Big5, Shift-JIS, cp1252) on short files, and
    a result that could change with its version.
    """
    if len(data) > MAX_BYTES:
        raise LegacyFormatError(
            f"file too large: {len(data):,} bytes, the limit is {MAX_BYTES:,} (文件过大)"
        )
    if not data.strip():
        raise LegacyFormatError("empty file (空文件)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding = _strict(data, "utf-16"), "utf-16"
    elif data.startswith(b"\xef\xbb\xbf"):
        text, encoding = _strict(data, "utf-8-sig"), "utf-8-sig"
    else:
        if data.startswith(_BINARY_SIGNATURES) or b"\x00" in data:
            raise LegacyFormatError("binary data, not a text file (二进制文件，不是文本)")
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _strict(data, "gb18030"), "gb18030"
    text = text.rstrip("\x1a")  # DOS end-of-file marker
    controls = len(_CONTROL.findall(text))
    if "\x00" in text or controls > max(2, len(text) // 100):
        raise LegacyFormatError("binary data, not a text file (二进制文件，不是文本)")
    if not _ZERO_WIDTH.sub("", text).strip():
        raise LegacyFormatError("empty file (空文件)")
    return text, encoding


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise LegacyFormatError(
            f"undecodable bytes at offset {error.start}: "
            "not UTF-8, GB18030 or UTF-16 with BOM (无法识别的编码)"
        ) from None


# --- Lines ----------------------------------------------------------------------------------


@dataclass
class Line:
    """One line of an issue as the parser reads it: a text file's line, or a Word
    paragraph with what its formatting says."""

    text: str  # stripped, inner whitespace as written
    blank_before: bool = False
    headline: bool = False  # bold or centred and short: a headline candidate
    masthead: bool = False  # large and red at the top: the bulletin's name
    table: bool = False  # a table's row, kept as text
    images: list[ParsedImage] = field(default_factory=list)  # pictures in this paragraph


_Line = Line


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    blank = False
    for raw in _ZERO_WIDTH.sub(" ", text).splitlines():
        stripped = raw.strip()
        if stripped:
            lines.append(_Line(stripped, blank))
            blank = False
        else:
            blank = True
    return lines


def _is_wide(char: str) -> bool:
    return ord(char) >= 0x2E80 or "\u2010" <= char <= "\u206f"


def prose(text: str) -> str:
    """Running text, a headline or a byline as written: each run of spaces becomes one
    space, never none. A space beside full-width punctuation (``日前 ，``) is kept, since
    only the writer knows whether it was layout; between two words (``炳坤 忠斌``) it
    separates them."""
    return _SPACES.sub(" ", text.strip())


def _section_name(text: str) -> str:
    """A 【栏目】 name: headers are letter-spaced for show (【工 作 动 态】), so spaces next
    to a Chinese character are layout; between two Latin words one stays."""
    parts = _SPACES.split(text.strip())
    out = parts[0]
    for part in parts[1:]:
        out += part if _is_wide(out[-1]) or _is_wide(part[0]) else " " + part
    return out


def _is_body(text: str) -> bool:
    """Long running prose, or a line ending a sentence; headlines are neither."""
    core = _SPACES.sub("", text)
    if (
        core.endswith(("？", "！", "?", "!"))
        and len(core) <= 30
        and not re.search("[，。；]", core)
    ):
        return False  # a headline that asks or exclaims: 工会如何服务职工？
    if core.endswith(tuple(SENTENCE_END)):
        return True
    if _full_stop(core):
        return True
    if "。" in core[:-1] or len(core) > 50:
        return True
    return core.endswith(tuple(CLOSERS)) and ("，" in core or "," in core) and len(core) > 30


def _full_stop(text: str) -> bool:
    """An ASCII full stop after Chinese, as text copied from a web page has."""
    return text.endswith(".") and len(text) > 1 and _CJK.match(text[-2]) is not None


def _split_attribution_off(
    text: str, known: frozenset[str] = frozenset()
) -> tuple[str, str | None]:
    """``(body, attribution)`` when a line ends with a source such as ``（市总宣教部）``
    or with the people who wrote it (``（记者 王某某）``)."""
    if _BARE_ATTRIBUTION.match(text) or _PICTURE_CREDIT.match(text):
        return "", text
    if not text.endswith(("）", ")")):
        return _split_credit_off(text, known)
    start = max(text.rfind("（"), text.rfind("("))
    if start < 0:
        return text, None
    inner = text[start + 1 : -1].strip()
    if not inner or len(inner) > 60 or re.search(r"[（(）)。！？!?：:]", inner):
        return text, None
    body = text[:start]
    gap = body != body.rstrip()
    body = body.rstrip()
    if (
        body
        and not gap
        and not body.endswith(tuple(SENTENCE_END + CLOSERS))
        and not _full_stop(body)
    ):
        return text, None
    attribution = split_attribution(inner, known)
    if (
        not attribution.sources
        and not attribution.byline
        and not _CREDITED.search(attribution.credit)
    ):
        return text, None
    return body, inner


def _split_credit_off(text: str, known: frozenset[str]) -> tuple[str, str | None]:
    """``(body, credit)`` for a line of text ending in a picture's credit
    (``…留影。张三 摄``) or in a writer's name glued to its last sentence
    (``…温暖。汪某``); ``(text, None)`` otherwise."""
    # Only a line's end is searched: the searches run on every line of a file.
    at = max(0, len(text) - _CREDIT_REACH)
    tail = text[at:]
    if ("摄" in tail or "图" in tail) and (match := _TRAILING_PICTURE_CREDIT.search(tail)):
        body = text[: at + match.start("credit")].rstrip(" \u3000/／")
        if body and _CJK.search(body):
            return body, match["credit"]
    if len(text) >= 30 and (match := _GLUED_NAME.search(text, len(text) - 6)):
        name = match["name"]
        attribution = split_attribution(name, known)
        if name[0] in SURNAMES and attribution.byline == name:
            return text[: match.start("name")], name
    return text, None


def _picture_credit(text: str, known: frozenset[str] = frozenset()) -> tuple[list[str], str] | None:
    """``(organizations, credit)`` of a picture's credit (``某县总工会 供图``:
    the union, and 供图), or None if ``text`` is none. A person who took the
    picture is the credit, as written."""
    match = _PICTURE_CREDIT.match(text.strip())
    if not match:
        return None
    party = match["after"] or match["after2"] or match["before"] or ""
    if party and (party in known or is_organization(party)):
        role = match["role"] or match["role2"] or match["role3"]
        return [party], prose(role)
    return [], prose(text)


def _is_attribution(text: str, known: frozenset[str]) -> bool:
    """A line that is an attribution and nothing else."""
    body, attribution = _split_attribution_off(text, known)
    return attribution is not None and not body


def _balanced(text: str) -> bool:
    return all(text.count(open_) <= text.count(close) for open_, close in _PAIRS)


def _cannot_end(first: str, second: str) -> bool:
    return (
        first.endswith(_CANNOT_END)
        or (first.endswith(_FUNCTION_END) and not first.endswith(_WORD_END))
        or not _balanced(first)
        or second.startswith(_CANNOT_START)
        # A few characters left over are the end of a long title, not a subtitle.
        or (len(second) <= _TITLE_REMNANT < len(first) and not second.startswith(("—", "-")))
    )


def _is_byline(text: str) -> bool:
    if _BYLINE_PREFIX.match(text):
        return len(text) <= 40
    parts = text.split()
    return (
        len(parts) >= 2
        and len(text) <= 40
        and bool(_NAME.match(parts[-1]))
        and not any(char in text for char in SENTENCE_END + "，,")
    )


def first_clause(text: str) -> str:
    """A brief's title when the table of contents has none: its first clause."""
    clauses = [clause.strip() for clause in _CLAUSE_SPLIT.split(text) if clause.strip()]
    if not clauses:
        return text[:_MAX_TITLE]
    title = clauses[0]
    if _TIME_PHRASE.match(title) and len(clauses) > 1:
        title = clauses[1]
    return title[:_MAX_TITLE]


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"[\s●【】（）()“”、，。：；]", "", text)
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _coverage(short: str, long: str) -> float:
    """How much of a table-of-contents headline is found in an article's text."""
    wanted = _bigrams(short)
    if not wanted:
        return 0.0
    return len(wanted & _bigrams(long)) / len(wanted)


# --- The distribution list ------------------------------------------------------------------

_RECIPIENT_HEADS = (
    "工会",
    "领导",
    "部门",
    "单位",
    "同志",
    "书记",
    "主席",
    "组织",
    "机关",
    "企业",
    "媒体",
    "人员",
    "代表",
    "中心",
    "公司",
    "集团",
    *"会部局厅室处科委府院校所站队社台报刊办团司厂大协",
)


def split_recipients(text: str) -> list[str]:
    """Split a 本期印发 list on 、 without breaking a recipient that enumerates.

    ``各市（县）、区、局（公司）工会`` is one recipient: a fragment that is not a
    recipient on its own (``各市（县）``, ``区``: too short or without a head noun
    such as 工会/部门/领导) is joined to the fragments after it until one is.
    """
    fragments = _split_depth_zero(text.strip().rstrip("。；;，,、"), "、，,；;")
    recipients: list[str] = []
    pending: list[str] = []
    for fragment in fragments:
        pending.append(fragment)
        if _is_recipient(fragment):
            recipients.append("、".join(pending))
            pending = []
    if pending:
        if recipients and all(len(_core(f)) <= 2 for f in pending):
            recipients[-1] = "、".join([recipients[-1], *pending])
        else:
            recipients.append("、".join(pending))
    return recipients


def _core(fragment: str) -> str:
    return re.sub(r"[（(][^（）()]*[）)]", "", fragment)


def _is_recipient(fragment: str) -> bool:
    core = _core(fragment)
    if len(core) >= 4:
        return True
    return len(core) >= 2 and core.endswith(_RECIPIENT_HEADS) and core not in _RECIPIENT_HEADS


def _split_depth_zero(text: str, separators: str) -> list[str]:
    parts: list[str] = []
    depth = 0
    start = 0
    for index, char in enumerate(text):
        if char in "（(《“【":
            depth += 1
        elif char in "）)》”】" and depth:
            depth -= 1
        elif char in separators and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return [prose(part) for part in parts if part.strip()]


# --- The parser -----------------------------------------------------------------------------


@dataclass
class _Draft:
    """An article while its lines are being read."""

    kind: str
    heads: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    source_text: str | None = None
    untitled: bool = False
    images: list[ParsedImage] = field(default_factory=list)
    glued: bool = False  # its attribution is a name glued to the last sentence
    byline: str = ""  # a line of writers under its headline


def _unmark(text: str) -> str:
    """A line without the brief marks (and spaces) it starts with."""
    return text.lstrip(BULLETS + " \u3000\u00a0\t")


def _has_prose(lines: list[_Line]) -> bool:
    for line in lines:
        text = _split_credit_off(line.text, frozenset())[0]
        if _is_body(text) and len(_CJK.findall(text)) >= _PROSE_MINIMUM:
            return True
    return False


class _IssueParser:
    def __init__(
        self,
        lines: list[Line],
        encoding: str,
        filename: str | None,
        known: frozenset[str] = frozenset(),
        *,
        cover: bool = False,
    ):
        self.known = known
        self.lines = lines
        self.cover = cover
        self.cover_page: dict = {}
        self.cover_images: list[ParsedImage] = []  # the masthead's emblem: no article's
        self.encoding = encoding
        self.filename = filename
        self.warnings: list[str] = []
        self.toc: list[tuple[str | None, str]] = []
        self.toc_lines: list[str] = []
        self.masthead_lines: list[str] = []  # of the 报头 and the 版记, read into fields
        self.rules: list[str] = []  # lines drawn with ─ or ━: layout

    def _warn(self, code: str, logged: str, /, **params) -> None:
        self.warnings.append(Note(code, logged, params))

    def parse(self) -> ParsedIssue:
        if not self.lines:
            raise LegacyFormatError("empty file (空文件)")
        every_line = self.lines
        imprint, self.lines = _read_imprint(self.lines, self.masthead_lines)
        if self.cover:
            self.cover_page, self.lines = self._read_cover(self.lines)
        else:
            self.cover_page, self.lines = self._read_typed_masthead(self.lines)
        self.cover_page = {**imprint, **self.cover_page}
        if not self.lines:
            raise LegacyFormatError("a cover page only, no content (只有报头，没有内容)")
        footer_at = self._footer_index()
        body = self.lines if footer_at is None else self.lines[:footer_at]
        has_header = any(SECTION_HEADER.match(line.text) for line in body)
        has_bullet = any(line.text.startswith(tuple(BULLETS)) for line in body)
        if not (has_header or has_bullet or footer_at is not None or _has_prose(body)):
            raise LegacyFormatError(
                "no recognizable structure: no 【section】 header, no ● item, no 本期印发 line "
                "and no paragraph of Chinese prose (无法识别的结构)"
            )
        unplaced: list[str] = []
        distribution: list[str] = []
        if footer_at is not None:
            distribution, unplaced = self._read_footer(footer_at)
        for name in self.cover_page.get("also_to", ()):
            if name not in distribution:
                distribution.append(name)
        sections = self._read_sections(body)
        if unplaced:
            self._place(sections, unplaced)
        self._title_briefs(sections)
        issue = ParsedIssue(
            title=None,
            year=None,
            number=None,
            date=None,
            sections=sections,
            distribution=distribution,
            warnings=self.warnings,
            encoding=self.encoding,
            toc=self.toc_lines,
        )
        if not distribution:
            self._warn("no_distribution", "no 本期印发 distribution list found (未找到本期印发)")
        self._read_metadata(issue, body)
        self._keep_stray_pictures(issue, every_line)
        issue.masthead = self.masthead_lines
        issue.not_imported = [NotImported(text, "toc") for text in self.toc_lines]
        issue.not_imported += [NotImported(text, "rule") for text in self.rules]
        self._account(issue, every_line)
        return issue

    def _account(self, issue: ParsedIssue, lines: list[Line]) -> None:
        """Every line of the file must be found in the result; one that is not is
        listed as not imported, with a warning. The rules above place every line;
        this check makes a rule that forgets one say so rather than drop it."""
        haystack = _result_text(issue)
        unplaced = []
        at = 0  # the result is in the file's order: each line is looked for from the last
        for line in lines:
            found = _find(line.text, haystack, at) if line.text else at
            if found < 0:
                unplaced.append(line.text)
            else:
                at = found
        if unplaced:
            issue.not_imported += [NotImported(text, "unplaced") for text in unplaced]
            self._warn(
                "unplaced_lines",
                f"{len(unplaced)} line(s) could not be placed and are not imported: "
                f"{unplaced[0]} (无法归类的行未导入)",
                count=len(unplaced),
                text=unplaced[0],
            )

    def _read_typed_masthead(self, lines: list[Line]) -> tuple[dict, list[Line]]:
        """A 报头 typed at the top of a text file: read as a Word file's cover page
        is, when it says something only a masthead says (第N期, 总第M期, 增刊, 签发人,
        内部资料, or a publisher with a date); otherwise those lines stay content."""
        saved = (list(self.masthead_lines), list(self.rules), list(self.toc), list(self.toc_lines))
        cover, rest = self._read_cover(lines)
        if not (_MASTHEAD_ONLY & cover.keys() or {"publisher", "date"} <= cover.keys()):
            self.masthead_lines, self.rules, self.toc, self.toc_lines = saved
            return {}, lines
        read = [
            f"{_MASTHEAD_LABELS[key]} {_masthead_value(key, cover[key])}"
            for key in _MASTHEAD_LABELS
            if key in cover
        ]
        self._warn(
            "masthead_read",
            f"read from the masthead (报头): {'; '.join(read)}",
            **{key: _masthead_value(key, cover[key]) for key in _MASTHEAD_LABELS if key in cover},
        )
        return cover, rest

    def _keep_stray_pictures(self, issue: ParsedIssue, lines: list[Line]) -> None:
        """Pictures on the cover, on a header line or after the footer: nothing is
        dropped, so they go with the last article, with a warning."""
        kept = {id(image) for article in issue.articles for image in article.images}
        kept |= {id(image) for image in self.cover_images}
        stray = [image for line in lines for image in line.images if id(image) not in kept]
        if not stray:
            return
        if not issue.articles:
            if not issue.sections:
                issue.sections.append(ParsedSection(name=""))
            issue.sections[-1].articles.append(ParsedArticle(kind="article", title=""))
        issue.articles[-1].images.extend(stray)
        self._warn(
            "stray_pictures",
            f"{len(stray)} picture(s) outside any article (cover page, headers or footer) kept "
            "with the last article (文章之外的图片归入最后一篇)",
            count=len(stray),
        )

    # The cover page (报头) and the 版记 block

    def _read_cover(self, lines: list[Line]) -> tuple[dict, list[Line]]:
        """The cover page's fields, and the lines that are not the cover. The cover
        is the top of the file, before the first 【栏目】, the first paragraph of
        prose, picture or table; lines there that say nothing a cover says stay
        content. A 本期要目 printed on the cover is the table of contents."""
        cover: dict = {}
        kept: list[Line] = []
        logos: list[ParsedImage] = []
        top = lines[:20]
        stop = len(top)  # where the cover ends
        for index, line in enumerate(top):
            text = line.text
            if line.images and not text and not cover:
                logos.extend(line.images)  # the emblem printed beside the masthead
                continue
            if (
                SECTION_HEADER.match(text)
                or TOC_HEADING.match(text)
                or line.images
                or line.table
                or _is_body(text)
                # Typed, a 报头 is its lines alone: a header or a mark begins the content.
                or (not self.cover and ("【" in text or text.startswith(tuple(BULLETS))))
            ):
                stop = index
                break
            if _RULE.match(text):
                self.rules.append(text)
                continue
            first = not kept and cover.keys() <= {"internal"}  # 内部资料 may come first
            fields = _cover_fields(text, first=first, masthead=line.masthead)
            if fields is None:
                kept.append(line)
                continue
            self.masthead_lines.append(text)
            for key, value in fields.items():
                cover.setdefault(key, value)
        if not cover:
            return {}, lines
        if logos:
            self.cover_images = logos
            self._warn(
                "cover_pictures",
                f"{len(logos)} picture(s) of the cover page (报头) not imported: they belong "
                "to no article (报头图片未导入)",
                count=len(logos),
            )
        rest = lines[stop:]
        if rest and TOC_HEADING.match(rest[0].text):
            rest = self._read_cover_toc(rest)
        return cover, kept + rest

    def _read_cover_toc(self, lines: list[Line]) -> list[Line]:
        """The 本期要目 of a cover page: its heading, its ● headlines and the 【栏目】
        headers that group them (a header followed by a headline, not by an
        article). Returns the lines after it."""
        self.toc_lines.append(lines[0].text)
        group: str | None = None
        index = 1
        while index < len(lines):
            text = lines[index].text
            header = SECTION_HEADER.match(text)
            following = lines[index + 1].text if index + 1 < len(lines) else ""
            if header and not header["rest"].strip() and _is_marked_toc_entry(following):
                group = _section_name(header["name"])
            elif _is_marked_toc_entry(text):
                self.toc.append((group, prose(_unmark(text))))
            else:
                break
            self.toc_lines.append(text)
            index += 1
        return lines[index:]

    def _apply_cover(self, issue: ParsedIssue) -> None:
        cover = self.cover_page
        if not cover:
            return
        if cover.get("title"):
            issue.title = cover["title"]
        for key in ("cumulative_number", "publisher", "signer", "print_run", "supplement"):
            if key in cover:
                setattr(issue, key, cover[key])
        if "number" in cover:
            issue.number = cover["number"]
        issue.internal = cover.get("internal", False)
        if "date" in cover:
            issue.date, issue.year = cover["date"], cover["date"].year
        elif "year" in cover:
            issue.year = cover["year"]

    # Footer and table of contents

    def _footer_index(self) -> int | None:
        for index in range(len(self.lines) - 1, -1, -1):
            if FOOTER.match(self.lines[index].text):
                return index
        return None

    def _read_footer(self, footer_at: int) -> tuple[list[str], list[str]]:
        listed = FOOTER.sub("", self.lines[footer_at].text)
        unplaced: list[str] = []
        in_toc = False
        group: str | None = None
        for line in self.lines[footer_at + 1 :]:
            text = line.text
            header = SECTION_HEADER.match(text)
            if header and not header["rest"].strip():
                in_toc, group = True, header["name"].strip()
                self.toc_lines.append(text)
            elif TOC_HEADING.match(text):
                in_toc = True
                self.toc_lines.append(text)
            elif text.startswith(tuple(BULLETS)) and _is_toc_entry(_unmark(text)):
                in_toc = True
                self.toc.append((group, prose(_unmark(text))))
                self.toc_lines.append(text)
            elif not in_toc and not _is_body(text) and ("、" in text or listed.endswith("、")):
                listed = f"{listed}{'' if listed.endswith('、') else '、'}{text}"
            elif (
                in_toc
                and self.toc
                and not line.blank_before
                and not _is_body(text)
                and self.toc[-1][0] == group
            ):
                last_group, last_text = self.toc[-1]
                self.toc[-1] = (last_group, last_text + prose(text))
                self.toc_lines.append(text)
            else:
                unplaced.append(text)
        if unplaced:
            self._warn(
                "after_footer",
                f"{len(unplaced)} line(s) after 本期印发 are neither recipients nor table of "
                "contents; kept as paragraphs of the last article (本期印发之后的内容无法归类)",
                count=len(unplaced),
            )
        return split_recipients(listed), unplaced

    def _place(self, sections: list[ParsedSection], lines: list[str]) -> None:
        if not sections:
            sections.append(ParsedSection(name=""))
        section = sections[-1]
        if not section.articles:
            section.articles.append(ParsedArticle(kind="article", title=first_clause(lines[0])))
        section.articles[-1].paragraphs.extend(prose(text) for text in lines)

    # Sections and articles

    def _read_sections(self, lines: list[_Line]) -> list[ParsedSection]:
        sections: list[ParsedSection] = []
        name: str | None = None
        chunk: list[_Line] = []
        for line in lines:
            header = SECTION_HEADER.match(line.text)
            if header and header["name"].strip():
                if name is not None or any(line.text for line in chunk):
                    sections.append(self._read_section(name, chunk))
                name, chunk = _section_name(header["name"]), []
                rest = header["rest"].strip()
                if rest:
                    chunk.append(_Line(rest, False))
            else:
                chunk.append(line)
        if name is not None or any(line.text for line in chunk):
            sections.append(self._read_section(name, chunk))
        return sections

    def _read_section(self, name: str | None, lines: list[_Line]) -> ParsedSection:
        if name is None:
            name = ""
            self._warn(
                "unnamed_section",
                "text before the first 【section】 header was put in an unnamed section "
                "(第一个栏目之前的内容放入未命名栏目)",
            )
        section = ParsedSection(name=name)
        briefs_section = "简讯" in name
        drafts: list[_Draft] = []
        current: _Draft | None = None
        heads: list[str] = []
        # Pictures met before their article's first paragraph, and the last pictures
        # (whose caption may be the next line).
        pending: list[ParsedImage] = []
        captionable: list[ParsedImage] = []
        # Attribution lines with no item above them (at the top of a section), and the
        # item whose attribution the last line was.
        orphans: list[str] = []
        attributed: _Draft | None = None

        # A line of writers under the headline being read (□通讯员 张三 李四).
        byline: list[str] = []

        def start(kind: str, untitled: bool = False) -> _Draft:
            draft = _Draft(kind=kind, heads=heads.copy(), untitled=untitled, images=pending[:])
            draft.byline = " ".join(byline)
            heads.clear()
            pending.clear()
            byline.clear()
            drafts.append(draft)
            return draft

        known = self.known
        for index, line in enumerate(lines):
            text = line.text
            following = lines[index + 1].text if index + 1 < len(lines) else ""
            if heads and not line.images and self._writers_line(_unmark(text), following):
                # Writers under the headline, marked or not: the byline, never an item.
                byline.append(self._writers_line(_unmark(text), following))
                continue
            if line.images:
                if heads or current is None:
                    pending.extend(line.images)
                else:
                    current.images.extend(line.images)
                captionable = line.images
                if not text:
                    continue
            elif captionable and _CAPTION.match(text) and len(text) <= 60:
                for image in captionable:
                    image.caption = prose(text)
                captionable = []
                continue
            else:
                captionable = []
            if line.table:
                if heads:
                    current = start("article")
                elif current is None:
                    current = start("article", untitled=True)
                current.paragraphs.append(prose(text))
                continue
            if text.startswith(tuple(BULLETS)) and not _is_attribution(_unmark(text), known):
                unmarked = _unmark(text)
                body, attribution = _split_attribution_off(unmarked, known)
                if unmarked and attribution is None and not _is_body(unmarked):
                    heads.append(unmarked)  # ▲ before a headline: the headline
                    continue
                if heads:
                    start("article")
                current = start("brief")
                if body:
                    current.paragraphs.append(prose(body))
                current.source_text = attribution
                attributed = current if attribution else None
                continue
            # A marked attribution (■记者 王五) is an attribution: the mark is layout.
            text = _unmark(text) if text.startswith(tuple(BULLETS)) else text
            body, attribution = _split_attribution_off(text, known)
            glued = bool(
                attribution and body and text.endswith(attribution) and _GLUED_NAME.search(text)
            )
            if attribution is not None and not body:
                # An attribution on its own line ends the item above it.
                if heads and current is not None and current.source_text is None:
                    current.paragraphs.extend(prose(head) for head in heads)
                    heads.clear()
                elif heads:
                    current = start("article")
                if current is not None and current.source_text is None:
                    current.source_text = attribution
                    attributed = current
                    continue
                if current is not None and current is attributed and current.source_text:
                    # A second attribution line (the reporter under the unit): one attribution.
                    current.source_text = f"{current.source_text} {attribution}"
                    continue
                if current is None:
                    orphans.append(text)  # nothing above it: kept, never a headline
                    continue
            attributed = None
            lead = text.startswith(LEADS)
            if lead and text.startswith("又讯") and current is not None and current.paragraphs:
                current.source_text = current.source_text or ""
            headline_hint = (
                line.headline
                and len(text) <= 40
                and attribution is None
                and not text.endswith(("。", "；", ";", "…"))
                and not _ENUMERATED.match(text)
            )
            # A line ending in a credit (…留影。张三 摄) is read by its text before the credit.
            credited = attribution is not None and body and not text.endswith(("）", ")"))
            if headline_hint or (not lead and not _is_body(body if credited else text)):
                subheading = (
                    current is not None
                    and current.paragraphs
                    and current.source_text is None
                    and not heads
                    and _ENUMERATED.match(text)
                )
                if not subheading:
                    heads.append(text)
                    continue
            if heads:
                current = start("article")
            elif current is None or current.source_text is not None:
                current = start("brief" if briefs_section else "article", untitled=True)
            if body:
                current.paragraphs.append(prose(body))
            if attribution is not None:
                current.source_text = attribution
                current.glued = glued
                attributed = current
        if heads:
            start("article")
        if orphans:
            if not drafts:
                start("article", untitled=True)
            drafts[0].paragraphs[:0] = [prose(text) for text in orphans]
            self._warn(
                "orphan_attribution",
                f"【{name}】an attribution with no item above it kept as the first paragraph "
                f"of the section: {orphans[0]} (栏目开头的署名作为正文保留)",
                section=name,
                text=orphans[0],
            )
        if pending and drafts:  # otherwise kept by _keep_stray_pictures
            drafts[-1].images.extend(pending)
            self._warn(
                "trailing_pictures",
                f"【{name}】{len(pending)} picture(s) after the last text kept with the last "
                "article (文末图片归入最后一篇)",
                section=name,
                count=len(pending),
            )
        drafts, section.name = self._split_digests(drafts, name)
        name = section.name
        for run in _mark_unmarked_briefs(drafts):
            if all(_picture_credit(item.source_text, known) for item in run):
                self._warn(
                    "caption_column",
                    f"【{name}】{len(run)} short items, each ending in a picture credit, read as "
                    "photo captions, one item each (图片说明逐条分开)",
                    section=name,
                    count=len(run),
                )
        for draft in drafts:
            if draft.kind == "article" and _short_untitled(draft):
                # An archivist keeps a short item without a headline as a brief.
                draft.kind = "brief"
                self._warn(
                    "kept_as_brief",
                    f"【{name}】an untitled short item kept as a brief: "
                    f"{first_clause(draft.paragraphs[0])} (无标题短稿作为简讯)",
                    section=name,
                    title=first_clause(draft.paragraphs[0]),
                )
        for draft in drafts:
            section.articles.append(self._finish(draft, name))
        if not section.articles:
            self._warn(
                "empty_section",
                f"section 【{name}】 has no articles (栏目【{name}】没有文章)",
                section=name,
            )
        return section

    def _finish(self, draft: _Draft, section_name: str) -> ParsedArticle:
        article = ParsedArticle(kind=draft.kind, title="")
        heads = draft.heads
        if draft.byline:
            article.byline = prose(draft.byline)
        elif len(heads) >= 2 and _is_byline(heads[-1]):
            article.byline = prose(heads[-1])
            heads = heads[:-1]
        units = self._headline_units(heads)
        if units:
            article.title = units[0]
        if len(units) >= 2:
            article.subtitle = units[1]
        if len(units) > 2:
            self._warn(
                "extra_head_lines",
                f"【{section_name}】{article.title}: {len(units) - 2} more short line(s) before "
                "the body kept as paragraphs (标题下多余的短行作为正文段落)",
                section=section_name,
                title=article.title,
                count=len(units) - 2,
            )
            draft.paragraphs[:0] = [prose(unit) for unit in units[2:]]
        credits = [draft.source_text] if draft.source_text else []
        opener = _OPENER.match(draft.paragraphs[0]) if draft.paragraphs else None
        if opener:
            # 本报讯（记者 陈某）: the source of the item, not its first words.
            draft.paragraphs[0:1] = [opener["rest"]] if opener["rest"] else []
            credits.insert(0, opener["credit"])
            article.source_text = prose(opener["opener"])
        for credit in credits:
            self._attribute(article, credit)
        if draft.source_text:
            article.source_text = " ".join(
                filter(None, (article.source_text, prose(draft.source_text)))
            )
            if draft.glued:
                self._warn(
                    "credit_as_person",
                    f"【{section_name}】{article.title}: “{draft.source_text}” at its end was read "
                    "as a person's name (文末的人名作为作者署名)",
                    section=section_name,
                    title=article.title or first_clause("".join(draft.paragraphs)),
                    credit=draft.source_text,
                )
        article.paragraphs = draft.paragraphs
        article.images = draft.images
        if not article.title and article.paragraphs and article.kind == "article":
            article.title = first_clause(article.paragraphs[0])
            self._warn(
                "title_from_first_clause",
                f"【{section_name}】an article has no headline; title taken from its first "
                f"clause: {article.title} (文章无标题，取首句)",
                section=section_name,
                title=article.title,
            )
        if not article.paragraphs:
            self._warn(
                "no_body",
                f"【{section_name}】{article.title}: no body text (没有正文)",
                section=section_name,
                title=article.title,
            )
        elif not article.source_text:
            title = article.title or first_clause(article.paragraphs[0])
            self._warn(
                "no_source",
                f"【{section_name}】{title}: no source attribution found (未找到来源单位)",
                section=section_name,
                title=title,
            )
        return article

    def _writers_line(self, text: str, following: str) -> str:
        """The writers a line under a headline names (``通讯员 张三 李四``,
        ``（记者 王五）``) when the body follows it, else ''."""
        if not (_is_body(following) or following.startswith(LEADS)):
            return ""
        body, attribution = _split_attribution_off(text, self.known)
        if body or not attribution or _picture_credit(attribution, self.known):
            return ""
        written = split_attribution(attribution, self.known)
        return attribution if written.byline and not written.sources else ""

    def _split_digests(self, drafts: list[_Draft], name: str) -> tuple[list[_Draft], str]:
        """A digest column (工运晨读, 一周速览): items that each begin with their date,
        one after the other without a mark or a headline, are separate briefs. The
        column's title, when nothing else is above them, names an unnamed section."""
        out: list[_Draft] = []
        for draft in drafts:
            dated = [i for i, text in enumerate(draft.paragraphs) if _DATE_LED.match(text)]
            if len(dated) < 2 or dated != list(range(dated[0], dated[-1] + 1)):
                out.append(draft)
                continue
            first = dated[0]
            # Each item a paragraph; what follows the last date stays with the last item.
            items = [
                _Draft(kind="brief", paragraphs=[text], untitled=True)
                for text in draft.paragraphs[first : dated[-1] + 1]
            ]
            items[-1].paragraphs += draft.paragraphs[dated[-1] + 1 :]
            items[-1].source_text, items[-1].glued = draft.source_text, draft.glued
            draft.paragraphs, draft.source_text = draft.paragraphs[:first], None
            if not draft.paragraphs and len(draft.heads) > 1:
                # The column's title and its teaser list (the items' short headlines).
                draft.heads, draft.paragraphs = draft.heads[:1], draft.heads[1:]
            if draft.paragraphs or draft.byline or (draft.heads and name):
                out.append(draft)
            elif draft.heads:
                name = _section_name(draft.heads[0])  # the column's title
                items[0].images = draft.images
            else:
                items[0].images = draft.images
            out += items
            self._warn(
                "split_at_dates",
                f"【{name}】a column split into {len(items)} items at the dates that begin them "
                "(按日期拆分为多条)",
                section=name,
                count=len(items),
            )
        return out, name

    def _attribute(self, article: ParsedArticle, text: str) -> None:
        """Add what an attribution says (units, people, credits) to the article."""
        picture = _picture_credit(text, self.known)
        if picture is not None:
            sources, credit = picture
            attribution = split_attribution("、".join(sources), self.known) if sources else None
            if attribution:
                article.sources += attribution.sources
                article.written += attribution.written
            article.credit = "、".join(filter(None, (article.credit, credit)))
            return
        attribution = split_attribution(text, self.known)
        article.sources += attribution.sources
        article.written += attribution.written
        article.credit = "、".join(filter(None, (article.credit, attribution.credit)))
        if attribution.byline and not article.byline:
            article.byline = attribution.byline
        elif attribution.byline:
            article.credit = "、".join(filter(None, (attribution.byline, article.credit)))

    def _headline_units(self, heads: list[str]) -> list[str]:
        """One or two headline lines: title + subtitle, or one title broken in two."""
        units: list[str] = []
        for head in heads:
            head = prose(head)
            if len(units) == 1 and self._continues(units[0], head):
                units[0] = _join(units[0], head)
            else:
                units.append(head)
        return units

    def _continues(self, first: str, second: str) -> bool:
        joined = _SPACES.sub("", _join(first, second))
        for _, entry in self.toc:
            entry = _SPACES.sub("", entry)
            if entry == joined:
                return True
            if entry == _SPACES.sub("", first):
                return False
        return _cannot_end(first, second)

    # Briefs take their titles from the table of contents

    def _title_briefs(self, sections: list[ParsedSection]) -> None:
        entries = list(self.toc)
        taken: set[int] = set()
        titles = {
            _SPACES.sub("", a.title) for s in sections for a in s.articles if a.kind == "article"
        }
        for index, (_, text) in enumerate(entries):
            if _SPACES.sub("", text) in titles:
                taken.add(index)
        briefs = [
            (section, article)
            for section in sections
            for article in section.articles
            if article.kind == "brief" and not article.title
        ]
        scores = []
        for brief_index, (section, article) in enumerate(briefs):
            text = "".join(article.paragraphs)
            for entry_index, (group, entry) in enumerate(entries):
                if entry_index in taken:
                    continue
                score = _coverage(entry, text) + (0.05 if group == section.name else 0.0)
                if score >= 0.5:
                    scores.append((score, brief_index, entry_index))
        titled: set[int] = set()
        for _, brief_index, entry_index in sorted(scores, key=lambda s: (-s[0], s[1], s[2])):
            if brief_index in titled or entry_index in taken:
                continue
            briefs[brief_index][1].title = entries[entry_index][1]
            titled.add(brief_index)
            taken.add(entry_index)
        untitled = 0
        for _section, article in briefs:
            if not article.title:
                article.title = (
                    first_clause("".join(article.paragraphs)) if article.paragraphs else ""
                )
                untitled += 1
        if untitled:
            self._warn(
                "briefs_untitled",
                f"{untitled} brief(s) have no table-of-contents headline; titles taken from "
                "their first clause (简讯标题取自首句)",
                count=untitled,
            )

    # Year, number and date

    def _read_metadata(self, issue: ParsedIssue, body: list[_Line]) -> None:
        from_name = metadata_from_filename(self.filename)
        issue.year, issue.number, issue.date = from_name.year, from_name.number, from_name.date
        preamble = []
        for line in body:
            if SECTION_HEADER.match(line.text):
                break
            preamble.append(line.text)
        masthead = "\n".join(preamble)
        if issue.number is None and (match := _MASTHEAD_NUMBER.search(masthead)):
            issue.number = int(match[1])
        for line in preamble:
            if "简报" in line and not _is_body(line) and len(line) <= 30:
                issue.title = prose(line)
                break
        for year, month, day, _ in _day_mentions(masthead):
            if issue.date is None and year:
                issue.date = _date(year, month, day)
        if issue.date and issue.year is None:
            issue.year = issue.date.year
        # What the cover page prints wins over the file's name; the text is only
        # searched for what neither says.
        self._apply_cover(issue)

        content = "\n".join(
            text
            for article in issue.articles
            for text in (article.title, article.subtitle, *article.paragraphs)
        )
        if issue.year is None:
            years = Counter(
                int(match[1])
                for match in _YEAR_MENTION.finditer(content)
                if content[match.start() - 1 : match.start()] not in ("自", "从")
                and not content[match.start() - 1 : match.start()].isdigit()
            )
            if years:
                issue.year = max(years, key=lambda y: (years[y], y))
                issue.year_inferred = True
                self._warn(
                    "year_inferred",
                    f"year {issue.year} inferred from the text (年份由正文推断)",
                    year=issue.year,
                )
            else:
                self._warn("year_unknown", "the year is unknown (无法确定年份)")
        if issue.date is None and issue.year is not None:
            days = []
            for year, month, day_of_month, written in _day_mentions(content):
                if year and year != issue.year:
                    continue
                day = _date(issue.year, month, day_of_month)
                if day:
                    days.append((day, written))
            if days:
                issue.date, written = max(days)
                issue.date_inferred = True
                self._warn(
                    "date_inferred",
                    f"date {issue.date.isoformat()} inferred from the latest day mentioned "
                    f"({written}) (日期由正文推断，仅为近似)",
                    date=issue.date.isoformat(),
                    written=written,
                )


def _day_mentions(text: str):
    """``(year or None, month, day, as written)`` for each ``[YYYY年]M月D日`` in the text."""
    for match in _DAY_MENTION.finditer(text):
        start = match.start()
        year = _YEAR_BEFORE_DAY.search(text, max(0, start - 5), start)
        written = text[year.start() : match.end()] if year else match[0]
        yield (int(year[1]) if year else None), int(match["m"]), int(match["d"]), written


_COVER_NUMBER = re.compile(r"(?<!总)第\s*(\d{1,3})\s*期")
_COVER_CUMULATIVE = re.compile(r"总\s*第\s*(\d{1,5})\s*期")
_COVER_YEAR = re.compile(r"((?:19|20)\d{2})\s*年\s*(?:第|总第|增刊)")
_COVER_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_COVER_SIGNER = re.compile(r"签\s*发\s*人?\s*[:：]\s*(?P<name>[\u4e00-\u9fff·]{2,4})")
_COVER_PUBLISHER = re.compile(r"^(?:编印单位\s*[:：]\s*)?(?P<name>.+?)\s*(?:编印|编|主办|印发)?$")
_PRINT_RUN = re.compile(r"共印\s*(\d{1,6})\s*份")
_IMPRINT_LIST = re.compile(r"^(?P<kind>抄\s*送|报\s*送)\s*[:：]\s*(?P<list>.*)$")
_MASTHEAD_WORDS = ("简报", "通讯", "动态", "摘报", "快报", "信息", "情况", "通报")
# 内部资料 and its kin: the issue is for the office's readers, not the public.
_INTERNAL = re.compile(
    r"[（(\[]?\s*(?:内部(?:资料|刊物|材料|文件|发行)|注意保存|请勿外传|不得外传)\s*[）)\]]?"
)
# A line drawn with characters: the red rule under a typed 报头, a separator.
_RULE = re.compile(r"^[-─━—＝=_＿~～*＊·.…\s]{4,}$")
# What only a masthead says: a typed block with one of these is the 报头.
_MASTHEAD_ONLY = frozenset({"number", "cumulative_number", "supplement", "signer", "internal"})
# The fields a typed 报头 gives, in the order they are reported.
_MASTHEAD_LABELS = {
    "title": "title",
    "number": "number",
    "cumulative_number": "cumulative number",
    "supplement": "supplement",
    "publisher": "publisher",
    "date": "date",
    "signer": "signer",
    "internal": "internal",
}


def _masthead_value(key: str, value):
    return value.isoformat() if key == "date" else value


def _find(line: str, haystack: str, at: int) -> int:
    """Where ``line`` is in ``haystack``, the result's text: the line whole (spaces
    removed), or else every piece of it (its text between spaces and structural
    marks), each looked for from ``at``, then from the start. -1 if not."""
    for part in _PART_BREAKS.split(FOOTER.sub("", line)):
        if not part:
            continue
        found = _find_piece(part, haystack, at)
        if found < 0:  # a list (本期印发) or a title split off: piece by piece
            for piece in _PIECE_BREAKS.split(part):
                if not piece:
                    continue
                found = _find_piece(piece, haystack, at)
                if found < 0:
                    return -1
                at = found
        else:
            at = found
    return at


def _find_piece(piece: str, haystack: str, at: int) -> int:
    found = haystack.find(piece, at)
    return found if found >= 0 else haystack.find(piece)


def _result_text(issue: ParsedIssue) -> str:
    """Everything the result holds, spaces removed, in document order."""
    strings = [*issue.masthead, issue.title or ""]
    for section in issue.sections:
        strings.append(section.name)
        for a in section.articles:
            strings += [a.title, a.subtitle, a.byline, *a.paragraphs, a.source_text, a.credit]
            strings += [image.caption for image in a.images]
    strings += issue.distribution
    strings += [n.text for n in issue.not_imported]
    return _SPACES.sub("", "\n".join(strings))


# Parts of a line that stay together in the result (a paragraph without its source).
_PART_BREAKS = re.compile("[\\s【】（）()" + BULLETS + "]+")
_PIECE_BREAKS = re.compile("[\\s【】（）()、，,；;：:。./／" + BULLETS + "]+")


def _cover_fields(text: str, *, first: bool, masthead: bool) -> dict | None:
    """What one line of a cover page says, or None if it says nothing a cover says."""
    fields: dict = {}
    rest = text
    if match := _COVER_CUMULATIVE.search(rest):
        fields["cumulative_number"] = int(match[1])
        rest = rest.replace(match[0], " ")
    if match := _COVER_YEAR.search(rest):
        fields["year"] = int(match[1])
    if match := _COVER_NUMBER.search(rest):
        fields["number"] = int(match[1])
        rest = rest.replace(match[0], " ")
    if "增刊" in rest:
        fields["supplement"] = True
        rest = rest.replace("增刊", " ")
    if match := _COVER_SIGNER.search(rest):
        fields["signer"] = match["name"]
        rest = rest.replace(match[0], " ")
    if match := _PRINT_RUN.search(rest):
        fields["print_run"] = int(match[1])
        rest = rest.replace(match[0], " ")
    if match := _INTERNAL.search(rest):
        fields["internal"] = True
        rest = _INTERNAL.sub(" ", rest)
    if match := _COVER_DATE.search(rest):
        day = _date(int(match[1]), int(match[2]), int(match[3]))
        if day:
            fields["date"] = day
        publisher = _COVER_PUBLISHER.match(rest[: match.start()].strip())
        if publisher and is_organization(publisher["name"]):
            fields["publisher"] = prose(publisher["name"])
        rest = rest[: match.start()] + " " + rest[match.end() :]
    short = len(text) <= 30 and not _is_body(text)
    named = masthead or any(word in text for word in _MASTHEAD_WORDS)
    if (masthead or first) and not fields and short and named:
        return {"title": prose(text)}
    if not fields and short and is_organization(text):
        return {"publisher": prose(_COVER_PUBLISHER.match(text)["name"])}
    return fields or None


def _read_imprint(lines: list[Line], read: list[str]) -> tuple[dict, list[Line]]:
    """The 版记 block's 抄送 / 报送 lists and 共印N份, wherever they are; the other lines.
    The lines read are added to ``read``."""
    imprint: dict = {}
    kept: list[Line] = []
    for line in lines:
        listed = _IMPRINT_LIST.match(line.text)
        run = _PRINT_RUN.search(line.text)
        if listed or (run and len(line.text) <= 40 and not _is_body(line.text)):
            read.append(line.text)
        if listed:
            text = listed["list"]
            if run:
                imprint["print_run"] = int(run[1])
                text = text.replace(run[0], "")
            imprint.setdefault("also_to", []).extend(split_recipients(text))
        elif run and len(line.text) <= 40 and not _is_body(line.text):
            imprint["print_run"] = int(run[1])
            leftover = line.text.replace(run[0], "").strip(" （()）")
            if leftover:
                kept.append(Line(leftover, line.blank_before))
        else:
            kept.append(line)
    return imprint, kept


def _short_untitled(draft: _Draft) -> bool:
    return (
        draft.untitled
        and not draft.heads
        and len(draft.paragraphs) == 1
        and len(draft.paragraphs[0]) <= _SHORT_ITEM
    )


def _mark_unmarked_briefs(drafts: list[_Draft]) -> list[list[_Draft]]:
    """Consecutive untitled one-paragraph items, each with its own attribution, are
    briefs written without a mark: separate briefs, not articles titled by a clause.
    Returns the runs of such items."""
    runs: list[list[_Draft]] = []
    run: list[_Draft] = []
    for draft in [*drafts, None]:
        if (
            draft is not None
            and draft.untitled
            and not draft.heads
            and len(draft.paragraphs) == 1
            and draft.source_text
        ):
            run.append(draft)
            continue
        if len(run) >= 2:
            for item in run:
                item.kind = "brief"
            runs.append(run)
        run = []
    return runs


def _is_marked_toc_entry(text: str) -> bool:
    return text.startswith(tuple(BULLETS)) and _is_toc_entry(_unmark(text))


def _is_toc_entry(text: str) -> bool:
    text = text.strip()
    return (
        0 < len(text) <= 80
        and not text.endswith(tuple(SENTENCE_END))
        and _split_attribution_off(text)[1] is None
    )


def _join(first: str, second: str) -> str:
    if first[-1:].isascii() and first[-1:].isalnum() and second[:1].isascii():
        return f"{first} {second}"
    return first + second


def _date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


__all__ = [
    "MAX_BYTES",
    "NOT_IMPORTED",
    "LegacyFormatError",
    "NotImported",
    "Note",
    "ParsedArticle",
    "ParsedIssue",
    "ParsedSection",
    "decode",
    "first_clause",
    "is_organization",
    "parse",
    "split_recipients",
]
