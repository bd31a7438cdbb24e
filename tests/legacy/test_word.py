"""Word files (.docx, .doc): the cover page, formatting, pictures, tables, bad files."""

import datetime
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from editorial.legacy.parser import LegacyFormatError, parse
from editorial.legacy.word import parse_file
from tests.conftest import missing
from tests.legacy.test_parser import SAMPLE_2007, SAMPLE_2012
from tests.legacy.test_parser_properties import documents, render
from tests.legacy.word_files import BODY, BODY2, Bulletin, cover, png


def sample_as_word(path) -> bytes:
    return cover(Bulletin()).lines(path.read_text(encoding="utf-8-sig")).bytes()


# The done-when case


@pytest.mark.parametrize("path", [SAMPLE_2012, SAMPLE_2007])
def test_a_sample_in_word_has_the_structure_of_its_text_file(path):
    word = parse_file(sample_as_word(path), filename="issue.docx").to_dict()
    text = parse(path.read_bytes()).to_dict()
    assert word["sections"] == text["sections"]
    assert word["distribution"] == text["distribution"]


def test_number_cumulative_number_and_date_come_from_the_cover():
    issue = parse_file(sample_as_word(SAMPLE_2012), filename="issue.docx")
    assert not any("年份" in warning or "日期" in warning for warning in issue.warnings)
    assert (issue.number, issue.cumulative_number, issue.date, issue.year) == (
        8,
        312,
        datetime.date(2012, 4, 25),
        2012,
    )
    assert not issue.date_inferred and not issue.year_inferred


def test_the_cover_names_the_bulletin_and_its_publisher():
    issue = parse_file(sample_as_word(SAMPLE_2012), filename="issue.docx")
    assert (issue.title, issue.publisher) == ("工会工作简报", "苏州市总工会办公室")


def test_the_cover_page_is_not_content():
    issue = parse_file(sample_as_word(SAMPLE_2012), filename="issue.docx")
    text = " ".join(p for a in issue.articles for p in [a.title, *a.paragraphs])
    assert "总第312期" not in text and "苏州市总工会办公室" not in text


# The cover page and the 版记


def test_signer_supplement_and_print_run_are_read():
    data = (
        Bulletin()
        .masthead("工会工作简报")
        .line("增刊 第2期", centred=True)
        .line("区总工会办公室编印  签发人：赵某某  2013年9月30日")
        .lines(f"【工作动态】\n区工会召开座谈会\n{BODY}（区总工会）\n")
        .lines("本期印发：各基层工会\n抄送：市总工会办公室\n报送：区委办公室\n共印120份\n")
        .bytes()
    )
    issue = parse_file(data, filename="x.docx")
    assert issue.supplement and issue.number == 2
    assert (issue.signer, issue.print_run) == ("赵某某", 120)
    assert issue.publisher == "区总工会办公室"
    assert issue.distribution == ["各基层工会", "市总工会办公室", "区委办公室"]


def test_a_large_red_first_line_is_the_masthead_whatever_it_says():
    data = (
        Bulletin().masthead("职工之声").lines(f"【工作动态】\n区工会召开座谈会\n{BODY}\n").bytes()
    )
    assert parse_file(data, filename="x.docx").title == "职工之声"


# Formatting


def test_a_bold_short_line_is_a_headline_even_when_it_exclaims():
    data = (
        Bulletin()
        .lines("【工作动态】")
        .line("撸起袖子加油干，工会干部当先锋！", bold=True)
        .lines(f"{BODY}（区总工会）\n")
        .bytes()
    )
    (article,) = parse_file(data, filename="x.docx").articles
    assert article.title == "撸起袖子加油干，工会干部当先锋！"
    assert article.paragraphs == [BODY]


def test_the_same_line_not_bold_is_prose():
    data = Bulletin().lines(f"【工作动态】\n撸起袖子加油干，工会干部当先锋！\n{BODY}（区总工会）\n")
    (article,) = parse_file(data.bytes(), filename="x.docx").articles
    assert article.paragraphs[0] == "撸起袖子加油干，工会干部当先锋！"


# Pictures and tables


def test_a_picture_stays_with_its_article_with_its_caption():
    picture = png()
    data = (
        Bulletin()
        .lines(f"【工作动态】\n区工会召开座谈会\n{BODY}")
        .picture(picture)
        .lines(f"图为座谈会现场\n{BODY2}（区总工会）\n镇工会开展知识竞赛\n{BODY2}（镇工会）\n")
        .bytes()
    )
    first, second = parse_file(data, filename="x.docx").articles
    assert [image.data for image in first.images] == [picture]
    assert first.images[0].caption == "图为座谈会现场"
    assert first.images[0].content_type == "image/png"
    assert first.paragraphs == [BODY, BODY2]
    assert second.images == []


