"""The issue as an editable Word file (python-docx), laid out like the PDF.

What Word can keep of the 红头 layout is kept as Word's own formatting, so that
an office can edit it and forward it: the red masthead, the number line, the
编印单位 and the date on one line (a right tab), the red rule (a paragraph
border), 【section】 as Heading 1 and headlines as Heading 2 (so that Word's
navigation pane and a python-docx reader see the structure), the body indented
two characters, sources right-aligned, 简讯 as ●, corrections as notes, page
numbers ``— N —`` outside (odd pages right, even left), and the 版记 between
rules. The faces named are those every Chinese Windows and WPS install has
(宋体, 黑体); Word substitutes its own where they are missing.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from editorial.output import bounds, printed

RED = RGBColor(0xD4, 0x00, 0x00)
GREY = RGBColor(0x44, 0x44, 0x44)
SONG = "宋体"
HEI = "黑体"
LATIN = "Times New Roman"
BODY_SIZE = Pt(16)  # 三号
TEXT_WIDTH = Mm(156)
# Word cannot tell how many pages an issue will take; past this many articles
# it takes more than one, and gets its 本期要目 as the PDF does.
CONTENTS_FROM = 5

__all__ = ["render"]


def render(shown, *, preview: bool = False) -> bytes:
    """``shown`` (``printed.signed_copy``) as the bytes of a .docx file
    (``bounds.RenderRefused`` when it is too large: python-docx's time grows
    with the text, so the size bound is its time bound)."""
    bounds.ensure_renderable(shown)
    with translation.override(settings.LANGUAGE_CODE):
        document = _document(shown)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _document(shown):
    document = Document()
    _page_setup(document)
    _styles(document)
    document.core_properties.title = f"{shown.title} {printed.number_line(shown)}"
    document.core_properties.author = shown.publisher
    _masthead(document, shown)
    articles = printed.articles_of(shown)
    if len(articles) >= CONTENTS_FROM:
        _contents(document, shown)
    for section in shown.sections.all():
        document.add_paragraph(f"【{section.name}】", style="Heading 1")
        for article in section.articles.all():
            _article(document, article)
    _colophon(document, shown)
    return document


# --- Page and styles --------------------------------------------------------------------


def _page_setup(document) -> None:
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _page_number(paragraph, alignment) -> None:
    """— N —, the number a PAGE field Word fills in."""
    paragraph.alignment = alignment
    paragraph.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    paragraph.add_run(" —")
    for run in paragraph.runs:
        _font(run, SONG, Pt(14))


def _font(run, east_asian: str, size=None, *, bold=None, color=None) -> None:
    run.font.name = LATIN
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)
    if size is not None:
        run.font.size = size
    if bold is not None:
        run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color


def _style_font(style, east_asian: str, size, *, bold=False, color=None) -> None:
    style.font.name = LATIN
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)
    style.font.size = size
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = color or RGBColor(0, 0, 0)


def _styles(document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    _style_font(normal, SONG, BODY_SIZE)
    normal.paragraph_format.line_spacing = Pt(28)
    normal.paragraph_format.space_after = Pt(0)
    section = styles["Heading 1"]
    _style_font(section, HEI, BODY_SIZE, bold=True)
    section.paragraph_format.space_before = Pt(12)
    section.paragraph_format.space_after = Pt(4)
    section.paragraph_format.keep_with_next = True
    headline = styles["Heading 2"]
    _style_font(headline, SONG, Pt(20), bold=True)
    headline.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    headline.paragraph_format.space_before = Pt(10)
    headline.paragraph_format.space_after = Pt(4)
    headline.paragraph_format.keep_with_next = True


_AFTER_BORDERS = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _border(paragraph, side: str, *, color: str = "000000", size: int = 8) -> None:
    """A rule above or below ``paragraph`` (``size`` in eighths of a point)."""
    properties = paragraph._p.get_or_add_pPr()
    borders = properties.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        # The schema's order: Word refuses a file whose pBdr comes after these.
        properties.insert_element_before(borders, *_AFTER_BORDERS)
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size))
    line.set(qn("w:space"), "1")
    line.set(qn("w:color"), color)
    borders.append(line)


# --- The issue ---------------------------------------------------------------------------


def _masthead(document, shown) -> None:
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(shown.title), SONG, Pt(40), bold=True, color=RED)
    number = document.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(number.add_run(printed.number_line(shown)), SONG)
    signer = printed.signer_line(shown)
    if signer:
        signed = document.add_paragraph()
        signed.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _font(signed.add_run(signer), SONG, Pt(14))
    line = document.add_paragraph()
    line.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    _font(line.add_run(f"{shown.publisher}\t{printed.date_line(shown)}"), SONG, Pt(14))
    _border(line, "bottom", color="D40000", size=12)
    line.paragraph_format.space_after = Pt(12)


def _contents(document, shown) -> None:
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(heading.add_run(_("In this issue")), HEI, bold=True)
    for section in shown.sections.all():
        _font(document.add_paragraph().add_run(f"【{section.name}】"), HEI, Pt(14))
        for article in section.articles.all():
            entry = document.add_paragraph()
            entry.paragraph_format.first_line_indent = Pt(28)
            _font(entry.add_run(article.title), SONG, Pt(14))
    _border(document.paragraphs[-1], "bottom")


def _body(document, text: str):
    paragraph = document.add_paragraph(text)
    paragraph.paragraph_format.first_line_indent = BODY_SIZE * 2
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    return paragraph


def _article(document, article) -> None:
    paragraphs = article.paragraphs
    if article.kind == "brief":
        paragraphs = [printed.BRIEF_BULLET + paragraphs[0], *paragraphs[1:]] if paragraphs else []
    else:
        document.add_paragraph(article.title, style="Heading 2")
        for line in (article.subtitle, article.byline):
            if line:
                extra = document.add_paragraph(line)
                extra.alignment = WD_ALIGN_PARAGRAPH.CENTER
                extra.paragraph_format.keep_with_next = True
    for text in paragraphs:
        _body(document, text)
    source = printed.source_line(article)
    if source:
        document.add_paragraph(source).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for correction in article.correction_list:
        note = document.add_paragraph()
        note.paragraph_format.first_line_indent = BODY_SIZE * 2
        _font(note.add_run(printed.correction_line(correction)), SONG, Pt(12), color=GREY)


def _colophon(document, shown) -> None:
    """版记: 本期印发 and 共印N份 between rules, at the end."""
    lines = []
    distribution = printed.distribution_line(shown)
    if distribution:
        lines.append((_("Distributed to:") + distribution, WD_ALIGN_PARAGRAPH.LEFT))
    print_run = printed.print_run_line(shown)
    if print_run:
        lines.append((print_run, WD_ALIGN_PARAGRAPH.RIGHT))
    if not lines:
        return
    spacer = document.add_paragraph()
    spacer.paragraph_format.space_before = Pt(24)
    for position, (text, alignment) in enumerate(lines):
        paragraph = document.add_paragraph()
        paragraph.alignment = alignment
        _font(paragraph.add_run(text), SONG, Pt(14))
        _border(paragraph, "top", size=8 if position == 0 else 4)
        if position == len(lines) - 1:
            _border(paragraph, "bottom", size=8)
