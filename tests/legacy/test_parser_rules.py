"""The parser's rules on small hand-written documents, one behaviour per test."""

import pytest

from editorial.legacy.parser import MAX_BYTES, LegacyFormatError, parse, split_recipients

BODY = "市总工会日前召开会议，研究部署下一阶段的各项重点工作，要求各级工会认真抓好落实。"
BODY2 = "会议强调，各级工会要进一步增强责任意识，切实做好服务职工的各项工作，推动工会工作创新发展。"


def parse_text(text: str, encoding: str = "utf-8", **kwargs):
    return parse(text.encode(encoding), **kwargs)


def only_article(text: str):
    issue = parse_text(text)
    assert len(issue.sections) == 1
    assert len(issue.sections[0].articles) == 1
    return issue.sections[0].articles[0]


# Errors


def test_empty_file_is_refused():
    with pytest.raises(LegacyFormatError, match="empty"):
        parse(b"")


def test_whitespace_only_file_is_empty():
    with pytest.raises(LegacyFormatError, match="empty"):
        parse(" \r\n\u3000\n".encode())


def test_png_is_binary():
    with pytest.raises(LegacyFormatError, match="binary"):
        parse(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20 + b"IHDR")


def test_nul_bytes_are_binary():
    with pytest.raises(LegacyFormatError, match="binary"):
        parse("【工作动态】\n".encode() + b"\x00\x01\x02\x00")


def test_undecodable_bytes_are_refused():
    with pytest.raises(LegacyFormatError, match="undecodable"):
        parse("【工作动态】".encode() + b"\xff\xff\xfe\x80")


def test_odd_length_utf16_is_undecodable():
    with pytest.raises(LegacyFormatError, match="undecodable"):
        parse("【工作动态】".encode("utf-16") + b"\x41")


def test_text_without_structure_is_refused():
    with pytest.raises(LegacyFormatError, match="no recognizable structure"):
        parse_text("这是一封普通的信。\n没有栏目，也没有本期印发。\n")


def test_file_over_the_size_limit_is_refused():
    with pytest.raises(LegacyFormatError, match="too large"):
        parse(b"a" * (MAX_BYTES + 1))


def test_error_messages_are_one_line():
    for data in (b"", b"\x00\x00", b"\xff\xff\x80", "无结构".encode()):
        with pytest.raises(LegacyFormatError) as caught:
            parse(data)
        assert "\n" not in str(caught.value)


# Headlines


def test_two_line_headline_is_title_and_subtitle():
    article = only_article(
        f"【工作动态】\n市总工会召开新闻通气会\n部署集中宣传劳模先进典型\n{BODY}"
    )
    assert (article.title, article.subtitle) == (
        "市总工会召开新闻通气会",
        "部署集中宣传劳模先进典型",
    )


@pytest.mark.parametrize("ending", ["以", "的", "和", "、", "“"])
def test_first_line_that_cannot_end_there_is_a_broken_title(ending):
    article = only_article(f"【工作动态】\n我市广泛深入地开展{ending}\n职工素质工程\n{BODY}")
    assert article.title == f"我市广泛深入地开展{ending}职工素质工程"
    assert article.subtitle == ""


def test_unbalanced_quote_means_a_broken_title():
    article = only_article(f"【工作动态】\n全市开展“争创学习型组织、\n争做知识型职工”活动\n{BODY}")
    assert article.title == "全市开展“争创学习型组织、争做知识型职工”活动"


def test_table_of_contents_decides_a_broken_title():
    text = (
        f"【工作动态】\n市总工会部署\n五一宣传工作\n{BODY}（市总宣教部）\n"
        "本期印发：省总工会\n●市总工会部署五一宣传工作\n"
    )
    article = parse_text(text).sections[0].articles[0]
    assert (article.title, article.subtitle) == ("市总工会部署五一宣传工作", "")


def test_short_question_is_a_headline():
    article = only_article(f"【经验交流】\n工会如何更好地服务职工？\n{BODY}（市总办公室）\n")
    assert article.title == "工会如何更好地服务职工？"
    assert article.paragraphs == [BODY]


