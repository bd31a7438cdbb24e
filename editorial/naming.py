"""Names of contributing organizations (来源单位) as print writes them.

Plain Python, no Django, below every package that uses it. Reading: the legacy
parser turns an attribution such as ``市总宣教部、研究室`` into canonical names
(``市总工会宣教部``, ``市总工会研究室``), and the importer stores what it
returns. Writing, its inverse: ``compress`` joins names as print does
(``市总生活部、女工部``), for the article form's derived attribution and the
reading site's links (``editorial.content.attribution``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

CITY_FEDERATION = "市总工会"

# The separators of a list of units inside one attribution.
_LIST_SEPARATORS = "、，,；;"

# "X市总" / "X区总" / "X县总" (optionally followed by a department) is the short form of
# "X市总工会…". A leading bare "市总" is the city federation itself. Nothing matches
# when "工会" already follows, so 常熟市总工会 and 吴中区总工会 stay as they are.
_SHORT_FEDERATION = re.compile(r"^(?P<place>[\u4e00-\u9fff]{0,8}?[市区县])总(?!工会)(?P<rest>.*)$")

# The last characters of a unit's name: what tells an organization from a person or a
# note such as 综合来稿.
_ORGANIZATION_ENDINGS = (
    "工会",
    "总工会",
    "委员会",
    "联合会",
    "协会",
    "办公室",
    "中心",
    "公司",
    "集团",
    "部",
    "室",
    "办",
    "处",
    "科",
    "局",
    "厅",
    "委",
    "院",
    "校",
    "所",
    "站",
    "社",
    "厂",
    "团",
    "队",
    "组",
    "会",
)

# Common family names (plain data, not anyone's name): a short word that starts with
# one and ends in a one-character unit ending (王立科, 李建站) is taken for a person,
# unless the office already knows it as an organization.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余"
    "杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤宫包葛殷缪浦俞倪施祝屠卞荣惠季盛钮瞿邢柏"
    "华仲查管翁濮庞凌费席芮蒉奚陈朱尤陶岳鲁章伍宁易常温左车"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容", "司徒")

# What an attribution says of the people it names: writers (the byline) or pictures
# (the credit). A role may be glued to the name (记者王某) or stand alone before it.
_ROLE = re.compile(
    r"^(?P<role>本报记者|本刊记者|特约记者|见习记者|记者|特约通讯员|通讯员|实习生|作者|撰稿|执笔|"
    r"图[/／]文|文[/／]图|摄影|摄|图片|图|文)(?P<sep>\s*[/／:：]?\s*)(?P<rest>.*)$"
)
_PICTURE_ROLES = ("图", "摄")
# Words that say how a text was put together, never anyone's name.
_CREDIT_WORDS = re.compile(r"(来稿|供稿|提供|综合|整理|编辑|摘编|本刊|本报|报道|根据|转载|摘自)")
_CONTRIBUTED = re.compile(r"^(?P<unit>.+?)(?P<how>供稿|来稿|提供|报送)$")
_PERSON = re.compile(r"^[\u4e00-\u9fff·]{2,4}$")

_MULTI_CHARACTER_ENDINGS = tuple(ending for ending in _ORGANIZATION_ENDINGS if len(ending) > 1)

# A department name that makes sense only under a parent written before it
# (市总宣教部、研究室: 研究室 is 市总工会研究室).
_DEPARTMENT = re.compile(r"^[\u4e00-\u9fff]{1,8}(部|室|办|处|科|中心)$")
_HAS_OWN_PARENT = re.compile(r"(工会|市|区|县|镇|省|局|委|公司|集团|厂)")


@dataclass
class Attribution:
    """What an attribution ``（…）`` says: organizations and/or a credit."""

    text: str
    sources: list[str] = field(default_factory=list)
    credit: str = ""
    # Each source as written, with a shared prefix applied (市总研究室 for 研究室): an alias.
    written: list[str] = field(default_factory=list)
    # The people it names as writers (记者 王某某), as written: the article's byline.
    byline: str = ""


def canonical_name(name: str) -> str:
    """The canonical form of one organization's name: ``市总宣教部`` → ``市总工会宣教部``."""
    name = re.sub(r"\s+", "", name)
    name = name.replace("(", "（").replace(")", "）")
    match = _SHORT_FEDERATION.match(name)
    if match and (not match["rest"] or is_organization(match["rest"])):
        return f"{match['place']}总工会{match['rest']}"
    return name


