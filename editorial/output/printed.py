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
LAYOUT_REVISION = "3"
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


def signer_name(shown: Issue) -> str:
    """Who signed ``shown`` off, as the masthead prints a person: a back issue's
    printed signer, else the chief editor who signed this version (named at
    sign-off by ``editorial.workflow.signoff.signer_name``); "" for a draft or
    an unnamed signer. The one place the printed layouts name a person."""
    if shown.printed_signer:
        return shown.printed_signer
    version = getattr(shown, "signed_version", None)
    return getattr(version, "signer_name", "") or ""


def signer_line(shown: Issue) -> str:
    """签发人：赵某某, as the issue page shows it, or nothing."""
    name = signer_name(shown)
    return _("Signed off by:") + name if name else ""


def internal_mark(shown: Issue) -> str:
    """内部资料 注意保存 on an issue for its units only."""
    if shown.visibility == readers.INTERNAL:
        return _("Internal material, keep safe")
    return ""


# Where a headline may break: after these, and before the opening ones.
_BREAK_AFTER = "，、：；。！？）》」』”’ "
_BREAK_BEFORE = "（《「『“‘"
# 二号 characters on a 156 mm line, less a margin: a longer phrase breaks inside.
HEADLINE_PHRASE = 18


def headline_lines(title: str) -> list[list[tuple[str, bool]]]:
    """A headline as lines (an editor's line breaks) of phrases that are kept
    whole, ``(phrase, unbroken)``: a headline wraps only at punctuation or a
    space, never inside a phrase that fits on a line."""
    lines = []
    for line in title.splitlines() or [""]:
        phrases, current = [], ""
        for character in line:
            if character in _BREAK_BEFORE and current:
                phrases.append(current)
                current = ""
            current += character
            if character in _BREAK_AFTER:
                phrases.append(current)
                current = ""
        if current:
            phrases.append(current)
        lines.append([(phrase, len(phrase) <= HEADLINE_PHRASE) for phrase in phrases])
    return lines


def correction_line(correction) -> str:
    return _("Correction:") + _("“%(wrong)s” should read “%(right)s”.") % {
        "wrong": correction.wrong,
        "right": correction.right,
    }


def distribution_line(shown: Issue) -> str:
    return "、".join(entry.recipient.name for entry in shown.distribution.all())


def distribution_rows(shown: Issue) -> list[tuple[str, str]]:
    """The 版记's distribution rows, ``(label, names)``: the one 本期印发 line,
    or — once any entry is 报, 送 or 发 — a row each for 报：, 送： and 发：
    in that order (an entry left on 本期印发 is then 发)."""
    entries = list(shown.distribution.all())
    if not any(entry.category for entry in entries):
        names = distribution_line(shown)
        return [(_("Distributed to:"), names)] if names else []
    labels = {
        "report": _("Reported to:"),
        "send": _("Sent to:"),
        "issue": _("Issued to:"),
    }
    rows = []
    for category, label in labels.items():
        names = [e.recipient.name for e in entries if (e.category or "issue") == category]
        if names:
            rows.append((label, "、".join(names)))
    return rows


def print_run_line(shown: Issue) -> str:
    if not shown.print_run:
        return ""
    return _("%(count)s copies printed") % {"count": shown.print_run}


def file_name(shown: Issue, extension: str) -> str:
    """工会工作简报-2012-8.pdf; …-2012-增刊1.pdf."""
    number = f"增刊{shown.number}" if shown.is_supplement else str(shown.number)
    return f"{shown.title}-{shown.year}-{number}.{extension}"


def ascii_file_name(shown: Issue, extension: str) -> str:
    """bulletin-2012-8.pdf; bulletin-2012-supplement-1.pdf: for mail and browsers
    that read only an ASCII file name."""
    number = f"supplement-{shown.number}" if shown.is_supplement else str(shown.number)
    return f"bulletin-{shown.year}-{number}.{extension}"


def context(shown: Issue) -> dict:
    """What the printed layouts (PDF, e-mail) read: the issue and its printed lines."""
    for article in articles_of(shown):
        article.source_line = source_line(article)
        article.correction_lines = [correction_line(c) for c in article.correction_list]
        article.headline_lines = headline_lines(article.title)
    return {
        "issue": shown,
        "bullet": BRIEF_BULLET,
        "number_line": number_line(shown),
        "date_line": date_line(shown),
        "signer_line": signer_line(shown),
        "internal_mark": internal_mark(shown),
        "distribution_rows": distribution_rows(shown),
        "print_run": print_run_line(shown),
    }
