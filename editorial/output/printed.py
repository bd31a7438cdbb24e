"""The issue as the office prints it: one reader's copy with its corrections,
and the parts of the printed layout the PDF, the Word file and the e-mail share.

``signed_copy`` reads the issue through ``editorial.signed.readers`` (what the
chief editor signed, never the working copy); ``draft_copy`` is the working
copy, for an editor's preview only. ``fingerprint`` names what a rendering
depends on — the signed content, its corrections and the layout's revision —
so a kept file is found again by it and never outlives a change.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from editorial.content import attribution, records
from editorial.signed import readers
from editorial.workflow import errata

if TYPE_CHECKING:  # the reader's copy is given as unsaved issues (``signed.copy``)
    from editorial.content.models import Issue

# Bump when the printed layout changes: every kept file is rendered afresh.
LAYOUT_REVISION = "2"
BRIEF_BULLET = "●"


def signed_copy(issue_id: int) -> Issue | None:
    """The issue as signed now, with every article's corrections (None if it was
    never signed off)."""
    shown = readers.issue_content(issue_id)
    if shown is None:
        return None
    errata.show_on(articles_of(shown))
    return shown


def draft_copy(issue: Issue) -> Issue:
    """The working copy as it stands, for an editor's preview (never kept)."""
    shown = records.issues_with_contents().get(pk=issue.pk)
    shown.signed_version = None
    errata.show_on(articles_of(shown))
    return shown


def articles_of(shown: Issue) -> list:
    return [article for section in shown.sections.all() for article in section.articles.all()]


def fingerprint(shown: Issue) -> str:
    """What a rendering of the signed ``shown`` is made from, as a hash."""
    corrections = [
        [article.pk, correction.pk, correction.wrong, correction.right]
        for article in articles_of(shown)
        for correction in article.correction_list
    ]
    made_from = {
        "layout": LAYOUT_REVISION,
        "content": shown.signed_version.content,
        "corrections": corrections,
    }
    encoded = json.dumps(made_from, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()


# --- Printed words ---------------------------------------------------------------------


def number_line(shown: Issue) -> str:
    """第8期（总第123期）; 增刊第1期 for a supplement."""
    if shown.is_supplement:
        return _("Supplement No. %(number)s") % {"number": shown.number}
    line = _("No. %(number)s") % {"number": shown.number}
    if shown.cumulative_number:
        line += _("(cumulative No. %(number)s)") % {"number": shown.cumulative_number}
    return line


def date_line(shown: Issue) -> str:
    """2012年4月25日, or the year alone."""
    if shown.issue_date is None:
        return str(shown.year)
    day = shown.issue_date
    return f"{day.year}年{day.month}月{day.day}日"


def source_line(article) -> str:
    """（市总生活部、女工部）, or nothing: the attribution as the issue page prints it."""
    return attribution.printed(article)


def signer_line(shown: Issue) -> str:
    """签发人：赵某某 for a back issue whose masthead printed its signer, or nothing:
    the printed layouts name no signer of their own."""
    if not shown.printed_signer:
        return ""
    return _("Signed off by:") + shown.printed_signer


def correction_line(correction) -> str:
    return _("Correction:") + _("“%(wrong)s” should read “%(right)s”.") % {
        "wrong": correction.wrong,
        "right": correction.right,
    }


def distribution_line(shown: Issue) -> str:
    return "、".join(entry.recipient.name for entry in shown.distribution.all())


def print_run_line(shown: Issue) -> str:
    if not shown.print_run:
        return ""
    return _("%(count)s copies printed") % {"count": shown.print_run}


def file_name(shown: Issue, extension: str) -> str:
    """工会工作简报-2012-8.pdf; …-2012-增刊1.pdf."""
    number = f"增刊{shown.number}" if shown.is_supplement else str(shown.number)
    return f"{shown.title}-{shown.year}-{number}.{extension}"


def context(shown: Issue) -> dict:
    """What the printed layouts (PDF, e-mail) read: the issue and its printed lines."""
    for article in articles_of(shown):
        article.source_line = source_line(article)
        article.correction_lines = [correction_line(c) for c in article.correction_list]
    return {
        "issue": shown,
        "bullet": BRIEF_BULLET,
        "number_line": number_line(shown),
        "date_line": date_line(shown),
        "signer_line": signer_line(shown),
        "distribution": distribution_line(shown),
        "print_run": print_run_line(shown),
    }
