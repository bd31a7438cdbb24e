"""What a newer set of texts from other hands does: union newspapers and websites.
Each rule a pattern, not a sample's names; all examples are invented."""

import pytest

from editorial.legacy.parser import parse

BODY = "区总工会日前召开基层工会主席座谈会，听取各企业工会对下半年工作的意见和建议，并作具体部署。"
BODY2 = "会议要求各级工会要认真梳理职工反映的突出问题，逐项明确责任人和完成时限，确保件件有回音。"
BODY3 = "镇工会组织三十余名一线职工开展安全生产知识竞赛，进一步增强了职工的安全意识和自我保护能力。"


def articles_of(text: str):
    return parse(text.encode("utf-8")).articles


def codes(text: str) -> list[str]:
    return [warning.code for warning in parse(text.encode("utf-8")).warnings]


# Writers under the headline


@pytest.mark.parametrize(
    "line", ["□通讯员 张三 李四", "■记者 王五", "通讯员 张三 李四", "（记者 王五）", "(记者 王五)"]
)
def test_a_line_of_writers_under_a_headline_is_the_byline(line):
    (article,) = articles_of(f"【工作动态】\n区工会召开座谈会\n{line}\n{BODY}（区总工会）\n")
    assert article.title == "区工会召开座谈会"
    assert article.byline == line.strip("□■（）()")
    assert article.paragraphs == [BODY]
    assert article.sources == ["区总工会"]


def test_a_marked_line_of_writers_is_never_an_item_of_its_own():
    items = articles_of(f"【工作动态】\n区工会召开座谈会\n{BODY}\n■记者 王五\n")
    assert len(items) == 1
    assert items[0].byline == "记者 王五"


# Photo-caption columns


CAPTIONS = (
    f"{BODY}张三 摄\n{BODY2}某县总工会 供图\n{BODY3}/ 图/文 某镇工会\n"  # no marks, no headlines
)


def test_caption_items_each_ending_in_a_credit_are_separate_briefs():
    items = articles_of(CAPTIONS)
    assert [(a.kind, a.paragraphs) for a in items] == [
        ("brief", [BODY]),
        ("brief", [BODY2]),
        ("brief", [BODY3]),
    ]


def test_a_caption_column_is_warned_about():
    assert "caption_column" in codes(CAPTIONS)


def test_a_photographer_is_the_credit_not_the_byline():
    first = articles_of(CAPTIONS)[0]
    assert (first.byline, first.credit, first.sources) == ("", "张三 摄", [])


def test_a_union_that_supplied_the_picture_is_the_source():
    second = articles_of(CAPTIONS)[1]
    assert (second.sources, second.credit) == (["某县总工会"], "供图")


def test_a_credit_after_a_slash_is_read():
    third = articles_of(CAPTIONS)[2]
    assert (third.sources, third.credit, third.source_text) == (
        ["某镇工会"],
        "图/文",
        "图/文 某镇工会",
    )


@pytest.mark.parametrize("credit", ["(图、文/校工会)", "（图、文/校工会）", "（图/文 校工会）"])
def test_a_picture_and_text_credit_on_its_own_line_names_the_union(credit):
    (article,) = articles_of(f"【工作动态】\n区工会召开座谈会\n{BODY}\n{credit}\n")
    assert article.sources == ["校工会"]
    assert article.byline == ""


# Digest columns


DIGEST = (
    "工运晨读\n"
    "2月3日，某市总工会召开全委会议，总结去年工会工作，部署今年各项任务，号召广大职工建功新时代。\n"
    "2月4日,某区总工会举办女职工权益保护知识讲座,200余名女职工参加,现场解答法律咨询30余人次。\n"
    "2026年2月5日上午，某县总工会为一线环卫工人送上防寒物资，并向他们致以新春的问候和祝愿。\n"
)


def test_a_digest_column_is_split_at_its_date_led_items():
    items = articles_of(DIGEST)
    assert [a.kind for a in items] == ["brief"] * 3
    assert [a.paragraphs[0][:5] for a in items] == ["2月3日，", "2月4日,", "2026年"]


def test_the_digest_column_title_names_an_unnamed_section():
    issue = parse(DIGEST.encode())
    assert [s.name for s in issue.sections] == ["工运晨读"]


def test_a_digest_split_is_warned_about():
    assert "split_at_dates" in codes(DIGEST)


def test_a_digests_teaser_list_stays_with_its_title_before_the_items():
    teaser = "一周速览 | 2月第1周\n● 某市总工会召开全委会议\n● 某区总工会举办讲座\n"
    issue = parse((teaser + DIGEST.split("\n", 1)[1]).encode())
    column, *items = issue.articles
    assert (column.title, column.paragraphs) == (
        "一周速览 | 2月第1周",
        ["某市总工会召开全委会议", "某区总工会举办讲座"],
    )
    assert [a.kind for a in items] == ["brief"] * 3


