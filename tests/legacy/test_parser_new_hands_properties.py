"""The rules for the newer texts from other hands, on generated variants: any names,
full-width or ASCII punctuation, marks or none. Text comes back exactly as written
and every line is accounted for."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editorial.legacy.parser import BULLETS, parse
from editorial.naming import SURNAMES
from tests.legacy.test_nothing_lost import assert_every_line_accounted_for
from tests.legacy.test_parser_properties import PROSE_CHARS, headlines, personal_names

# Full-width as printed, or ASCII as copied from a web page.
styles = st.sampled_from([("，", "。", "（", "）"), (",", ".", "(", ")")])
clauses = st.text(alphabet=PROSE_CHARS, min_size=16, max_size=30)
units = st.builds(
    "".join,
    st.tuples(st.sampled_from(["某县", "城东", "新区", "某镇", "某公司"]), st.just("总工会")),
)


@st.composite
def sentences(draw, style):
    comma, stop, _, _ = style
    return f"{draw(clauses)}{comma}{draw(clauses)}{stop}"


@st.composite
def picture_credits(draw):
    """(the credit as written, the sources it names, its credit)"""
    person, unit = draw(personal_names), draw(units)
    return draw(
        st.sampled_from(
            [
                (f"{person} 摄", [], f"{person} 摄"),
                (f"{person}/摄", [], f"{person}/摄"),
                (f"{unit} 供图", [unit], "供图"),
                (f"图/文 {unit}", [unit], "图/文"),
                (f"摄影：{person}", [], f"摄影：{person}"),
            ]
        )
    )


SETTINGS = settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(styles, st.lists(st.tuples(st.data(), picture_credits()), min_size=2, max_size=5))
def test_a_caption_column_comes_back_one_brief_per_caption(style, items):
    bodies = [data.draw(sentences(style)) for data, _ in items]
    separators = [data.draw(st.sampled_from(["", " ", " / ", "  "])) for data, _ in items]
    lines = [
        f"{body}{separator}{credit}"
        for body, separator, (_, (credit, _, _)) in zip(bodies, separators, items, strict=True)
    ]
    text = "\n".join(lines) + "\n"
    issue = parse(text.encode())
    assert [(a.kind, a.paragraphs) for a in issue.articles] == [
        ("brief", [body]) for body in bodies
    ]
    assert [(a.sources, a.credit) for a in issue.articles] == [
        (sources, credit) for _, (_, sources, credit) in items
    ]
    assert_every_line_accounted_for(text, issue)


@SETTINGS
@given(
    styles,
    st.lists(st.tuples(st.integers(1, 12), st.integers(1, 28)), min_size=2, max_size=6),
    st.data(),
)
def test_a_digest_comes_back_one_brief_per_dated_item(style, days, data):
    comma = style[0]
    items = [f"{m}月{d}日{comma}{data.draw(sentences(style))}" for m, d in days]
    text = "一周速览\n" + "\n".join(items) + "\n"
    issue = parse(text.encode())
    assert [(a.kind, a.paragraphs) for a in issue.articles] == [("brief", [item]) for item in items]
    assert_every_line_accounted_for(text, issue)


@SETTINGS
@given(
    styles,
    headlines,
    st.sampled_from(["", *BULLETS[:6]]),
    st.sampled_from(["记者", "通讯员", "本报记者"]),
    st.lists(personal_names, min_size=1, max_size=3, unique=True),
    st.data(),
)
def test_writers_under_a_headline_come_back_as_the_byline(style, headline, mark, role, names, data):
    _, _, open_, close = style
    body = data.draw(sentences(style))
    writers = f"{role} {' '.join(names)}"
    text = f"【工作动态】\n{headline}\n{mark}{writers}\n{body}{open_}区总工会{close}\n"
    issue = parse(text.encode())
    (article,) = issue.articles
    assert (article.title, article.byline) == (headline, writers)
    assert (article.paragraphs, article.sources) == ([body], ["区总工会"])
    assert_every_line_accounted_for(text, issue)


@SETTINGS
@given(styles, headlines, personal_names, st.sampled_from(["本报讯", "本站讯"]), st.data())
def test_a_news_opener_comes_back_as_the_source(style, headline, name, opener, data):
    _, _, open_, close = style
    body = data.draw(sentences(style))
    text = f"【工作动态】\n{headline}\n{opener}{open_}记者 {name}{close}{body}\n"
    issue = parse(text.encode())
    (article,) = issue.articles
    assert (article.paragraphs, article.byline) == ([body], f"记者 {name}")
    assert article.source_text == f"{opener}{open_}记者 {name}{close}"
    assert_every_line_accounted_for(text, issue)


@SETTINGS
@given(
    styles,
    headlines,
    st.sampled_from(sorted(s for s in SURNAMES if len(s) == 1)),
    st.text(alphabet="建国华明伟芳军平", min_size=1, max_size=2),
    st.data(),
)
def test_a_name_glued_to_the_last_sentence_comes_back_as_the_byline(
    style, headline, surname, given_name, data
):
    body = data.draw(sentences(style))
    text = f"【工作动态】\n{headline}\n{body}{surname}{given_name}\n"
    issue = parse(text.encode())
    (article,) = issue.articles
    assert (article.paragraphs, article.byline) == ([body], surname + given_name)
    assert_every_line_accounted_for(text, issue)


@SETTINGS
@given(
    st.text(alphabet="市总工会召开会议部署职工文化建设活动推进服务基层", min_size=8, max_size=20),
    st.sampled_from(list("在对把将向从")),
    headlines,
    st.data(),
)
def test_a_headline_broken_after_a_preposition_comes_back_whole(start, word, end, data):
    body = data.draw(sentences(("，", "。", "（", "）")))
    text = f"【工作动态】\n{start}{word}\n{end}\n{body}（区总工会）\n"
    issue = parse(text.encode())
    (article,) = issue.articles
    assert (article.title, article.subtitle) == (f"{start}{word}{end}", "")
    assert_every_line_accounted_for(text, issue)
