"""The search form, and the filter choices it offers: what this reader can find.

The choices — bulletins, offices, years, sections, contributing organizations —
come from the reader's copy of the issues the reader may read
(``editorial.signed.readers``) among the bulletins searched (those a host name
serves, or the one of a bulletin's own search page), so a section or an article
that exists only in an editor's working copy is never offered.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from pypinyin import Style, lazy_pinyin

from editorial.search.text import MAX_QUERY_LENGTH
from editorial.signed import readers


def filter_choices(user, keep=None, *, scope=None, bulletin=None) -> dict:
    """The bulletins, offices, years, sections and organizations ``user`` can find
    in ``scope`` (a ``readers.Scope``; None: everywhere), or in ``bulletin`` alone
    (then no bulletin or office is offered).

    Listing them scans every readable article, so the caller may keep them:
    ``keep(key, compute)`` returns a kept value for ``key`` or keeps what
    ``compute()`` returns (the reading site keeps it until anything on the site
    changes). ``key`` names the reader as far as what they may read goes, so a
    reader whose unit, staff status or permissions change gets choices of their own.
    """

    searched = bulletin.pk if bulletin is not None else getattr(scope, "ids", None)

    def choices():
        found = {
            "years": readers.years_for(user, searched),
            "sections": [name for name, _count in readers.sections_for(user, searched)],
            "organizations": sorted(
                ((named.pk, named.name) for named in readers.organizations_for(user, searched)),
                key=lambda choice: in_pinyin_order(choice[1]),
            ),
            "bulletins": [],
            "offices": [],
        }
        if bulletin is None and scope is not None and len(scope.bulletins) > 1:
            readable = readers.latest_per_bulletin(user, searched)
            shown = [b for b in scope.bulletins if b.pk in readable]
            found["bulletins"] = [(b.slug, b.name) for b in shown]
            offices = dict((b.office_id, b.office.name) for b in shown)
            if len(offices) > 1:
                found["offices"] = list(offices.items())
        return found

    if keep is None:
        return choices()
    where = f"{getattr(scope, 'key', 'all')}:{getattr(bulletin, 'pk', '')}"
    return keep(f"search-filters:{_readership(user)}:{where}", choices)


def bulletins_searched(data: dict, scope, bulletin=None):
    """The bulletins a valid form's filters search (a ``readers`` bulletin filter):
    the bulletin of the page, or the one or the office's chosen, within ``scope``."""
    if bulletin is not None:
        return bulletin.pk
    if data.get("bulletin"):
        return scope.find(data["bulletin"]).pk
    if data.get("office"):
        return tuple(b.pk for b in scope.bulletins if b.office_id == data["office"])
    return scope.ids


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
    bulletin = forms.ChoiceField(label=_("Bulletin"), required=False)
    office = forms.TypedChoiceField(label=_("Office"), coerce=int, required=False, empty_value=None)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    section = forms.ChoiceField(label=_("Section"), required=False)
    organization = forms.TypedChoiceField(
        label=_("Contributed by"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        for name in ("bulletin", "office"):
            if choices.get(f"{name}s"):
                self.fields[name].choices = everything + choices[f"{name}s"]
            else:  # one bulletin, or one office: nothing to choose
                del self.fields[name]
        self.fields["year"].choices = everything + [(y, y) for y in choices["years"]]
        self.fields["section"].choices = everything + [(n, n) for n in choices["sections"]]
        self.fields["organization"].choices = everything + choices["organizations"]
