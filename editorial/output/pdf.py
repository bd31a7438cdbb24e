"""The issue as a print-ready A4 PDF (WeasyPrint), laid out as a 红头 bulletin.

The page is HTML and CSS (``templates/editorial/print/issue.html``,
``print.css``): the masthead, sections, headlines and 版记 are the same
elements as the issue page's, and CSS paged media says the rest — A4 with
GB/T 9704's text area, page numbers ``— N —`` outside, the 版记 at the foot of
the last page (a footnote of the last element), no headline left at the foot
of a page (``break-after: avoid``). The fonts are Debian's Noto CJK, embedded
and subset by WeasyPrint; the file is PDF/A-2b, for the archive.

本期要目 is printed only when the issue runs past one page: the issue is laid
out with it, and laid out again without it if the whole fits on one page then.
"""

from __future__ import annotations

import threading
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from editorial.output import printed

TEMPLATE = "editorial/print/issue.html"
STYLESHEET = Path(__file__).with_name("print.css")
PDF_VARIANT = "pdf/a-2b"


# Pango's font maps are not safe to share between threads (gunicorn runs several
# per worker): each thread loads the fonts and the stylesheet once for itself.
_per_thread = threading.local()


def _stylesheet():
    if not hasattr(_per_thread, "stylesheet"):
        fonts = FontConfiguration()
        css = CSS(string=STYLESHEET.read_text(encoding="utf-8"), font_config=fonts)
        _per_thread.stylesheet = css, fonts
    return _per_thread.stylesheet


def render(shown, *, preview: bool = False) -> bytes:
    """``shown`` (``printed.signed_copy`` or ``printed.draft_copy``) as PDF bytes."""
    with translation.override(settings.LANGUAGE_CODE):
        document = _layout(shown, preview=preview, with_contents=True)
        if len(document.pages) <= 2:
            shorter = _layout(shown, preview=preview, with_contents=False)
            if len(shorter.pages) == 1:
                document = shorter
        return document.write_pdf(pdf_variant=PDF_VARIANT)


def _layout(shown, *, preview: bool, with_contents: bool):
    stylesheet, fonts = _stylesheet()
    html = render_to_string(TEMPLATE, context(shown, preview=preview, with_contents=with_contents))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).render(
        stylesheets=[stylesheet], font_config=fonts
    )


def context(shown, *, preview: bool = False, with_contents: bool = True) -> dict:
    return {**printed.context(shown), "preview": preview, "with_contents": with_contents}