def test_a_picture_before_the_body_goes_with_the_article_below_its_headline():
    data = (
        Bulletin()
        .lines("【工作动态】\n区工会召开座谈会")
        .picture()
        .lines(f"{BODY}（区总工会）\n")
        .bytes()
    )
    (article,) = parse_file(data, filename="x.docx").articles
    assert len(article.images) == 1 and article.images[0].caption == ""


def test_a_picture_outside_any_article_is_kept_with_a_warning():
    data = Bulletin().picture().lines(f"【工作动态】\n区工会召开座谈会\n{BODY}\n").bytes()
    issue = parse_file(data, filename="x.docx")
    assert len(issue.articles[-1].images) == 1
    assert any("picture(s) outside any article" in w for w in issue.warnings)


def test_a_table_is_kept_as_text_with_a_warning():
    data = (
        Bulletin()
        .lines(f"【工作动态】\n区工会开展职工技能竞赛\n{BODY}")
        .table([["项目", "人数"], ["电工", "32"]])
        .lines("（区总工会）\n")
        .bytes()
    )
    issue = parse_file(data, filename="x.docx")
    (article,) = issue.articles
    assert article.paragraphs == [BODY, "项目 | 人数", "电工 | 32"]
    assert article.sources == ["区总工会"]
    assert any("table(s) kept as text" in w for w in issue.warnings)


# Bad files


