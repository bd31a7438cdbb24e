"""The issue as an editable Word file (python-docx), laid out like the PDF.

What Word can keep of the 红头 layout is kept as Word's own formatting, so that
an office can edit it and forward it: the red masthead, the number line, the
编印单位 and the date on one line (a right tab), the red rule (a paragraph
border), 【section】 as Heading 1 and headlines as Heading 2 (so that Word's
navigation pane and a python-docx reader see the structure), the body indented
two characters, sources right-aligned, 简讯 as ●, corrections as notes, page
numbers ``— N —`` outside (odd pages right, even left, one character in,
7 mm below the text area), GB/T 9704's 28 × 22 document grid with mirrored
margins, 本期要目 as a table-of-contents field Word updates, and the 版记 as a
table of full-width rules anchored at the foot of the last page.

The faces are named for every style, with the East-Asian theme and the
document's language set to Chinese (python-docx's template is Japanese), so
Word and WPS show each style in its named face: 仿宋 (body), 黑体 (sections),
方正小标宋简体 (headlines and masthead; Word substitutes 宋体 where it is
missing). The core properties come from the issue: its title, the office as
author, the sign-off time.
"""

from __future__ import annotations

import io
import re

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from editorial.content.headlines import one_line
from editorial.output import bounds, printed

RED = RGBColor(0xD4, 0x00, 0x00)
GREY = RGBColor(0x44, 0x44, 0x44)
FANG = "仿宋"
HEI = "黑体"
XIAOBIAOSONG = "方正小标宋简体"
LATIN = "Times New Roman"
BODY_SIZE = Pt(16)  # 三号
HEADLINE_SIZE = Pt(22)  # 二号
NUMBER_SIZE = Pt(14)  # 四号
TEXT_WIDTH = Mm(156)
TEXT_HEIGHT = Mm(225)
# The document grid: 22 lines of 225 mm. Its 28 characters of 156 mm are the
# body's spacing condensed by 0.25 pt (the PDF: 0.22 pt): a character grid
# (linesAndChars) would do it in Word, but LibreOffice then sets each 三号
# character in two of the grid's narrower cells, 14 to a line.
LINE_PITCH = round(TEXT_HEIGHT.twips / 22)
CONDENSED = -0.25  # points (Word counts twentieths)
# The page number's top stands 7 mm below the text area.
FOOTER_DISTANCE = Mm(35 - 7) - NUMBER_SIZE
LANGUAGE = "zh-CN"
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
    _chinese_theme_and_language(document)
    _styles(document)
    _core_properties(document, shown)
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
    # Mirrored: the inner margin (订口) 28 mm, the outer 26 mm.
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = FOOTER_DISTANCE
    settings = document.settings.element
    settings.insert_element_before(OxmlElement("w:mirrorMargins"), *_AFTER_MIRROR_MARGINS)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH))
    grid.attrib.pop(qn("w:charSpace"), None)
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


