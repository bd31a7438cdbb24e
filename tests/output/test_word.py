"""The signed issue as an editable Word file: read back through python-docx, it
has the PDF's structure — red masthead, rule, sections and headlines as
headings, indented body, sources on the right, the 版记 between rules."""

import io
import re

import docx
import pytest
from django.urls import reverse
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from editorial.content import attribution
from editorial.content.models import Article, Issue, SourceOrganization
from tests.factories import make_issue, take_to
from tests.output.conftest import BRIEFS, HEADLINE_SECTIONS, headlines
from tests.signing import visible_text

pytestmark = pytest.mark.django_db

DOCX = reverse("editorial:issue_docx", args=["bulletin", 2012, 8])


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
    line = next(p for p in document.paragraphs if p.text.startswith("市总工会办公室"))
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
    colophon = document.tables[-1]
    assert [cell.text for cell in colophon.rows[0].cells] == ["本期印发：", "全总办公厅、省总工会"]
    assert colophon.rows[1].cells[0].text == "共印300份"
    rules = colophon._tbl.tblPr.find(qn("w:tblBorders"))
    thick, thin = (int(rules.find(qn(f"w:{side}")).get(qn("w:sz"))) for side in ("top", "insideH"))
    assert rules.find(qn("w:bottom")).get(qn("w:sz")) == str(thick)
    assert thick > thin


def test_the_colophon_stands_at_the_foot_of_the_last_page(document):
    colophon = document.tables[-1]
    place = colophon._tbl.tblPr.find(qn("w:tblpPr"))
    assert (place.get(qn("w:vertAnchor")), place.get(qn("w:tblpYSpec"))) == ("margin", "bottom")
    assert document.element.body.index(colophon._tbl) > document.element.body.index(
        document.paragraphs[-1]._p
    )


def test_the_signer_stands_on_the_masthead(document):
    assert "签发人：周明" in [p.text for p in document.paragraphs[:5]]


def test_every_style_names_a_chinese_face_and_no_japanese_theme(document):
    for name, face in (("Normal", "仿宋"), ("Heading 1", "黑体"), ("Heading 2", "方正小标宋简体")):
        fonts = document.styles[name].element.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) == face
        assert fonts.get(qn("w:eastAsiaTheme")) is None
    theme = document.part.part_related_by(RT.THEME).blob.decode()
    assert "ＭＳ" not in theme
    language = document.settings.element.find(qn("w:themeFontLang"))
    assert language.get(qn("w:eastAsia")) == "zh-CN"


def test_the_document_language_is_chinese(document):
    defaults = document.styles.element.find(qn("w:docDefaults"))
    language = next(defaults.iter(qn("w:lang")))
    assert (language.get(qn("w:val")), language.get(qn("w:eastAsia"))) == ("zh-CN", "zh-CN")
    assert document.core_properties.language == "zh-CN"


def test_headlines_are_er_hao(document):
    assert document.styles["Heading 2"].font.size == Pt(22)


def test_the_contents_are_an_updatable_table_of_contents_field(document):
    xml = document.element.body.xml
    assert re.search(r"<w:instrText[^>]*>\s*TOC \\o", xml)
    assert xml.count('w:fldCharType="begin"') == xml.count('w:fldCharType="end"') >= 1


def test_the_page_holds_22_lines_of_the_document_grid(document):
    grid = document.sections[0]._sectPr.find(qn("w:docGrid"))
    assert int(grid.get(qn("w:linePitch"))) * 22 == pytest.approx(Mm(225).twips, abs=22)


def test_28_characters_fill_a_line(document):
    spacing = document.styles["Normal"].element.rPr.find(qn("w:spacing"))
    pitch = 16 + int(spacing.get(qn("w:val"))) / 20
    assert 28 * pitch <= Mm(156).pt < 29 * pitch


def test_margins_mirror_for_double_sided_printing(document):
    assert document.settings.element.find(qn("w:mirrorMargins")) is not None
    section = document.sections[0]
    assert section.left_margin.mm == pytest.approx(28, abs=0.1)
    assert section.right_margin.mm == pytest.approx(26, abs=0.1)


def test_core_properties_come_from_the_issue(document, long_issue):
    properties = document.core_properties
    assert properties.title == "工会工作简报 第8期（总第123期）"
    assert properties.author == "市总工会办公室"
    assert "python-docx" not in (properties.comments + properties.author)
    signed = long_issue.versions.order_by("-sequence").first().signed_at
    assert properties.created.date() == signed.date()


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

    page = visible_text(client.get(reverse("editorial:issue_detail", args=["bulletin", 2012, 9])))
    response = client.get(reverse("editorial:issue_docx", args=["bulletin", 2012, 9]))
    paragraphs = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]

    printed = f"（{article.source_text}）"
    assert printed in page
    assert printed in paragraphs
