"""The PDF laid out as GB/T 9704-2012 lays out a document, read back with
poppler (``pdffonts``, ``pdftotext -bbox``): 仿宋 body in a 28 × 22 grid on a
156 × 225 mm text area, page numbers 7 mm below it, the masthead's 签发人 and
总第N期, the 版记 at the foot of the last page."""

import re
import subprocess

import pytest
from django.urls import reverse

from editorial.content.models import Article, Issue
from editorial.workflow import transitions as workflow
from tests.factories import make_issue, sample_staff, take_to
from tests.output.conftest import headlines, pdf_fonts, pdf_text, pdf_words

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("poppler", "cjk_fonts", "fangsong_font"),
]

PDF = reverse("editorial:issue_pdf", args=["bulletin", 2012, 8])
TOP, BOTTOM = 37, 37 + 225  # the text area, in mm from the top of the page
INNER, OUTER = 28, 26  # 订口 and the outer margin
TEXT_WIDTH = 156
CHARACTER = 14 / 72 * 25.4  # one 四号 character, in mm
HAN = "各级工会组织深入基层倾听职工呼声切实维护职工合法权益"


def issue_with_body(body: str, **fields) -> Issue:
    """A published issue of one article whose text is ``body``."""
    issue = make_issue(year=2012, number=8, status=Issue.Status.DRAFT, **fields)
    article = Article.objects.get(section__issue=issue)
    article.body = body
    article.save()
    return take_to(issue, Issue.Status.PUBLISHED)


def pdf(client, path=PDF) -> bytes:
    response = client.get(path)
    assert response.status_code == 200
    return response.content


def text_lines(words, *, below=TOP - 1) -> dict[float, str]:
    """The page's lines inside the text area, by their top."""
    lines: dict[float, str] = {}
    for word in words:
        if below <= word.top < BOTTOM:
            lines[round(word.top, 1)] = lines.get(round(word.top, 1), "") + word.text
    return lines


def page_number(words, page: int):
    runs = [w for w in words if w.top > BOTTOM]
    assert "".join(w.text for w in runs) == f"—{page}—", runs
    return runs[0].left, runs[-1].right, runs[0].top


def test_the_body_is_set_in_a_fangsong_face(client, long_issue):
    fonts = pdf_fonts(pdf(client))
    assert re.search(r"^[A-Z]{6}\+FandolFang\s", fonts, flags=re.M), fonts


def test_a_full_line_holds_28_characters_over_156_mm(client, db):
    issue_with_body(HAN * 40)
    page = pdf_words(pdf(client))[1]
    full = [w for w in page if TOP <= w.top < BOTTOM]
    assert len(full) > 10
    for line in full:
        assert len(line.text) == 28, line
        assert line.left == pytest.approx(OUTER, abs=0.3), line  # an even page: 订口 right
        assert line.right - line.left == pytest.approx(TEXT_WIDTH, abs=0.3), line


def test_a_full_page_holds_22_lines(client, db):
    issue_with_body(HAN * 40)
    assert len(text_lines(pdf_words(pdf(client))[1])) == 22


def test_odd_pages_number_at_the_right_and_even_pages_at_the_left_one_character_in(
    client, long_issue
):
    pages = pdf_words(pdf(client))
    _left, right, _top = page_number(pages[0], 1)
    assert right == pytest.approx(210 - OUTER - CHARACTER, abs=0.5)
    left, _right, _top = page_number(pages[1], 2)
    assert left == pytest.approx(OUTER + CHARACTER, abs=0.5)


def test_page_numbers_stand_7_mm_below_the_text_area(client, long_issue):
    for page, words in enumerate(pdf_words(pdf(client))[:2], 1):
        _left, _right, top = page_number(words, page)
        assert top == pytest.approx(BOTTOM + 7, abs=0.5)


def test_a_page_holding_only_the_colophon_is_not_numbered(client, db):
    lines = [HAN[:20]] * 40  # each a paragraph of one line
    issue = issue_with_body("\n\n".join(lines))
    last = pdf_words(pdf(client))[-1]
    used = [line for line in text_lines(last).values() if "本期印发" not in line]
    article = Article.objects.get(section__issue=issue)
    article.body = "\n\n".join(lines + [HAN[:20]] * (22 - len(used)))  # fill the last page
    article.save()
    workflow.resign(issue, sample_staff()[1], comment="加长")
    pages = pdf_words(pdf(client))
    last = pages[-1]
    assert [line for line in text_lines(last).values()] == ["本期印发：全总办公厅、省总工会"]
    assert not [w for w in last if w.top > BOTTOM]
    assert page_number(pages[-2], len(pages) - 1)


def test_the_masthead_names_the_signer_and_the_cumulative_number(client, long_issue):
    first = pdf_text(pdf(client), first=1)
    assert "签发人：周明" in first
    assert "总第123期" in first


def test_an_internal_issue_is_marked_internal_on_its_masthead(client, listed_reader):
    make_issue(year=2012, number=8, visibility=Issue.Visibility.INTERNAL)
    client.force_login(listed_reader)
    assert re.search(r"内部资料\s注意保存", pdf_text(pdf(client), first=1))


def test_a_public_issue_carries_no_internal_mark(client, long_issue):
    assert "内部资料" not in pdf_text(pdf(client), first=1)


def test_a_long_headline_breaks_at_punctuation_not_inside_a_phrase(client, db):
    issue = make_issue(year=2012, number=8, status=Issue.Status.DRAFT)
    article = Article.objects.get(section__issue=issue)
    article.title = "市总工会深入推进基层工会规范化建设以“两争一树”活动为载体"
    article.save()
    take_to(issue, Issue.Status.PUBLISHED)
    lines = pdf_text(pdf(client), first=1).splitlines()
    assert any(line.strip().startswith("“两争一树”") for line in lines), "|".join(lines)
    assert not any(line.strip().endswith(("“两", "两争")) for line in lines), lines


def test_the_contents_of_twenty_articles_stand_on_the_first_page(client, long_issue):
    first = pdf_text(pdf(client), first=1)
    contents = first.split("本期要目", 1)[1]
    for title in [*headlines(long_issue), "简讯文章5"]:
        assert title in contents


def test_the_pdf_is_tagged_for_screen_readers(client, long_issue, tmp_path):
    path = tmp_path / "issue.pdf"
    path.write_bytes(pdf(client))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True).stdout.decode()
    assert re.search(r"^Tagged:\s+yes", info, flags=re.M), info
