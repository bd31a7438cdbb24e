"""The search form, and the filter choices it offers: what this reader can find.

The choices — years, sections, contributing organizations — come from the
reader's copy of the issues the reader may read (``editorial.signed.readers``),
so a section or an article that exists only in an editor's working copy is
never offered.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from pypinyin import Style, lazy_pinyin

from editorial.search.text import MAX_QUERY_LENGTH
from editorial.signed import readers


def filter_choices(user, keep=None) -> dict:
    """The years, sections and organizations ``user`` can find.

    Listing them scans every readable article, so the caller may keep them:
    ``keep(key, compute)`` returns a kept value for ``key`` or keeps what
    ``compute()`` returns (the reading site keeps it until anything on the site
    changes). ``key`` names the reader as far as what they may read goes, so a
    reader whose unit, staff status or permissions change gets choices of their own.
    """

    def choices():
        return {
            "years": readers.years_for(user),
            "sections": [name for name, _count in readers.sections_for(user)],
            "organizations": sorted(
                ((named.pk, named.name) for named in readers.organizations_for(user)),
                key=lambda choice: in_pinyin_order(choice[1]),
            ),
        }

    if keep is None:
        return choices()
    return keep(f"search-filters:{_readership(user)}", choices)


def in_pinyin_order(name: str) -> tuple:
    """Sorts Chinese names as a reader looks them up: by pinyin, then by character
    (homophones), as dictionaries and directories order them."""
    return ([syllable.lower() for syllable in lazy_pinyin(name, style=Style.TONE3)], name)


def _readership(user) -> str:
    """Names what decides which issues ``user`` may read (``readers.readable_q``)."""
    return readers.readership(user)


class SearchForm(forms.Form):
    """The query and its filters; the choices are what this reader can find."""

    q = forms.CharField(label=_("Search for"), max_length=MAX_QUERY_LENGTH, required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    section = forms.ChoiceField(label=_("Section"), required=False)
    organization = forms.TypedChoiceField(
        label=_("Contributed by"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["year"].choices = everything + [(y, y) for y in choices["years"]]
        self.fields["section"].choices = everything + [(n, n) for n in choices["sections"]]
        self.fields["organization"].choices = everything + choices["organizations"]