# The elements of w:settings that follow w:mirrorMargins in the schema's order.
_AFTER_MIRROR_MARGINS = tuple(
    f"w:{name}"
    for name in [
        "alignBordersAndEdges",
        "bordersDoNotSurroundHeader",
        "bordersDoNotSurroundFooter",
        "gutterAtTop",
        "hideSpellingErrors",
        "hideGrammaticalErrors",
        "activeWritingStyle",
        "proofState",
        "formsDesign",
        "attachedTemplate",
        "linkStyles",
        "stylePaneFormatFilter",
        "stylePaneSortMethod",
        "documentType",
        "mailMerge",
        "revisionView",
        "trackRevisions",
        "doNotTrackMoves",
        "doNotTrackFormatting",
        "documentProtection",
        "autoFormatOverride",
        "styleLockTheme",
        "styleLockQFSet",
        "defaultTabStop",
        "autoHyphenation",
        "consecutiveHyphenLimit",
        "hyphenationZone",
        "doNotHyphenateCaps",
        "showEnvelope",
        "summaryLength",
        "clickAndTypeStyle",
        "defaultTableStyle",
        "evenAndOddHeaders",
        "bookFoldRevPrinting",
        "bookFoldPrinting",
        "bookFoldPrintingSheets",
        "drawingGridHorizontalSpacing",
        "drawingGridVerticalSpacing",
        "displayHorizontalDrawingGridEvery",
        "displayVerticalDrawingGridEvery",
        "doNotUseMarginsForDrawingGridOrigin",
        "drawingGridHorizontalOrigin",
        "drawingGridVerticalOrigin",
        "doNotShadeFormData",
        "noPunctuationKerning",
        "characterSpacingControl",
        "printTwoOnOne",
        "strictFirstAndLastChars",
        "noLineBreaksAfter",
        "noLineBreaksBefore",
        "savePreviewPicture",
        "doNotValidateAgainstSchema",
        "saveInvalidXml",
        "ignoreMixedContent",
        "alwaysShowPlaceholderText",
        "doNotDemarcateInvalidXml",
        "saveXmlDataOnly",
        "useXSLTWhenSaving",
        "saveThroughXslt",
        "showXMLTags",
        "alwaysMergeEmptyNamespace",
        "updateFields",
        "hdrShapeDefaults",
        "footnotePr",
        "endnotePr",
        "compat",
        "docVars",
        "rsids",
        "mathPr",
        "attachedSchema",
        "themeFontLang",
        "clrSchemeMapping",
        "doNotIncludeSubdocsInStats",
        "doNotAutoCompressPictures",
        "forceUpgrade",
        "captions",
        "readModeInkLockDown",
        "smartTagType",
        "schemaLibrary",
        "shapeDefaults",
        "doNotEmbedSmartTags",
        "decimalSymbol",
        "listSeparator",
    ]
)


def _chinese_theme_and_language(document) -> None:
    """The East-Asian theme fonts and every language Chinese, not the template's
    Japanese (ＭＳ 明朝, ＭＳ ゴシック), so no style falls back to a Japanese face."""
    theme_part = document.part.part_related_by(RT.THEME)
    theme = theme_part.blob.decode("utf-8")
    theme = re.sub(r'<a:font script="Jpan" typeface="[^"]*"/>', "", theme)
    theme = theme.replace('<a:ea typeface=""/>', f'<a:ea typeface="{FANG}"/>')
    theme_part._blob = theme.encode("utf-8")
    font_language = document.settings.element.find(qn("w:themeFontLang"))
    if font_language is not None:
        font_language.set(qn("w:eastAsia"), LANGUAGE)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    for language in defaults.iter(qn("w:lang")):
        language.set(qn("w:val"), LANGUAGE)
        language.set(qn("w:eastAsia"), LANGUAGE)
    # The grid's character pitch is reckoned from the document's default size
    # (the template's is 11 pt) and its lines from single spacing.
    for size in (*defaults.iter(qn("w:sz")), *defaults.iter(qn("w:szCs"))):
        size.set(qn("w:val"), str(int(BODY_SIZE.pt * 2)))
    for fonts in defaults.iter(qn("w:rFonts")):
        _named_faces(fonts, FANG)
    for spacing in defaults.iter(qn("w:spacing")):
        spacing.attrib.clear()
        spacing.set(qn("w:after"), "0")
        spacing.set(qn("w:line"), "240")
        spacing.set(qn("w:lineRule"), "auto")


def _condensed(properties) -> None:
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(round(CONDENSED * 20)))
    properties.insert_element_before(spacing, *_AFTER_RUN_SPACING)


# The elements of w:rPr that follow w:spacing in the schema's order.
_AFTER_RUN_SPACING = tuple(
    f"w:{name}"
    for name in (
        "w",
        "kern",
        "position",
        "sz",
        "szCs",
        "highlight",
        "u",
        "effect",
        "bdr",
        "shd",
        "fitText",
        "vertAlign",
        "rtl",
        "cs",
        "em",
        "lang",
        "eastAsianLayout",
        "specVanish",
        "oMath",
    )
)


def _named_faces(fonts, east_asian: str) -> None:
    """``east_asian`` and Times New Roman, and no theme font, which would win."""
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for script in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(script), LATIN)
    fonts.set(qn("w:eastAsia"), east_asian)