def is_organization(name: str, known: frozenset[str] = frozenset()) -> bool:
    """True for a unit's name (ends like one, or is known), False for a person or a
    credit such as 综合来稿.

    ``known`` holds the names and aliases of the organizations the office already has.
    """
    name = re.sub(r"\s+", "", name.strip())
    if name in known:
        return True
    name = re.sub(r"[（(][^（）()]*[）)]$", "", name)
    if len(name) < 2 or not name.endswith(_ORGANIZATION_ENDINGS):
        return False
    return not (looks_like_a_name(name) and not name.endswith(_MULTI_CHARACTER_ENDINGS))


def looks_like_a_name(word: str) -> bool:
    """A personal name as attributions write it: a family name and one or two more
    characters (王某某), or a compound family name and one or two (欧阳某)."""
    if not _PERSON.match(word) or _CREDIT_WORDS.search(word):
        return False
    if word.startswith(COMPOUND_SURNAMES):
        return len(word) <= 4
    return word[0] in SURNAMES and len(word) <= 3


def split_attribution(text: str, known: frozenset[str] = frozenset()) -> Attribution:
    """Split an attribution as written (without its outer parentheses).

    Units that share a prefix are expanded (``市总生活部、女工部`` is 市总工会生活部 and
    市总工会女工部). People are never organizations: writers (``记者 王某某``, a name
    alone) become the byline, pictures (``摄影/包某某``, ``图/文 …``) and what is
    neither (``综合来稿``) the credit, each as written. ``known`` holds the office's
    organization names and aliases, which count as organizations whatever they end with.
    """
    text = text.strip()
    sources, written, credit, byline = _split_attribution(text, known)
    return Attribution(
        text=text, sources=list(sources), credit=credit, written=list(written), byline=byline
    )


@functools.lru_cache(maxsize=4096)
def _split_attribution(
    text: str, known: frozenset[str]
) -> tuple[tuple[str, ...], tuple[str, ...], str, str]:
    # The same few dozen attributions recur in every issue: cached, bounded.
    sources: list[str] = []
    written_forms: list[str] = []
    parent = written_parent = ""
    bylines: list[str] = []
    credits: list[str] = []

    def add_unit(part: str) -> None:
        nonlocal parent, written_parent
        if parent and _DEPARTMENT.match(part) and not _HAS_OWN_PARENT.search(part):
            written = written_parent + part
        else:
            written = re.sub(r"\s+", "", part)
            written_parent = _parent_of(written, short_form=True)
        name = canonical_name(written)
        parent = _parent_of(name)
        if name not in sources:
            sources.append(name)
            written_forms.append(written)

    for part in _split_top_level(text):
        units = re.split(r"\s*[/／]\s*", part)
        if len(units) > 1 and all(_is_unit(unit, known) for unit in units):
            for unit in units:  # 宣教部/研究室: "/" lists units as 、 does
                add_unit(unit)
            continue
        if not _ROLE.match(part) and _is_unit(part, known):
            add_unit(part)
            continue
        for kind, words in _people_and_units(part, known):
            if kind == "unit":
                add_unit(words)
            elif kind == "writer":
                bylines.append(words)
            else:
                credits.append(words)
    return tuple(sources), tuple(written_forms), _joined(credits), _joined(bylines)


def _is_unit(part: str, known: frozenset[str]) -> bool:
    squeezed = re.sub(r"\s+", "", part)
    return squeezed in known or is_organization(canonical_name(squeezed), known)


def _people_and_units(part: str, known: frozenset[str]) -> list[tuple[str, str]]:
    """The words of one part of an attribution, grouped as ``("unit", name)``,
    ``("writer", text)`` or ``("credit", text)``; writers and credits as written."""
    words = part.split()
    several = len(words) > 1
    found: list[tuple[str, str]] = []
    role_kind = None

    def add(kind: str, word: str) -> None:
        if found and found[-1][0] == kind and kind != "unit":
            found[-1] = (kind, f"{found[-1][1]} {word}")
        else:
            found.append((kind, word))

    for word in words:
        role = _ROLE.match(word)
        if role and (role["rest"] == "" or role["sep"] or _PERSON.match(role["rest"])):
            role_kind = "credit" if role["role"].startswith(_PICTURE_ROLES) else "writer"
            add(role_kind, word)
            continue
        contributed = _CONTRIBUTED.match(word)
        if _is_unit(word, known):
            add("unit", word)
            role_kind = None
        elif contributed and _is_unit(contributed["unit"], known):
            # 院工会供稿: the unit is the source (the words stay in the source text).
            add("unit", contributed["unit"])
            role_kind = None
        elif role_kind is not None and _PERSON.match(word):
            add(role_kind, word)
        elif looks_like_a_name(word) or (several and _is_given_names(words)):
            add("writer", word)
        else:
            add("credit", word)
            role_kind = None
    return found


