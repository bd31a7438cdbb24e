"""Search synonyms: a reader who types 职代会 also finds 职工代表大会, and the other way round.

The table is ``SynonymGroup`` rows, kept in the admin (seeded by migration 0006
with common union terms). ``variants(text)`` gives the forms a query takes with
each term swapped for the others of its group; ``editorial.search.fulltext`` matches any
of them. Terms are found longest first, so 市总工会 is one term, not 市总 + 工会.

The table is read from the shared cache and dropped from it whenever a group
changes (``connect``), so every process sees an edit at once.

Entry points: ``variants``, ``table``, ``clean_terms``, ``connect``.
"""

import itertools
import logging
import unicodedata

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext as _

from editorial.search.models import SYNONYM_SEPARATORS, SynonymGroup

logger = logging.getLogger("editorial.search.synonyms")

CACHE_KEY = "synonyms:table"
# A query with many synonyms could otherwise multiply into very many forms.
MAX_VARIANTS = 8


def normal(text: str) -> str:
    """As search compares text: NFKC (full-width letters to ASCII) and lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def _load() -> dict[str, tuple[str, ...]]:
    found: dict[str, tuple[str, ...]] = {}
    for group in SynonymGroup.objects.all():
        terms = tuple(dict.fromkeys(normal(term) for term in group.term_list()))
        if len(terms) < 2:
            continue
        for term in terms:
            # A term in two groups (which the admin refuses) joins them.
            found[term] = tuple(dict.fromkeys([*found.get(term, ()), *terms]))
    return found


def table() -> dict[str, tuple[str, ...]]:
    """Each term → every term of its group (itself included), as search compares them."""
    try:
        found = cache.get(CACHE_KEY)
    except Exception:
        logger.exception("could not read the synonym table from the cache")
        return _load()
    if found is None:
        found = _load()
        try:
            cache.set(CACHE_KEY, found, timeout=None)
        except Exception:
            logger.exception("could not store the synonym table in the cache")
    return found


def _drop() -> None:
    try:
        cache.delete(CACHE_KEY)
    except Exception:
        logger.exception("could not drop the synonym table from the cache")


def forget() -> None:
    """Drop the cached table after a change: now, and again once the change has
    committed (another process may have cached the old table in between)."""
    _drop()
    transaction.on_commit(_drop)


def variants(text: str, synonyms: dict[str, tuple[str, ...]] | None = None) -> list[str]:
    """``text`` (normalized) first, then its forms with synonyms swapped in.

    职代会代表 → [职代会代表, 职工代表大会代表]. At most ``MAX_VARIANTS`` forms.
    """
    text = normal(text)
    synonyms = table() if synonyms is None else synonyms
    if not synonyms or not text:
        return [text] if text else []
    longest = max(len(term) for term in synonyms)
    pieces: list[tuple[str, ...]] = []
    plain_start = index = 0
    while index < len(text):
        for length in range(min(longest, len(text) - index), 0, -1):
            term = text[index : index + length]
            if term in synonyms:
                pieces.append((text[plain_start:index],))
                pieces.append((term, *(other for other in synonyms[term] if other != term)))
                index += length
                plain_start = index
                break
        else:
            index += 1
    pieces.append((text[plain_start:],))
    forms = []
    for combination in itertools.product(*pieces):
        form = "".join(combination)
        if form not in forms:
            forms.append(form)
        if len(forms) >= MAX_VARIANTS:
            break
    return forms


def clean_terms(terms: str, *, exclude_pk=None) -> list[str]:
    """The terms of a group as an editor typed them, or ValueError saying what is wrong:
    fewer than two terms, or a term already in another group."""
    listed = list(dict.fromkeys(term for term in SYNONYM_SEPARATORS.split(terms) if term))
    if len(listed) < 2:
        raise ValueError(_("Give at least two terms that mean the same."))
    wanted = {normal(term): term for term in listed}
    for group in SynonymGroup.objects.exclude(pk=exclude_pk):
        for term in group.term_list():
            if normal(term) in wanted:
                raise ValueError(
                    _("“%(term)s” is already in the group %(group)s.")
                    % {"term": wanted[normal(term)], "group": group}
                )
    return listed


def _changed(sender, instance, raw=False, **kwargs):
    if not raw:
        forget()


def connect() -> None:
    uid = "editorial.search.synonyms"
    post_save.connect(_changed, sender=SynonymGroup, dispatch_uid=uid)
    post_delete.connect(_changed, sender=SynonymGroup, dispatch_uid=uid)