def _core_properties(document, shown) -> None:
    properties = document.core_properties
    properties.title = f"{shown.title} {printed.number_line(shown)}"
    properties.author = shown.publisher
    properties.last_modified_by = shown.publisher
    properties.subject = shown.title
    properties.comments = ""
    properties.keywords = ""
    properties.category = ""
    properties.language = LANGUAGE
    properties.revision = 1
    version = getattr(shown, "signed_version", None)
    signed_at = getattr(version, "signed_at", None) or timezone.now()
    properties.created = properties.modified = signed_at.replace(tzinfo=None, microsecond=0)


def _page_number(paragraph, alignment) -> None:
    """— N —, the number a PAGE field Word fills in, one character in from the
    outer edge of the text area."""
    paragraph.alignment = alignment
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = NUMBER_SIZE
    else:
        paragraph.paragraph_format.left_indent = NUMBER_SIZE
    paragraph.paragraph_format.line_spacing = NUMBER_SIZE
    paragraph.paragraph_format.space_after = Pt(0)
    _no_grid(paragraph)
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
        _font(run, FANG, NUMBER_SIZE)


def _no_grid(paragraph) -> None:
    """Off the document grid (its lines are 28.95 pt whatever the size)."""
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    paragraph._p.get_or_add_pPr().insert_element_before(snap, *_AFTER_SNAP_TO_GRID)


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
    _named_faces(style.element.get_or_add_rPr().get_or_add_rFonts(), east_asian)
    style.font.size = size
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = color or RGBColor(0, 0, 0)


def _styles(document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    _style_font(normal, FANG, BODY_SIZE)
    _condensed(normal.element.get_or_add_rPr())
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    section = styles["Heading 1"]
    _style_font(section, HEI, BODY_SIZE)
    section.paragraph_format.space_before = Pt(0)
    section.paragraph_format.space_after = Pt(0)
    section.paragraph_format.keep_with_next = True
    headline = styles["Heading 2"]
    _style_font(headline, XIAOBIAOSONG, HEADLINE_SIZE, bold=True)
    headline.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    headline.paragraph_format.space_before = Pt(0)
    headline.paragraph_format.space_after = Pt(0)
    headline.paragraph_format.keep_with_next = True
    for name in ("Title", "Heading 3"):
        _style_font(styles[name], XIAOBIAOSONG, HEADLINE_SIZE, bold=True)


# What follows w:pBdr among a paragraph's properties, in the order the schema
# requires them (insert_element_before needs to know what may come after).
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
_AFTER_SNAP_TO_GRID = _AFTER_BORDERS[_AFTER_BORDERS.index("w:snapToGrid") + 1 :]


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
    mark = printed.internal_mark(shown)
    if mark:
        _font(document.add_paragraph().add_run(mark), HEI)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(shown.title), XIAOBIAOSONG, Pt(40), bold=True, color=RED)
    _no_grid(title)
    number = document.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(number.add_run(printed.number_line(shown)), FANG)
    signer = printed.signer_line(shown)
    if signer:
        signed = document.add_paragraph()
        signed.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _font(signed.add_run(signer), FANG)
    line = document.add_paragraph()
    line.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    _font(line.add_run(f"{shown.publisher}\t{printed.date_line(shown)}"), FANG)
    _border(line, "bottom", color="D40000", size=12)


def _contents(document, shown) -> None:
    """本期要目: a TOC field over the sections and headlines (Heading 1 and 2),
    its entries written in, so that it reads right before Word updates it."""
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(heading.add_run(_("In this issue")), HEI)
    entries = []
    for section in shown.sections.all():
        entries.append((f"【{section.name}】", 0))
        entries.extend((one_line(article.title), 1) for article in section.articles.all())
    for position, (text, level) in enumerate(entries):
        entry = document.add_paragraph()
        entry.paragraph_format.left_indent = Pt(24) * level
        entry.paragraph_format.line_spacing = Pt(18)
        _no_grid(entry)
        if position == 0:
            _field_char(entry, "begin")
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = ' TOC \\o "1-2" \\h \\z \\n '
            run = OxmlElement("w:r")
            run.append(instruction)
            entry._p.append(run)
            _field_char(entry, "separate")
        _font(entry.add_run(text), HEI if level == 0 else FANG, Pt(12))
        if position == len(entries) - 1:
            _field_char(entry, "end")
    _border(document.paragraphs[-1], "bottom")