def _is_given_names(words: list[str]) -> bool:
    """``炳坤 忠斌``: several short words, none a unit or a credit, are people."""
    return all(
        _PERSON.match(word) and len(word) <= 3 and not _CREDIT_WORDS.search(word) for word in words
    )


def _joined(parts: list[str]) -> str:
    return "、".join(parts)


def _parent_of(name: str, *, short_form: bool = False) -> str:
    """The part of a name that a following bare department shares (市总工会, or 市总)."""
    end = name.rfind("工会")
    if end >= 0:
        return name[: end + 2]
    if short_form and (match := _SHORT_FEDERATION.match(name)):
        return f"{match['place']}总"
    return ""


def _split_top_level(text: str) -> list[str]:
    """Split on list separators that are not inside parentheses."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char in "（(":
            depth += 1
        elif char in "）)" and depth:
            depth -= 1
        if char in _LIST_SEPARATORS and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [part.strip() for part in parts if part.strip()]


# --- Writing an attribution as print does (the inverse of ``split_attribution``) -------


def split_names(text: str) -> list[str]:
    """Every name of a list typed in order (``市总生活部、女工部``), each written in
    full: a bare department after a name with a parent takes that parent
    (``女工部`` → ``市总女工部``), exactly as ``split_attribution`` reads print."""
    names: list[str] = []
    written_parent = ""
    for part in _split_top_level(text):
        part = re.sub(r"\s+", "", part)
        if written_parent and _DEPARTMENT.match(part) and not _HAS_OWN_PARENT.search(part):
            part = written_parent + part
        else:
            written_parent = _parent_of(part, short_form=True)
        if part not in names:
            names.append(part)
    return names


def short_form(name: str) -> str:
    """How print writes one organization when nothing shorter is known: a department
    of a federation under the federation's short form (``市总工会女工部`` → ``市总女工部``,
    the inverse of ``canonical_name``); any other name as it is."""
    match = re.match(r"^(?P<place>[\u4e00-\u9fff]{0,8}?[市区县])总工会(?P<rest>.+)$", name)
    if match and _DEPARTMENT.match(match["rest"]):
        return f"{match['place']}总{match['rest']}"
    return name


def compress(written: list[str]) -> str:
    """Names as print joins them: ``、`` between, and a department that shares the
    parent of the name before it written without it (``市总生活部、女工部`` for
    市总生活部 and 市总女工部). The result reads back (``split_names``) as ``written``;
    when a shortening would not, the names are joined in full."""
    parts: list[str] = []
    parent = ""
    for name in written:
        own_parent = _parent_of(name, short_form=True)
        rest = name[len(own_parent) :]
        if (
            parent
            and own_parent == parent
            and _DEPARTMENT.match(rest)
            and not _HAS_OWN_PARENT.search(rest)
        ):
            parts.append(rest)
        else:
            parts.append(name)
            parent = own_parent
    text = "、".join(parts)
    return text if split_names(text) == list(written) else "、".join(written)


def organization_parts(text: str, credit: str = "") -> list[tuple[str, str | None]]:
    """An attribution as written, cut into its parts: ``(part, name)`` where ``name``
    is the part written in full (parent applied) when the part names an
    organization, None for a credit (``综合来稿``) or ``credit`` itself."""
    parts: list[tuple[str, str | None]] = []
    written_parent = ""
    for part in _split_top_level(text):
        compact = re.sub(r"\s+", "", part)
        if part == credit or not is_organization(canonical_name(compact)):
            parts.append((part, None))
            continue
        if written_parent and _DEPARTMENT.match(compact) and not _HAS_OWN_PARENT.search(compact):
            full = written_parent + compact
        else:
            full = compact
            written_parent = _parent_of(compact, short_form=True)
        parts.append((part, full))
    return parts
