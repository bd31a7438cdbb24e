"""Files typed by other hands: no 【栏目】, other marks, unmarked briefs, people in
attributions, leads, spaces as written, date ranges. All examples are invented."""

import datetime

import pytest

from editorial.legacy.parser import BULLETS, LegacyFormatError, parse

BODY = "区总工会日前召开基层工会主席座谈会，听取各企业工会对下半年工作的意见和建议，并作具体部署。"
BODY2 = "会议要求各级工会要认真梳理职工反映的突出问题，逐项明确责任人和完成时限，确保件件有回音。"
BODY3 = "镇工会组织三十余名一线职工开展安全生产知识竞赛，进一步增强了职工的安全意识和自我保护能力。"


def parse_text(text: str, **kwargs):
    return parse(text.encode("utf-8"), **kwargs)


def articles_of(text: str, **kwargs):
    return parse_text(text, **kwargs).articles


# No 【栏目】 header


def test_single_article_without_a_header_is_one_unnamed_section():
    issue = parse_text(f"区工会召开座谈会\n{BODY}\n{BODY2}\n（区总工会办公室）\n")
    assert [s.name for s in issue.sections] == [""]
    assert issue.articles[0].title == "区工会召开座谈会"
    assert issue.articles[0].paragraphs == [BODY, BODY2]


def test_a_file_without_a_header_is_warned_about():
    issue = parse_text(f"区工会召开座谈会\n{BODY}\n")
    assert any("unnamed section" in warning for warning in issue.warnings)


def test_a_file_without_chinese_prose_is_refused():
    with pytest.raises(LegacyFormatError, match="no recognizable structure"):
        parse_text("Minutes of the meeting\nAttendance: 12\nNext meeting: Monday\n")


# Other brief marks


@pytest.mark.parametrize("mark", list("○◆◇■□▲△★☆•▪▶"))
def test_other_marks_begin_briefs_like_the_dot(mark):
    briefs = articles_of(f"【简讯】\n{mark}{BODY}（区总工会）\n{mark}{BODY2}（镇工会）\n")
    assert [b.kind for b in briefs] == ["brief", "brief"]
    assert [b.paragraphs for b in briefs] == [[BODY], [BODY2]]


@pytest.mark.parametrize("mark", list("○◆◇■□▲△★☆•▪▶"))
def test_a_mark_never_stays_in_a_title(mark):
    (article,) = articles_of(f"【工作动态】\n{mark}区工会召开座谈会\n{BODY}（区总工会）\n")
    assert article.title == "区工会召开座谈会"
    assert article.paragraphs == [BODY]


# Unmarked briefs


def test_consecutive_one_paragraph_items_with_their_own_attribution_are_briefs():
    text = f"【基层动态】\n{BODY}（区总工会）\n{BODY2}（镇工会）\n{BODY3}（记者 王某某）\n"
    items = articles_of(text)
    assert [a.kind for a in items] == ["brief", "brief", "brief"]
    assert [a.paragraphs for a in items] == [[BODY], [BODY2], [BODY3]]


# People are not organizations


@pytest.mark.parametrize(
    ("attribution", "sources", "byline", "credit"),
    [
        ("（记者 王某某）", [], "记者 王某某", ""),
        ("（通讯员 李某 张某）", [], "通讯员 李某 张某", ""),
        ("（王某某）", [], "王某某", ""),
        ("（炳坤 忠斌）", [], "炳坤 忠斌", ""),
        ("（市总新闻宣传中心 王某某）", ["市总工会新闻宣传中心"], "王某某", ""),
        ("（院工会供稿 摄影/包某某）", ["院工会"], "", "摄影/包某某"),
    ],
)
def test_people_in_an_attribution_are_the_byline_or_credit(attribution, sources, byline, credit):
    (article,) = articles_of(f"【工作动态】\n区工会召开座谈会\n{BODY}{attribution}\n")
    assert (article.sources, article.byline, article.credit) == (sources, byline, credit)
    assert article.paragraphs == [BODY]


def test_reporter_alone_on_the_last_line_is_the_byline():
    (article,) = articles_of(f"【工作动态】\n区工会召开座谈会\n{BODY}\n本报记者 宫某某\n")
    assert article.byline == "本报记者 宫某某"
    assert article.sources == []
    assert article.paragraphs == [BODY]