def test_a_damaged_docx_gives_a_one_line_reason():
    data = Bulletin().lines(f"【工作动态】\n{BODY}\n").bytes()
    with pytest.raises(LegacyFormatError, match="damaged Word file") as caught:
        parse_file(data[: len(data) // 2], filename="x.docx")
    assert "\n" not in str(caught.value)


def test_a_text_file_named_docx_is_not_a_word_file():
    with pytest.raises(LegacyFormatError, match="not a Word file"):
        parse_file(f"【工作动态】\n{BODY}\n".encode(), filename="x.docx")


def test_a_password_protected_word_file_says_so():
    # Word saves a password-protected .docx as an OLE file holding an EncryptedPackage.
    data = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le")
    )
    with pytest.raises(LegacyFormatError, match="password-protected"):
        parse_file(data, filename="x.docx")


def test_doc_without_a_converter_gives_a_clear_reason(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(LegacyFormatError, match="neither antiword nor catdoc is installed"):
        parse_file(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, filename="x.doc")


def test_an_ole_file_that_is_no_word_document_is_refused():
    require("antiword")
    with pytest.raises(LegacyFormatError, match=r"unreadable \.doc file"):
        parse_file(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, filename="x.doc")


# Word 97-2003 (.doc): tests/legacy/fixtures/bulletin.doc, made by fixtures/make_doc.py

DOC = Path(__file__).parent / "fixtures" / "bulletin.doc"


def only(tool):
    """shutil.which as if only ``tool`` of the converters were installed."""
    real = shutil.which
    return lambda name: real(name) if name == tool else None


def require(tool):
    if shutil.which(tool) is None:
        missing(f"this test needs {tool} (scripts/system-packages installs it)")


@pytest.mark.parametrize("tool", ["antiword", "catdoc"])
def test_a_doc_file_is_read_with_its_cover_page(monkeypatch, tool):
    require(tool)
    monkeypatch.setattr(shutil, "which", only(tool))
    issue = parse_file(DOC.read_bytes(), filename="bulletin.doc")
    assert (issue.number, issue.cumulative_number, issue.date) == (
        3,
        127,
        datetime.date(2013, 5, 20),
    )
    assert (issue.publisher, issue.print_run) == ("区总工会办公室", 80)
    assert [s.name for s in issue.sections] == ["工作动态", "简讯"]
    assert [a.kind for a in issue.articles] == ["article", "brief"]
    assert issue.articles[0].title == "区工会召开基层工会主席座谈会"
    assert issue.distribution == ["各基层工会"]


def test_a_doc_file_says_it_gives_text_only():
    require("antiword")
    issue = parse_file(DOC.read_bytes(), filename="bulletin.doc")
    assert any("text only" in warning for warning in issue.warnings)


def test_a_picture_in_a_table_is_kept():
    data = (
        Bulletin()
        .lines(f"【工作动态】\n区工会开展职工技能竞赛\n{BODY}")
        .table([["电工", ""], ["焊工", "32"]], picture_in=(0, 1))
        .lines("（区总工会）\n")
        .bytes()
    )
    (article,) = parse_file(data, filename="x.docx").articles
    assert len(article.images) == 1
    assert article.paragraphs == [BODY, "电工", "焊工 | 32"]


def test_equal_cells_of_a_row_are_all_kept():
    data = (
        Bulletin()
        .lines(f"【工作动态】\n区工会开展职工技能竞赛\n{BODY}")
        .table([["一季度", "0", "0"]])
        .bytes()
    )
    (article,) = parse_file(data, filename="x.docx").articles
    assert article.paragraphs[-1] == "一季度 | 0 | 0"


# The cover page, as offices print it


def test_a_line_of_the_cover_that_is_no_cover_field_stays_content():
    data = (
        cover(Bulletin())
        .line("（请各单位传阅）")
        .lines(f"【工作动态】\n区工会召开座谈会\n{BODY}（区总工会）\n")
        .bytes()
    )
    issue = parse_file(data, filename="x.docx")
    assert issue.number == 8
    assert issue.sections[0].name == ""
    assert issue.sections[0].articles[0].title == "（请各单位传阅）"


def test_an_internal_mark_on_the_cover_makes_the_issue_internal_and_is_not_content():
    data = (
        cover(Bulletin())
        .line("（内部资料 注意保存）")
        .lines(f"【工作动态】\n区工会召开座谈会\n{BODY}（区总工会）\n")
        .bytes()
    )
    issue = parse_file(data, filename="x.docx")
    assert issue.internal
    assert [s.name for s in issue.sections] == ["工作动态"]


def test_a_table_of_contents_on_the_cover_titles_the_briefs_and_is_not_content():
    data = (
        cover(Bulletin())
        .lines(
            "本期要目\n【工作动态】\n●区工会召开座谈会\n【简讯】\n●镇工会开展安全知识竞赛\n"
            f"【工作动态】\n区工会召开座谈会\n{BODY}（区总工会）\n"
            "【简讯】\n●镇工会组织三十余名一线职工开展安全生产知识竞赛，增强了职工的安全意识。（镇工会）\n"
        )
        .bytes()
    )
    issue = parse_file(data, filename="x.docx")
    assert [s.name for s in issue.sections] == ["工作动态", "简讯"]
    assert [a.title for a in issue.articles] == ["区工会召开座谈会", "镇工会开展安全知识竞赛"]


def test_a_word_file_without_a_bulletin_in_it_is_refused():
    data = Bulletin().lines("Meeting notes\nAttendance: 12\nNext meeting on Monday\n").bytes()
    with pytest.raises(LegacyFormatError, match="no recognizable structure"):
        parse_file(data, filename="notes.docx")


def test_a_password_protected_doc_says_so():
    from tests.legacy.fixtures.make_doc import compound, word_document

    # The FIB's fEncrypted flag, as Word sets it when a .doc is saved with a password.
    document, table = word_document(f"【工作动态】\n{BODY}\n", encrypted=True)
    data = compound({"WordDocument": document, "1Table": table})
    with pytest.raises(LegacyFormatError, match="password-protected"):
        parse_file(data, filename="x.doc")


def test_comments_that_are_not_imported_are_named_in_a_warning():
    bulletin = Bulletin().lines(f"【工作动态】\n区工会召开座谈会\n{BODY}（区总工会）\n")
    paragraph = bulletin.document.paragraphs[-1]
    bulletin.document.add_comment(paragraph.runs, text="请核实人数", author="编辑")
    issue = parse_file(bulletin.bytes(), filename="x.docx")
    assert any("1 comment(s) not imported" in warning for warning in issue.warnings)


def test_every_short_line_after_a_cover_is_kept_however_many():
    headings = [f"第{n}项重点工作安排部署" for n in range(1, 26)]
    data = cover(Bulletin()).lines("\n".join(headings) + f"\n{BODY}\n").bytes()
    issue = parse_file(data, filename="x.docx")
    text = "".join(a.title + a.subtitle + "".join(a.paragraphs) for a in issue.articles)
    assert all(heading in text for heading in headings)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_a_bulletin_reads_the_same_from_word_as_from_text(document):
    text = render(*document)
    word = Bulletin().lines(text).bytes()
    assert parse_file(word, filename="x.docx").to_dict() == parse(text.encode()).to_dict()


def test_an_emblem_above_the_masthead_is_named_and_the_cover_still_read():
    data = cover(Bulletin().picture()).lines(f"【工作动态】\n区工会召开座谈会\n{BODY}\n").bytes()
    issue = parse_file(data, filename="x.docx")
    assert (issue.title, issue.number) == ("工会工作简报", 8)
    assert issue.articles[0].images == []
    assert any("picture(s) of the cover page" in warning for warning in issue.warnings)
