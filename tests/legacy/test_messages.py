"""What the import says is said in Chinese: every warning the parser and the importer
can give, the reasons a line is not imported, and messages that have no code."""

import re
from pathlib import Path

import pytest
from django.utils import translation

from editorial.legacy.messages import MESSAGES, REASONS, describe, describe_for_log
from editorial.legacy.parser import NOT_IMPORTED, Note, parse
from tests.legacy.test_nothing_lost import TEXT_FIXTURES

LEGACY = Path(__file__).resolve().parents[2] / "editorial" / "legacy"
PARSER_AND_IMPORTER = [LEGACY / "parser.py", LEGACY / "importer.py"]
CJK = re.compile(r"[\u4e00-\u9fff]")


def codes_in_the_code() -> set[str]:
    found = set()
    for path in PARSER_AND_IMPORTER:
        source = path.read_text(encoding="utf-8")
        found |= set(re.findall(r'_warn\(\s*"(\w+)"', source))
        found |= set(re.findall(r'Note\(\s*"(\w+)"', source))
    return found


def test_every_warning_the_parser_and_importer_give_has_a_message():
    assert codes_in_the_code() <= MESSAGES.keys()


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_message_has_a_chinese_translation(code):
    with translation.override("zh-hans"):
        chinese = str(MESSAGES[code])
    with translation.override("en"):
        english = str(MESSAGES[code])
    assert chinese != english


def test_every_reason_a_line_is_not_imported_is_said():
    assert REASONS.keys() == NOT_IMPORTED.keys()


@pytest.mark.parametrize("path", TEXT_FIXTURES, ids=lambda path: path.name)
def test_the_warnings_of_every_fixture_are_said_in_chinese_alone(path):
    issue = parse(path.read_bytes(), filename=path.name)
    for warning in issue.warnings:
        said = describe(warning)
        assert CJK.match(said.lstrip("【】0123456789 ")), said


def test_a_warning_for_the_log_is_chinese_then_english():
    note = Note(
        "year_inferred", "year 2007 inferred from the text (年份由正文推断)", {"year": 2007}
    )
    assert (
        describe_for_log(note)
        == "年份 2007 由正文推断。（The year 2007 was inferred from the text.）"
    )


def test_a_message_without_a_code_puts_its_chinese_gist_first():
    assert describe("empty file (空文件)") == "空文件（empty file）"


def test_the_fields_read_from_a_masthead_are_listed_in_chinese():
    issue = parse(
        "工会工作简报\n第12期（总第356期）\n签发人：赵国平\n【工作动态】\n标题\n".encode()
        + ("工会召开会议。" * 6).encode()
    )
    (note,) = [w for w in issue.warnings if w.code == "masthead_read"]
    assert describe(note) == "从报头读出：简报名称 工会工作简报；第12期；总第356期；签发人 赵国平"