def test_byline_is_position_spaces_name():
    article = only_article(
        f"【领导言论】\n依靠工人阶级  实现又好又快发展\n中共某市委书记    张三\n{BODY}"
    )
    assert article.title == "依靠工人阶级 实现又好又快发展"
    assert article.byline == "中共某市委书记 张三"


def test_title_with_two_phrases_is_not_a_byline():
    article = only_article(f"【领导言论】\n依靠工人阶级  实现又好又快发展\n{BODY}")
    assert article.byline == ""


def test_blank_lines_do_not_matter():
    dense = f"【工作动态】\n市总工会召开会议\n{BODY}\n{BODY2}（市总办公室）\n"
    airy = f"【工作动态】\n\n市总工会召开会议\n\n\n{BODY}\n\n{BODY2}\n\n（市总办公室）\n\n"
    assert parse_text(dense).to_dict() == parse_text(airy).to_dict()


def test_articles_without_blank_lines_between_them_are_split():
    text = f"【工作动态】\n第一篇标题\n{BODY}（市总办公室）\n第二篇标题\n{BODY2}（市总研究室）\n"
    articles = parse_text(text).sections[0].articles
    assert [a.title for a in articles] == ["第一篇标题", "第二篇标题"]


def test_enumerated_subheading_stays_inside_the_article():
    text = f"【工作动态】\n市总工会召开会议\n{BODY}\n一、加强组织领导\n{BODY2}（市总办公室）\n"
    article = only_article(text)
    assert article.paragraphs[1] == "一、加强组织领导"
    assert len(article.paragraphs) == 3


def test_article_without_headline_takes_its_first_clause():
    issue = parse_text(f"【工作动态】\n{BODY}（市总办公室）\n")
    assert issue.sections[0].articles[0].title == "市总工会日前召开会议"
    assert any("headline" in w for w in issue.warnings)


# Sources


def test_source_on_its_own_line():
    article = only_article(f"【工作动态】\n标题\n{BODY}\n（市总宣教部）\n")
    assert article.sources == ["市总工会宣教部"]
    assert article.source_text == "市总宣教部"
    assert article.paragraphs == [BODY]


def test_source_after_a_run_of_spaces():
    article = only_article(f"【工作动态】\n标题\n{BODY}\u3000\u3000   （常熟市总工会）  \n")
    assert article.sources == ["常熟市总工会"]
    assert article.paragraphs == [BODY]


def test_credit_is_not_an_organization():
    article = only_article(f"【工作动态】\n标题\n{BODY}（综合来稿）\n")
    assert (article.sources, article.credit, article.source_text) == ([], "综合来稿", "综合来稿")


def test_parenthesis_inside_prose_is_not_a_source():
    article = only_article(f"【工作动态】\n标题\n{BODY}全市获得工会工作十强县（市）\n")
    assert article.sources == []
    assert article.paragraphs[0].endswith("十强县（市）")


def test_missing_source_is_warned():
    issue = parse_text(f"【工作动态】\n标题\n{BODY}\n")
    assert any("source" in w for w in issue.warnings)


# Briefs


def test_each_bullet_is_its_own_brief():
    text = f"【简讯】\n●{BODY}（市总办公室）\n●{BODY2}  （市总研究室）\n"
    briefs = parse_text(text).sections[0].articles
    assert [b.kind for b in briefs] == ["brief", "brief"]
    assert [b.sources for b in briefs] == [["市总工会办公室"], ["市总工会研究室"]]


def test_brief_without_table_of_contents_is_titled_by_its_first_clause():
    brief = only_article(f"【简讯】\n●{BODY}（市总办公室）\n")
    assert brief.title == "市总工会日前召开会议"


def test_brief_title_skips_a_leading_time_phrase():
    brief = only_article("【简讯】\n●日前，昆山市总工会举办了工会干部培训班。（昆山市总工会）\n")
    assert brief.title == "昆山市总工会举办了工会干部培训班"


def test_table_of_contents_titles_briefs_by_overlap():
    text = (
        "【简讯】\n"
        "●市总工会8月25日上午举办了“金秋助学”发放仪式，分发了秋季助学款。（市总生活部）\n"
        "●吴中区总工会联合举办了吴中区首届烹饪、服务技能比赛。（吴中区总工会）\n"
        "本期印发：省总工会\n【简讯】\n"
        "●吴中区举办首届烹饪、服务技能比赛\n●市总工会举办“金秋助学”发放仪式\n"
    )
    briefs = parse_text(text).sections[0].articles
    assert [b.title for b in briefs] == [
        "市总工会举办“金秋助学”发放仪式",
        "吴中区举办首届烹饪、服务技能比赛",
    ]


