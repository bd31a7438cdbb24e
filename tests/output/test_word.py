"""The signed issue as an editable Word file: read back through python-docx, it
has the PDF's structure — red masthead, rule, sections and headlines as
headings, indented body, sources on the right, the 版记 between rules."""

import io

import docx
import pytest
from django.urls import reverse
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from editorial.content import attribution
from editorial.content.models import Article, Issue, SourceOrganization
from tests.factories import make_issue, take_to
from tests.output.conftest import BRIEFS, HEADLINE_SECTIONS, headlines

pytestmark = pytest.mark.django_db

DOCX = reverse("editorial:issue_docx", args=[2012, 8])


@pytest.fixture
def document(client, long_issue):
    response = client.get(DOCX)
    assert response.status_code == 200
    return docx.Document(io.BytesIO(response.content))


def styled(document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def border(paragraph, side: str):
    borders = paragraph._p.pPr.find(qn("w:pBdr")) if paragraph._p.pPr is not None else None
    return None if borders is None else borders.find(qn(f"w:{side}"))


def test_the_word_file_is_served_as_a_download_named_for_the_issue(client, long_issue):
    response = client.get(DOCX)
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert "2012-8.docx" in response["Content-Disposition"]


def test_the_masthead_is_red_large_and_centred(document):
    title = document.paragraphs[0]
    assert title.text == "工会工作简报"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    run = title.runs[0]
    assert run.font.color.rgb == RGBColor(0xD4, 0x00, 0x00)
    assert run.font.size >= Pt(36)
    assert document.paragraphs[1].text == "第8期（总第123期）"


def test_publisher_and_date_share_a_line_above_a_red_rule(document):
    line = document.paragraphs[2]
    assert line.text == "市总工会办公室\t2012年4月25日"
    assert border(line, "bottom").get(qn("w:color")) == "D40000"


def test_sections_and_headlines_are_headings_in_printed_order(document, long_issue):
    assert styled(document, "Heading 1") == [f"【{n}】" for n in (*HEADLINE_SECTIONS, BRIEFS)]
    assert styled(document, "Heading 2") == headlines(long_issue)


def test_the_body_is_indented_two_characters_and_sources_stand_right(document):
    body = next(p for p in document.paragraphs if p.text.startswith("第1段1："))
    assert body.paragraph_format.first_line_indent == Pt(32)
    source = next(p for p in document.paragraphs if p.text == "（市总工会宣教部）")
    assert source.alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_briefs_open_with_a_bullet(document):
    assert "●简讯文章1：市总工会开展送温暖活动。" in [p.text for p in document.paragraphs]


def test_the_colophon_stands_between_rules_at_the_end(document):
    distribution, print_run = document.paragraphs[-2:]
    assert distribution.text == "本期印发：全总办公厅、省总工会"
    assert print_run.text == "共印300份"
    assert border(distribution, "top") is not None
    assert border(print_run, "bottom") is not None


def test_pages_are_numbered_in_the_footers(document):
    footers = document.sections[0].footer, document.sections[0].even_page_footer
    for footer in footers:
        xml = footer._element.xml
        assert 'w:instr="PAGE"' in xml
        assert "— " in footer.paragraphs[0].text


def test_a_draft_has_no_word_file(client, editor):
    make_issue(year=2012, number=8, status=Issue.Status.DRAFT)
    client.force_login(editor)
    assert client.get(DOCX).status_code == 404


def test_an_internal_issue_gives_no_word_file_to_a_unit_off_its_list(client, outsider):
    make_issue(year=2012, number=8, visibility=Issue.Visibility.INTERNAL)
    assert client.get(DOCX).status_code == 302
    client.force_login(outsider)
    assert client.get(DOCX).status_code == 403


def test_sources_are_printed_as_the_issue_page_prints_them(client):
    issue = make_issue(status=Issue.Status.DRAFT, year=2012, number=9)
    article = Article.objects.filter(section__issue=issue).first()
    departments = [
        SourceOrganization.objects.get_or_create(name=name)[0]
        for name in ("市总工会生活部", "市总工会女工部")
    ]
    attribution.link(article, departments)
    article.source_text = attribution.derived_attribution(departments)
    article.save()
    take_to(issue, Issue.Status.PUBLISHED)

    page = client.get(reverse("editorial:issue_detail", args=[2012, 9])).content.decode()
    response = client.get(reverse("editorial:issue_docx", args=[2012, 9]))
    paragraphs = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]

    assert "市总生活部" in page and "女工部" in page
    assert "（市总生活部、女工部）" in paragraphs
