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
_LIST_SEPARATORS = "、，,；;/／"

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


def canonical_name(name: str) -> str:
    """The canonical form of one organization's name: ``市总宣教部`` → ``市总工会宣教部``."""
    name = re.sub(r"\s+", "", name)
    name = name.replace("(", "（").replace(")", "）")
    match = _SHORT_FEDERATION.match(name)
    if match and (not match["rest"] or is_organization(match["rest"])):
        return f"{match['place']}总工会{match['rest']}"
    return name


def is_organization(name: str) -> bool:
    """True for a unit's name (ends like one), False for a credit such as 综合来稿."""
    name = re.sub(r"[（(][^（）()]*[）)]$", "", name.strip())
    return len(name) >= 2 and name.endswith(_ORGANIZATION_ENDINGS)


def split_attribution(text: str) -> Attribution:
    """Split an attribution as written (without its outer parentheses).

    Units that share a prefix are expanded (``市总生活部、女工部`` is 市总工会生活部 and
    市总工会女工部); parts that are not organizations become the credit.
    """
    text = text.strip()
    sources, written, credit = _split_attribution(text)
    return Attribution(text=text, sources=list(sources), credit=credit, written=list(written))


@functools.lru_cache(maxsize=4096)
def _split_attribution(text: str) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    # The same few dozen attributions recur in every issue: cached, bounded.
    sources: list[str] = []
    written_forms: list[str] = []
    parent = written_parent = ""
    credits: list[str] = []
    for part in _split_top_level(text):
        if not is_organization(canonical_name(part)):
            credits.append(part)
            continue
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
    return tuple(sources), tuple(written_forms), "、".join(credits)


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