def _field_char(paragraph, kind: str) -> None:
    run = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run.append(char)
    paragraph._p.append(run)


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
        # A line break the editor placed stays one (a run's "\n" is a <w:br/>).
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
        _font(note.add_run(printed.correction_line(correction)), FANG, Pt(14), color=GREY)


def _colophon(document, shown) -> None:
    """版记: a table of full-width rules (thick outer, thin inner), one row each
    for 本期印发 (its continuation lines after the colon) and 共印N份, floating
    at the foot of the last page's text area."""
    rows = []
    rows.extend(printed.distribution_rows(shown))
    print_run = printed.print_run_line(shown)
    if print_run:
        rows.append(("", print_run))
    if not rows:
        return
    table = document.add_table(rows=len(rows), cols=2)
    table.autofit = False
    label_width = NUMBER_SIZE * 6
    for row, (label, text) in zip(table.rows, rows, strict=True):
        first, second = row.cells
        first.width, second.width = label_width, TEXT_WIDTH - label_width
        if not label:
            first = first.merge(second)
            second = first
        if label:
            _colophon_text(first.paragraphs[0], label, WD_ALIGN_PARAGRAPH.LEFT, indent=True)
            _colophon_text(second.paragraphs[0], text, WD_ALIGN_PARAGRAPH.LEFT)
        else:
            _colophon_text(first.paragraphs[0], text, WD_ALIGN_PARAGRAPH.RIGHT, indent=True)
    properties = table._tbl.tblPr
    _table_element(properties, "w:tblW", {"w:w": str(TEXT_WIDTH.twips), "w:type": "dxa"})
    _table_element(
        properties,
        "w:tblpPr",
        {
            "w:vertAnchor": "margin",
            "w:tblpYSpec": "bottom",
            "w:horzAnchor": "margin",
            "w:tblpXSpec": "center",
        },
        first=True,
    )
    borders = OxmlElement("w:tblBorders")
    # Thick outer rules, a thin one between rows, none at the sides: in the
    # schema's order (top, left, bottom, right, insideH, insideV).
    for side, size in (
        ("top", 8),
        ("left", 0),
        ("bottom", 8),
        ("right", 0),
        ("insideH", 4),
        ("insideV", 0),
    ):
        line = OxmlElement(f"w:{side}")
        if size:
            for key, value in (("val", "single"), ("sz", str(size)), ("space", "0")):
                line.set(qn(f"w:{key}"), value)
            line.set(qn("w:color"), "000000")
        else:
            line.set(qn("w:val"), "nil")
        borders.append(line)
    properties.insert_element_before(borders, *_AFTER_TABLE_BORDERS)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "0")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    properties.insert_element_before(margins, *_AFTER_TABLE_BORDERS[3:])


# The elements of w:tblPr that follow w:tblBorders in the schema's order.
_AFTER_TABLE_BORDERS = (
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
    "w:tblPrChange",
)


def _colophon_text(paragraph, text: str, alignment, *, indent: bool = False) -> None:
    paragraph.alignment = alignment
    if indent:
        side = "right_indent" if alignment == WD_ALIGN_PARAGRAPH.RIGHT else "left_indent"
        setattr(paragraph.paragraph_format, side, NUMBER_SIZE)
    paragraph.paragraph_format.line_spacing = Pt(24)
    _no_grid(paragraph)
    _font(paragraph.add_run(text), FANG, NUMBER_SIZE)


def _table_element(properties, tag: str, values: dict, *, first: bool = False) -> None:
    element = properties.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        if first:
            properties.insert(1 if properties.find(qn("w:tblStyle")) is not None else 0, element)
        else:
            properties.append(element)
    for key, value in values.items():
        element.set(qn(key), value)