# Footer


def test_text_after_the_footer_that_is_not_a_toc_is_kept_with_a_warning():
    text = (
        f"【工作动态】\n标题\n{BODY}（市总办公室）\n"
        "本期印发：省总工会\n这一段文字出现在版记之后，不是目录。\n"
    )
    issue = parse_text(text)
    assert issue.sections[0].articles[0].paragraphs[-1] == "这一段文字出现在版记之后，不是目录。"
    assert any("本期印发" in w for w in issue.warnings)


def test_distribution_continued_on_the_next_line():
    footer = "本期印发：省总工会、市委、\n市政府、市各有关部门\n"
    text = f"【工作动态】\n标题\n{BODY}（市总办公室）\n{footer}"
    assert parse_text(text).distribution == ["省总工会", "市委", "市政府", "市各有关部门"]


@pytest.mark.parametrize(
    ("listed", "expected"),
    [
        (
            "全总办公厅、省总工会、各市（县）、区总工会、市各有关部门",
            ["全总办公厅", "省总工会", "各市（县）、区总工会", "市各有关部门"],
        ),
        ("市委、市人大、市政府、市政协", ["市委", "市人大", "市政府", "市政协"]),
        ("各区、县工会、各产业工会", ["各区、县工会", "各产业工会"]),
        ("各市、县、区总工会", ["各市、县、区总工会"]),
        ("省总工会，市委办公室；苏州日报。", ["省总工会", "市委办公室", "苏州日报"]),
        ("市总工会领导、各部室、各直属单位", ["市总工会领导", "各部室", "各直属单位"]),
        ("省总工会、市各有关部门、区", ["省总工会", "市各有关部门、区"]),
    ],
)
def test_recipients_split_only_between_recipients(listed, expected):
    assert split_recipients(listed) == expected


# Structure


def test_text_before_the_first_header_goes_to_an_unnamed_section():
    issue = parse_text(f"区工会召开座谈会\n{BODY}\n【工作动态】\n标题\n{BODY2}（市总办公室）\n")
    assert issue.sections[0].name == ""
    assert issue.sections[0].articles[0].title == "区工会召开座谈会"
    assert any("unnamed section" in w for w in issue.warnings)


def test_a_typed_masthead_before_the_first_header_is_read_not_kept_as_content():
    issue = parse_text(f"工会工作简报\n2012年第8期\n【工作动态】\n标题\n{BODY}（市总办公室）\n")
    assert [s.name for s in issue.sections] == ["工作动态"]
    assert (issue.title, issue.year, issue.number) == ("工会工作简报", 2012, 8)


def test_header_followed_by_text_on_the_same_line():
    issue = parse_text(f"【简讯】●{BODY}（市总办公室）\n")
    assert issue.sections[0].name == "简讯"
    assert issue.sections[0].articles[0].kind == "brief"


def test_big_endian_utf16_with_bom():
    text = f"【工作动态】\n标题\n{BODY}（市总办公室）\n"
    issue = parse(b"\xfe\xff" + text.encode("utf-16-be"))
    assert issue.encoding == "utf-16"
    assert issue.sections[0].articles[0].paragraphs == [BODY]


def test_spaces_inside_a_section_header_are_layout():
    assert parse_text(f"【 工作  动态 】\n标题\n{BODY}\n").sections[0].name == "工作动态"


def test_dos_end_of_file_marker_is_ignored():
    issue = parse(f"【工作动态】\n标题\n{BODY}（市总办公室）\n".encode() + b"\x1a")
    assert issue.sections[0].articles[0].sources == ["市总工会办公室"]


def test_ideographic_and_no_break_spaces_are_indentation():
    text = f"\u3000\u3000【工作动态】\n\u00a0\u00a0标题\n\u3000\u3000{BODY}（市总办公室）\n"
    assert only_article(text).paragraphs == [BODY]
