"""Property-based tests of the parser's two promises.

1. For any bytes it returns a ``ParsedIssue`` or raises ``LegacyFormatError``,
   never anything else.
2. Nothing is silently dropped: every character of content text in the input is
   found in the result, apart from whitespace, the table-of-contents fragment and
   the structural marks (【】 of headers, ● bullets, the outer （） of a source, the
   、，；。 separators of lists and the 本期印发： keyword).

Generated plausible documents must also come back with the structure they were
built from.
"""

import re
from collections import Counter

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from editorial.legacy.parser import BULLETS, LegacyFormatError, parse
from editorial.naming import SURNAMES, split_attribution

STRUCTURAL = set("【】（）()、，,；;：:。\x1a") | set(BULLETS)
FOOTER_WORDS = re.compile(r"本期(?:印发|发送|分送)")
ZERO_WIDTH = set("\ufeff\u200b\u200c\u200d\u2060")

# Characters that make up legacy documents, so that random text hits the rules.
TOKENS = [
    "【工作动态】",
    "【简讯】",
    "【",
    "】",
    "●",
    "本期印发：",
    "（市总宣教部）",
    "（综合来稿）",
    "（",
    "）",
    "、",
    "，",
    "。",
    "“",
    "”",
    "以",
    "的",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "    ",
    "\u3000",
    "\u00a0",
    "市总",
    "工会",
    "2012年",
    "4月25日",
    "第8期",
    "本期要目",
    "中共某市委书记    张三",
]
text_pieces = st.one_of(
    st.sampled_from(TOKENS),
    st.sampled_from(TOKENS),
    st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc")), max_size=12),
    st.text(alphabet="市总工会召开会议部署职工活动推进服务基层。，、（）●【】", max_size=40),
)
legacy_like_text = st.builds(
    "".join,
    st.lists(
        st.one_of(st.just("【工作动态】\n"), st.just("本期印发：省总工会\n"), text_pieces),
        max_size=40,
    ),
)


def content_characters(text: str) -> Counter:
    text = FOOTER_WORDS.sub("", text)
    return Counter(
        char
        for char in text
        if not char.isspace() and char not in STRUCTURAL and char not in ZERO_WIDTH
    )


def result_characters(issue) -> Counter:
    # The lines of a 报头 or 版记 are read into the issue's fields.
    strings = [issue.title or "", *issue.distribution, *issue.masthead]
    for section in issue.sections:
        strings.append(section.name)
        for a in section.articles:
            strings += [a.title, a.subtitle, a.byline, a.source_text, a.credit, *a.paragraphs]
    return Counter("".join(strings))


