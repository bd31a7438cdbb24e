"""A headline as an editor wrote it: one or more lines.

An editor may break a long headline where it should break in print (the
title field takes a line break). Outputs that print a headline — the issue
and article pages, the PDF, the Word file, the e-mail — break it there
(``lines``); everywhere a title is one line — the page title, feed, search,
tables of contents, lists, the admin, exports — the break reads as nothing
between Chinese characters and as a space between other words (``one_line``).
"""

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

_BREAKS = re.compile(r"\r\n|\r|\n")


def _is_wide(character: str) -> bool:
    """A Chinese character or full-width punctuation: no space beside it."""
    return character >= "\u2e80" and not ("\uff61" <= character <= "\uffdc")


def lines(title: str) -> list[str]:
    """The headline's lines, without empty ones or edge spaces."""
    return [line.strip() for line in _BREAKS.split(title or "") if line.strip()]


def normalized(title: str) -> str:
    """The headline as stored: its lines joined by a single ``\\n``."""
    return "\n".join(lines(title))


@register.filter(name="one_line")
def one_line(title: str) -> str:
    """The headline on one line: 关于……的\\n通知 reads 关于……的通知; a
    break between two Latin words or numbers reads as a space."""
    text = ""
    for line in lines(str(title)):
        if text and not (_is_wide(text[-1]) or _is_wide(line[0])):
            text += " "
        text += line
    return text


@register.filter(name="headline")
def headline(title: str) -> str:
    """The headline for a page, escaped, its lines broken by ``<br>``."""
    return mark_safe("<br>".join(conditional_escape(line) for line in lines(str(title))))
