"""What the legacy import says, in the language of the site (Chinese), through gettext.

The parser is plain Python and cannot translate: each of its warnings is a
``Note``, a code with parameters, said here. The command prints each message in
Chinese with the English after it (operators search logs in either); the admin
shows the Chinese alone. A message that has no code (a reason given by the Word
reader, a database error) is shown with its Chinese gist first.
"""

from __future__ import annotations

import re

from django.utils import translation
from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "no_distribution": _("No 本期印发 distribution list was found."),
    "stray_pictures": _(
        "%(count)d picture(s) outside any article (cover page, headers or footer) were "
        "kept with the last article."
    ),
    "cover_pictures": _(
        "%(count)d picture(s) of the cover page (报头) were not imported: they belong to "
        "no article."
    ),
    "after_footer": _(
        "%(count)d line(s) after 本期印发 are neither recipients nor table of contents; "
        "they were kept as paragraphs of the last article."
    ),
    "unnamed_section": _(
        "The text before the first 【section】 header was put in an unnamed section."
    ),
    "orphan_attribution": _(
        "【%(section)s】An attribution with no item above it was kept as the first "
        "paragraph of the section: %(text)s"
    ),
    "trailing_pictures": _(
        "【%(section)s】%(count)d picture(s) after the last text were kept with the last article."
    ),
    "empty_section": _("Section 【%(section)s】 has no articles."),
    "extra_head_lines": _(
        "【%(section)s】%(title)s: %(count)d more short line(s) before the body were kept "
        "as paragraphs."
    ),
    "title_from_first_clause": _(
        "【%(section)s】An article has no headline; its title was taken from its first "
        "clause: %(title)s"
    ),
    "no_body": _("【%(section)s】%(title)s: no body text."),
    "no_source": _("【%(section)s】%(title)s: no source attribution was found."),
    "briefs_untitled": _(
        "%(count)d brief(s) have no table-of-contents headline; their titles were taken "
        "from their first clause."
    ),
    "year_inferred": _("The year %(year)s was inferred from the text."),
    "year_unknown": _("The year is unknown."),
    "date_inferred": _(
        "The date %(date)s was inferred from the latest day mentioned (%(written)s); it is "
        "approximate."
    ),
    "unplaced_lines": _(
        "%(count)d line(s) could not be placed and are not imported, the first: %(text)s"
    ),
    "masthead_read": _("Read from the masthead (报头): %(fields)s"),
    "kept_as_brief": _(
        "【%(section)s】An untitled short item was kept as a brief (简讯): %(title)s"
    ),
    "credit_as_person": _(
        "【%(section)s】%(title)s: “%(credit)s” at its end was read as a person's name."
    ),
    "split_at_dates": _(
        "【%(section)s】The column was split into %(count)d items at the dates that begin them."
    ),
    "caption_column": _(
        "【%(section)s】%(count)d short items, each ending in a picture credit, were read as "
        "photo captions, one item each."
    ),
    # The importer's
    "date_dropped": _("The date %(date)s was dropped: it is not in the year %(year)s."),
    "numbered": _(
        "Issue number unknown: numbered %(year)s年第%(number)s期, the next free number of its year."
    ),
    "replaces": _("Replaces the content of the existing %(issue)s."),
    "recipient_twice": _("Recipient listed twice: %(name)s"),
    "already_imported": _("Already imported as %(issue)s."),
    "shortened": _("%(what)s longer than %(limit)d characters was shortened: %(start)s…"),
}

# The fields of a 报头, as ``masthead_read`` lists them.
MASTHEAD_FIELDS = {
    "title": _("bulletin name %(value)s"),
    "number": _("number %(value)s"),
    "cumulative_number": _("cumulative number %(value)s"),
    "supplement": _("supplement (增刊)"),
    "publisher": _("publisher %(value)s"),
    "date": _("date %(value)s"),
    "signer": _("signer (签发人) %(value)s"),
    "internal": _("internal (内部资料): the issue is not public"),
}

# What ``shortened`` says was too long.
WHAT = {
    "file name": _("file name"),
    "masthead title": _("masthead title"),
    "publisher": _("publisher"),
    "signer": _("signer"),
    "section name": _("section name"),
    "title": _("title"),
    "subtitle": _("subtitle"),
    "byline": _("byline"),
    "source": _("source"),
    "credit": _("credit"),
    "caption": _("caption"),
    "recipient": _("recipient"),
}

REASONS = {
    "toc": _("table of contents copied from the cover page, not content"),
    "rule": _("a rule drawn with characters, layout only"),
    "unplaced": _("the parser could not place it"),
}

# "English words (中文要点)": the gist in Chinese at the end of an untranslated message.
_GIST = re.compile(r"^(?P<english>.*?)\s*\((?P<gist>[^()]*[\u4e00-\u9fff][^()]*)\)$", re.S)


def describe(message: str) -> str:
    """A warning or error in the site's language (Chinese)."""
    code = getattr(message, "code", None)
    if code in MESSAGES:
        return _say(code, message.params)
    gist = _GIST.match(str(message))
    return f"{gist['gist']}（{gist['english']}）" if gist else str(message)


def describe_for_log(message: str) -> str:
    """Chinese first, then the English: what the command prints."""
    code = getattr(message, "code", None)
    if code not in MESSAGES:
        return describe(message)
    with translation.override("en"):
        english = _say(code, message.params)
    chinese = _say(code, message.params)
    return chinese if chinese == english else f"{chinese}（{english}）"


def reason(code: str) -> str:
    """Why a line of a file is not imported."""
    return str(REASONS.get(code, code))


def _say(code: str, params: dict) -> str:
    if code == "masthead_read":
        fields = [
            str(label) % {"value": params[key]}
            for key, label in MASTHEAD_FIELDS.items()
            if key in params
        ]
        params = {"fields": str(_("; ")).join(fields)}
    elif code == "shortened":
        params = {**params, "what": str(WHAT.get(params["what"], params["what"]))}
    return str(MESSAGES[code]) % params