def assert_nothing_dropped(text: str, issue) -> None:
    expected = content_characters(text) - content_characters("".join(issue.toc))
    missing = expected - result_characters(issue)
    assert not missing, f"dropped: {''.join(sorted(missing.elements()))!r}"


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_any_bytes_parse_or_raise_the_parsers_own_error(data):
    try:
        parse(data)
    except LegacyFormatError as error:
        assert str(error) and "\n" not in str(error)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(legacy_like_text, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"]))
def test_any_text_keeps_every_content_character(text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        assume(False)
    try:
        issue = parse(data)
    except LegacyFormatError:
        return
    assert_nothing_dropped(data.decode(encoding).removeprefix("\ufeff"), issue)


# Plausible documents

HEADLINE_CHARS = "市总工会召开会议部署职工文化建设活动推进服务基层加强作风效能劳模宣传"
PROSE_CHARS = HEADLINE_CHARS + "各级要进一步深入开展切实维护合法权益的工作并取得新成效"
SOURCES = ["市总宣教部", "市总工会研究室", "综合来稿", "常熟市总工会", "市总生活部、女工部"]
RECIPIENTS = [
    "市四套班子有关领导",
    "全总办公厅",
    "省总工会",
    "各市（县）、区、局（公司）工会",
    "各直属单位工会",
    "市各有关部门",
]

headlines = st.text(alphabet=HEADLINE_CHARS, min_size=6, max_size=20)
paragraphs = st.builds(
    lambda a, b: f"{a}，{b}。",
    st.text(alphabet=PROSE_CHARS, min_size=15, max_size=40),
    st.text(alphabet=PROSE_CHARS, min_size=15, max_size=40),
)
gaps = st.sampled_from(["\n", "\n\n", "\n \n", "\n\u3000\n\n"])
indents = st.sampled_from(["", "  ", "\u3000\u3000", "\u00a0"])
placements = st.sampled_from(["inline", "spaces", "own_line"])


@st.composite
def articles(draw, brief: bool):
    return {
        "brief": brief,
        "title": "" if brief else draw(headlines),
        "subtitle": "" if brief else draw(st.one_of(st.just(""), headlines)),
        "paragraphs": draw(st.lists(paragraphs, min_size=1, max_size=1 if brief else 3)),
        "source": draw(st.sampled_from(SOURCES)),
        "placement": draw(placements),
    }


@st.composite
def documents(draw):
    names = draw(
        st.lists(
            st.sampled_from(["工作动态", "经验交流", "领导言论", "文化建设", "简讯"]),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    sections = [
        (name, draw(st.lists(articles(brief=name == "简讯"), min_size=1, max_size=3)))
        for name in names
    ]
    recipients = draw(st.lists(st.sampled_from(RECIPIENTS), min_size=1, max_size=6, unique=True))
    return sections, recipients, draw(gaps), draw(indents)


def render(sections, recipients, gap, indent) -> str:
    lines = []
    for name, items in sections:
        lines.append(f"{indent}【{name}】")
        for item in items:
            if not item["brief"]:
                lines.append(indent + item["title"])
                if item["subtitle"]:
                    lines.append(indent + item["subtitle"])
            body = list(item["paragraphs"])
            if item["brief"]:
                body[0] = "●" + body[0]
            source = f"（{item['source']}）"
            if item["placement"] == "inline":
                body[-1] += source
            elif item["placement"] == "spaces":
                body[-1] += "      " + source
            else:
                body.append(source)
            lines += [indent + line for line in body]
    lines.append("本期印发：" + "、".join(recipients))
    return gap.join(lines) + "\n"


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(
    documents(),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"]),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_generated_documents_come_back_with_their_structure(document, encoding, newline):
    sections, recipients, gap, indent = document
    text = render(sections, recipients, gap, indent)
    issue = parse(text.replace("\n", newline).encode(encoding))

    assert [s.name for s in issue.sections] == [name for name, _ in sections]
    assert issue.distribution == recipients
    for parsed, (_, items) in zip(issue.sections, sections, strict=True):
        assert len(parsed.articles) == len(items)
        for article, item in zip(parsed.articles, items, strict=True):
            assert article.kind == ("brief" if item["brief"] else "article")
            if not item["brief"]:
                assert (article.title, article.subtitle) == (item["title"], item["subtitle"])
            assert article.title
            assert article.paragraphs == item["paragraphs"]
            assert article.source_text == item["source"]
            assert article.sources == split_attribution(item["source"]).sources
    assert_nothing_dropped(text, issue)


# Marks, people and attributions written by other hands

GIVEN_NAME_CHARS = "建国华明伟芳军平立科志强红英文部站所院处"
personal_names = st.builds(
    "".join,
    st.tuples(
        st.sampled_from(sorted(SURNAMES)),
        st.text(alphabet=GIVEN_NAME_CHARS, min_size=1, max_size=2),
    ),
)
roles = st.sampled_from(["", "记者 ", "通讯员 ", "本报记者 ", "摄影/", "图/文 ", "记者"])
units = st.sampled_from(["", "市总新闻宣传中心 ", "院工会供稿 ", "区总工会 "])


@st.composite
def attributions(draw):
    people = draw(st.lists(personal_names, min_size=1, max_size=3))
    return draw(units) + draw(roles) + " ".join(people), people


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.sampled_from(BULLETS), paragraphs), min_size=1, max_size=4),
    attributions(),
    st.sampled_from(["inline", "own_line", "bare"]),
)
def test_marks_and_attribution_lines_never_lose_text(items, attribution, placement):
    written, _ = attribution
    lines = ["【简讯】"] + [mark + paragraph for mark, paragraph in items]
    if placement == "inline":
        lines[-1] += f"（{written}）"
    elif placement == "own_line":
        lines.append(f"（{written}）")
    else:
        lines.append(written)
    text = "\n".join(lines) + "\n"
    assert_nothing_dropped(text, parse(text.encode()))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(attributions())
def test_a_bare_personal_name_never_becomes_an_organization(attribution):
    written, people = attribution
    assert not set(people) & set(split_attribution(written).sources)
    text = f"【工作动态】\n召开会议\n{'甲' * 40}。（{written}）\n"
    issue = parse(text.encode())
    assert not set(people) & {source for a in issue.articles for source in a.sources}