def test_dated_paragraphs_with_other_paragraphs_between_them_stay_one_article():
    text = f"【工作动态】\n区工会召开座谈会\n8月1日，{BODY}\n{BODY2}\n8月3日，{BODY3}（区总工会）\n"
    (article,) = articles_of(text)
    assert len(article.paragraphs) == 3


# Credits glued to the text, and openers


def test_a_writers_name_glued_to_the_last_sentence_is_the_byline():
    (article,) = articles_of(f"【工作动态】\n区工会召开座谈会\n{BODY}汪某\n")
    assert (article.paragraphs, article.byline) == ([BODY], "汪某")


def test_a_name_read_from_the_end_of_the_text_is_warned_about():
    assert "credit_as_person" in codes(f"【工作动态】\n区工会召开座谈会\n{BODY}汪某\n")


def test_words_after_the_last_sentence_that_are_no_name_stay_text():
    (article,) = articles_of(f"【工作动态】\n区工会召开座谈会\n{BODY}详见\n")
    assert article.paragraphs == [f"{BODY}详见"]
    assert article.byline == ""


@pytest.mark.parametrize(
    ("opener", "source_text"),
    [("本报讯（记者 陈某）", "本报讯（记者 陈某）"), ("本站讯(记者 陈某) ", "本站讯(记者 陈某)")],
)
def test_a_news_opener_with_a_credit_is_the_source_not_the_first_words(opener, source_text):
    (article,) = articles_of(f"【工作动态】\n区工会召开座谈会\n{opener}{BODY}\n")
    assert article.paragraphs == [BODY]
    assert (article.byline, article.source_text) == ("记者 陈某", source_text)


def test_a_news_opener_and_a_unit_at_the_end_are_both_kept():
    (article,) = articles_of(
        f"【工作动态】\n区工会召开座谈会\n本报讯（记者 陈某）{BODY}（区总工会）\n"
    )
    assert (article.byline, article.sources) == ("记者 陈某", ["区总工会"])
    assert article.source_text == "本报讯（记者 陈某） 区总工会"


# Headlines and untitled items


def test_a_headline_broken_after_a_preposition_is_one_title():
    (article,) = articles_of(
        f"【工作动态】\n职工书屋建设推进会在\n城东街道召开\n{BODY}（区总工会）\n"
    )
    assert (article.title, article.subtitle) == ("职工书屋建设推进会在城东街道召开", "")


def test_a_few_characters_left_over_from_a_long_headline_end_the_title():
    text = f"【工作动态】\n全市工会系统广泛开展职工技能\n竞赛活动\n{BODY}（区总工会）\n"
    (article,) = articles_of(text)
    assert (article.title, article.subtitle) == ("全市工会系统广泛开展职工技能竞赛活动", "")


def test_a_short_subtitle_after_a_dash_stays_a_subtitle():
    text = f"【工作动态】\n全市工会系统广泛开展职工技能竞赛\n——综述\n{BODY}（区总工会）\n"
    (article,) = articles_of(text)
    assert (article.title, article.subtitle) == ("全市工会系统广泛开展职工技能竞赛", "——综述")


def test_a_title_ending_in_a_word_keeps_its_subtitle():
    (article,) = articles_of(
        f"【工作动态】\n工会大有作为\n记某区总工会服务职工\n{BODY}（区总工会）\n"
    )
    assert (article.title, article.subtitle) == ("工会大有作为", "记某区总工会服务职工")


def test_a_short_untitled_item_is_kept_as_a_brief():
    (item,) = articles_of(f"【工作动态】\n{BODY}\n")
    assert item.kind == "brief"
    assert item.paragraphs == [BODY]


def test_a_short_untitled_item_kept_as_a_brief_is_warned_about():
    assert "kept_as_brief" in codes(f"【工作动态】\n{BODY}\n")


def test_a_long_untitled_item_stays_an_article():
    (item,) = articles_of(f"【工作动态】\n{BODY * 5}\n")
    assert item.kind == "article"


# Text copied from web pages


def test_an_ascii_full_stop_ends_a_sentence_and_an_ascii_source_follows_it():
    paragraph = "市总工会召开党组(扩大)会议,传达学习上级会议精神,研究部署贯彻落实措施."
    (article,) = articles_of(f"【工作动态】\n市总工会召开会议\n{paragraph}(市总办公室)\n")
    assert article.paragraphs == [paragraph]
    assert article.sources == ["市总工会办公室"]
