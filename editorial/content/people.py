"""How a person is named: the one way, wherever a person stands on a page, in an
e-mail, a history or audit entry, a list, an export or a greeting.

A person's name is the account's printed name, Django's own ``last_name`` (姓,
family name) and ``first_name`` (名, given name): a Chinese name is written
family name first with no space (王建国); any other in its usual order, given
name first (John Smith). A login name never stands for a person: an account
without a name is named "(name not set)" (or what the caller passes as
``unset``, "" on the masthead, which then names no 签发人).

``person_name`` is the entry point, for Python and, as the ``person`` filter
of the ``people`` template library, for templates (``{{ user|person }}``).
"""

import re

from django import template
from django.utils.translation import gettext

register = template.Library()

# CJK ideographs (with extension A and the compatibility block), as names use them.
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def person_name(user, unset: str | None = None) -> str:
    """王建国 (family name first, no space), John Smith (given name first), or
    ``unset`` (default: "(name not set)") for an account with no name; "" for
    no account at all."""
    if user is None:
        return ""
    family = (getattr(user, "last_name", "") or "").strip()
    given = (getattr(user, "first_name", "") or "").strip()
    if _CJK.search(family + given):
        name = f"{family}{given}"
    else:
        name = " ".join(part for part in (given, family) if part)
    if name:
        return name
    return gettext("(name not set)") if unset is None else unset


@register.filter(name="person")
def person_filter(user, unset=None) -> str:
    """``{{ user|person }}``: ``person_name`` in a template."""
    return person_name(user, unset)
