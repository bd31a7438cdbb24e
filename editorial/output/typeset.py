"""HTML to PDF with WeasyPrint: the one step of the PDF that may take long, so
it is plain Python (no Django) that ``bounds`` runs in a bounded worker.

The faces: 仿宋 is FandolFang (the Fandol fonts of Debian's
``texlive-lang-chinese``, not in fontconfig's path, so named here by file),
小标宋 and 黑体 are Debian's Noto CJK; every family list ends in Noto, so a
character missing from one face is set, glyph by glyph, in the next.

本期要目 is printed only when the issue runs past one page: the issue is laid
out with it, and laid out again without it if the whole fits on one page then.
A last page that holds only the 版记 is not numbered (GB/T 9704).
"""

from __future__ import annotations

from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

STYLESHEET = Path(__file__).with_name("print.css")
PDF_VARIANT = "pdf/a-2b"
FONT_DIRECTORIES = (
    Path("/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"),
    Path("/usr/share/fonts/opentype/fandol"),
)
FACES = {"FandolFang": "FandolFang-Regular.otf"}
PAGE_NUMBER_BOXES = {"@bottom-left", "@bottom-right"}

_stylesheet_and_fonts = None


def font_file(face: str) -> Path | None:
    for directory in FONT_DIRECTORIES:
        found = directory / FACES[face]
        if found.exists():
            return found
    return None


def font_faces() -> str:
    """@font-face rules for the faces found on this machine."""
    rules = []
    for face in FACES:
        found = font_file(face)
        if found is not None:
            rules.append(f'@font-face {{ font-family: {face}; src: url("{found.as_uri()}"); }}')
    return "\n".join(rules)


def _stylesheet():
    # Pango's font maps are not shared between threads; a worker typesets one
    # document at a time and keeps its fonts and stylesheet for the next.
    global _stylesheet_and_fonts
    if _stylesheet_and_fonts is None:
        fonts = FontConfiguration()
        source = font_faces() + "\n" + STYLESHEET.read_text(encoding="utf-8")
        _stylesheet_and_fonts = CSS(string=source, font_config=fonts), fonts
    return _stylesheet_and_fonts


def typeset(with_contents: str, without_contents: str, base_url: str) -> bytes:
    """The issue's HTML (with and without 本期要目) as the bytes of a tagged PDF/A-2b."""
    document = _layout(with_contents, base_url)
    if len(document.pages) <= 2:
        shorter = _layout(without_contents, base_url)
        if len(shorter.pages) == 1:
            document = shorter
    _unnumber_a_colophon_page(document)
    return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)


def _layout(html: str, base_url: str):
    stylesheet, fonts = _stylesheet()
    return HTML(string=html, base_url=base_url).render(stylesheets=[stylesheet], font_config=fonts)


def _unnumber_a_colophon_page(document) -> None:
    if len(document.pages) < 2:
        return
    page = document.pages[-1]._page_box
    if _holds_text(_page_area(page)):
        return
    page.children = [
        child
        for child in page.children
        if getattr(child, "at_keyword", None) not in PAGE_NUMBER_BOXES
    ]


def _page_area(page):
    """The page's flowed content (its footnote area, where the 版记 stands, apart)."""
    return [
        child
        for child in page.children
        if type(child).__name__ not in ("MarginBox", "FootnoteAreaBox")
    ]


def _holds_text(boxes) -> bool:
    for box in boxes:
        if getattr(box, "text", "").strip():
            return True
        if _holds_text(getattr(box, "children", ())):
            return True
    return False
