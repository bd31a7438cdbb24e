"""Never a lost line: every non-blank line of a file is in the result — in a field
of the issue, an article, the masthead (报头 and 版记), the distribution list, or
the list of lines not imported, with a reason. Checked here independently of the
parser's own accounting, on every fixture and on generated text."""

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from editorial.legacy.parser import BULLETS, NOT_IMPORTED, LegacyFormatError, parse
from editorial.legacy.word import parse_file
from tests.legacy.test_parser import SAMPLE_2007, SAMPLE_2012
from tests.legacy.test_parser_properties import documents, legacy_like_text, render
from tests.legacy.test_word import sample_as_word

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TEXT_FIXTURES = [
    SAMPLE_2007,
    SAMPLE_2012,
    FIXTURES / "bulletin.txt",
    *sorted((FIXTURES / "other_hands").glob("*.txt")),
]
# Spaces, and the marks that only structure a line: 【】 of headers, brief marks,
# the brackets of an attribution, the separators of lists and of a credit, 本期印发：.
BREAKS = re.compile(
    "[\\s\u200b\u200c\u200d\u2060\ufeff【】（）()、，,；;：:。./／" + BULLETS + "]+"
)


def result_strings(issue) -> str:
    strings = [issue.title or "", issue.publisher, issue.signer, *issue.masthead]
    for section in issue.sections:
        strings.append(section.name)
        for a in section.articles:
            strings += [a.title, a.subtitle, a.byline, a.source_text, a.credit, *a.paragraphs]
            strings += [image.caption for image in a.images]
    strings += issue.distribution
    strings += [line.text for line in issue.not_imported]
    return "\n".join(BREAKS.sub("", string) for string in strings)


def lost_lines(text: str, issue) -> list[str]:
    found = result_strings(issue)
    lost = []
    for line in text.splitlines():
        words = [w for w in BREAKS.split(line.replace("本期印发", "")) if w and w != "\x1a"]
        if any(word not in found for word in words):
            lost.append(line)
    return lost


def assert_every_line_accounted_for(text: str, issue) -> None:
    assert lost_lines(text, issue) == []
    assert not [line for line in issue.not_imported if line.reason == "unplaced"]
    assert {line.reason for line in issue.not_imported} <= NOT_IMPORTED.keys()


@pytest.mark.parametrize("path", TEXT_FIXTURES, ids=lambda path: path.name)
def test_every_line_of_every_text_fixture_is_accounted_for(path):
    data = path.read_bytes()
    issue = parse(data, filename=path.name)
    assert_every_line_accounted_for(data.decode("utf-8-sig"), issue)


@pytest.mark.parametrize("path", [SAMPLE_2007, SAMPLE_2012], ids=lambda path: path.name)
def test_every_line_of_a_sample_in_word_is_accounted_for(path):
    issue = parse_file(sample_as_word(path), filename="issue.docx")
    assert_every_line_accounted_for(path.read_text(encoding="utf-8-sig"), issue)


def test_the_table_of_contents_is_listed_as_not_imported_with_its_reason():
    issue = parse(SAMPLE_2007.read_bytes())
    assert [line.reason for line in issue.not_imported] == ["toc"] * 11
    assert [line.text for line in issue.not_imported] == issue.toc


def test_a_rule_under_a_typed_masthead_is_listed_as_not_imported():
    text = "工会工作简报\n第3期\n━━━━━━━━━━━━\n【工作动态】\n标题\n" + "工会召开会议。" * 6 + "\n"
    issue = parse(text.encode())
    assert [(line.text, line.reason) for line in issue.not_imported] == [("━━━━━━━━━━━━", "rule")]


def test_typed_masthead_lines_are_kept_as_the_masthead():
    text = (
        "工会工作简报\n第3期（总第99期）\n签发人：王某某\n【工作动态】\n标题\n"
        + "工会召开会议。" * 6
    )
    issue = parse(text.encode())
    assert issue.masthead == ["工会工作简报", "第3期（总第99期）", "签发人：王某某"]


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(legacy_like_text)
def test_any_text_has_every_line_accounted_for(text):
    try:
        issue = parse(text.encode("utf-8"))
    except LegacyFormatError:
        return
    assert_every_line_accounted_for(text.replace("\r\n", "\n").replace("\r", "\n"), issue)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_documents_have_every_line_accounted_for(document):
    text = render(*document)
    assert_every_line_accounted_for(text, parse(text.encode()))