def test_picture_and_text_credit_on_its_own_line():
    (article,) = articles_of(f"【工作动态】\n区工会召开座谈会\n{BODY}\n图/文 李某某\n")
    assert article.credit == "图/文 李某某"


def test_a_known_organization_counts_whatever_its_name_ends_with():
    known = frozenset({"富士康"})
    (article,) = articles_of(
        f"【工作动态】\n区工会召开座谈会\n{BODY}（富士康）\n", known_organizations=known
    )
    assert article.sources == ["富士康"]


def test_a_person_whose_name_ends_like_a_unit_is_not_an_organization():
    (article,) = articles_of(f"【工作动态】\n区工会召开座谈会\n{BODY}（记者 王立科）\n")
    assert article.sources == []
    assert article.byline == "记者 王立科"


# An attribution on its own line ends the item above


def test_attribution_line_is_never_the_next_items_title():
    text = f"【工作动态】\n区工会召开座谈会\n{BODY}\n（王某某）\n镇工会开展知识竞赛\n{BODY3}\n"
    first, second = articles_of(text)
    assert (first.title, first.byline) == ("区工会召开座谈会", "王某某")
    assert second.title == "镇工会开展知识竞赛"


def test_short_line_before_an_attribution_line_stays_in_the_item_above():
    text = f"【工作动态】\n区工会召开座谈会\n{BODY}\n详见附件\n（区总工会）\n"
    (article,) = articles_of(text)
    assert article.paragraphs == [BODY, "详见附件"]
    assert article.sources == ["区总工会"]


# Leads


def test_a_short_lead_paragraph_is_body_not_a_headline():
    text = f"【工作动态】\n区工会召开座谈会\n本报讯 日前，区工会召开座谈会\n{BODY2}（区总工会）\n"
    (article,) = articles_of(text)
    assert article.title == "区工会召开座谈会"
    assert article.paragraphs[0] == "本报讯 日前，区工会召开座谈会"


def test_another_report_after_an_item_starts_a_new_item():
    text = f"【工作动态】\n区工会召开座谈会\n{BODY}\n又讯 {BODY3}\n"
    first, second = articles_of(text)
    assert first.paragraphs == [BODY]
    assert second.paragraphs == [f"又讯 {BODY3}"]


# Nothing altered


def test_space_between_two_words_of_a_paragraph_is_kept():
    text = f"【工作动态】\n区工会召开座谈会\n主持人  王某  宣布会议开始。{BODY}\n"
    (article,) = articles_of(text)
    assert article.paragraphs[0].startswith("主持人 王某 宣布会议开始。")


def test_slash_stays_a_slash():
    (article,) = articles_of(f"【工作动态】\n区工会召开座谈会\n{BODY}（图/文 李某某）\n")
    assert "/" in article.credit and "、" not in article.credit


def test_ascii_punctuation_is_kept_as_written():
    paragraph = "会议指出,要加强“职工之家”建设;各单位要抓好落实!全年完成30%的目标。"
    (article,) = articles_of(f"【工作动态】\n区工会召开座谈会\n{paragraph}\n")
    assert article.paragraphs == [paragraph]


# Dates


def test_a_date_range_counts_its_last_day():
    text = f"【工作动态】\n区工会召开座谈会\n2013年9月20-21日，{BODY}\n"
    issue = parse_text(text)
    assert issue.date == datetime.date(2013, 9, 21)


def test_brief_marks_are_a_closed_set():
    assert "●" in BULLETS and set("○◆◇■□▲△★☆•▪▶") <= set(BULLETS)


def test_an_attribution_at_the_top_of_a_section_is_never_the_next_title():
    (article,) = articles_of(
        f"【工作动态】\n（记者 王某某）\n区工会召开座谈会\n{BODY}（区总工会）\n"
    )
    assert article.title == "区工会召开座谈会"
    assert article.paragraphs == ["（记者 王某某）", BODY]


def test_a_reporter_line_under_the_units_line_is_one_attribution():
    second_item = f"镇工会开展竞赛\n{BODY3}\n"
    for first_item in (f"{BODY}\n（区总工会）\n", f"{BODY}（区总工会）\n"):
        text = f"【工作动态】\n区工会召开座谈会\n{first_item}（记者 王某某）\n{second_item}"
        first, second = articles_of(text)
        assert (first.sources, first.byline) == (["区总工会"], "记者 王某某")
        assert second.title == "镇工会开展竞赛"
