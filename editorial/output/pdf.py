"""The issue as a print-ready A4 PDF (WeasyPrint), laid out as a 红头 bulletin.

The page is HTML and CSS (``templates/editorial/print/issue.html``,
``print.css``): the masthead, sections, headlines and 版记 are the same
elements as the issue page's, and CSS paged media says the rest — A4 with
GB/T 9704's text area and 28 × 22 grid, page numbers ``— N —`` outside, the
版记 at the foot of the last page (a footnote of the last element), no
headline left at the foot of a page (``break-after: avoid``). The faces are
embedded and subset; the file is tagged PDF/A-2b, for the archive and screen
readers. ``typeset`` turns the HTML into the PDF, in a bounded worker
(``bounds``).
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from editorial.output import bounds, printed, typeset

TEMPLATE = "editorial/print/issue.html"


def render(shown, *, preview: bool = False) -> bytes:
    """``shown`` (``printed.signed_copy`` or ``printed.draft_copy``) as PDF bytes;
    ``bounds.RenderRefused`` when it is too large or takes too long."""
    bounds.ensure_renderable(shown)
    with translation.override(settings.LANGUAGE_CODE):
        with_contents, without_contents = (
            render_to_string(TEMPLATE, context(shown, preview=preview, with_contents=contents))
            for contents in (True, False)
        )
    return bounds.run(typeset.typeset, with_contents, without_contents, str(settings.BASE_DIR))


def context(shown, *, preview: bool = False, with_contents: bool = True) -> dict:
    return {**printed.context(shown), "preview": preview, "with_contents": with_contents}
