"""The search index and the synonyms a search widens its query with."""

import re

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from editorial.content.models import Issue
from editorial.signed.models import SignedArticle


class ArticleSearchEntry(models.Model):
    """A signed article's entry in the full-text index (used on PostgreSQL).

    Readers search the reader's copy only: an entry belongs to a ``SignedArticle``
    and is written when its issue's reader's copy is (at every sign-off), so an
    unsigned edit of the working copy never reaches it. ``document`` holds the
    codes (``editorial.search.text.lexeme_code``) of the CJK bigrams and words of
    the article's title, subtitle, byline, sources and body, each once, in order
    (GIN-indexed, see migration 0019); ``names`` the names its sources are found
    by (as signed and their organizations' present names), against which, with
    the signed text, a query is confirmed; ``spaced`` whether a phrase may be
    broken by layout spaces in that text (when not, it need not be looked for in
    the text without them), and ``folded`` whether the text must be normalized
    (NFKC, lower case) before a word is looked for in it, which only Python does.
    It is a narrow table of its own, with
    the issue (whose state and visibility decide who may read it) and its order
    copied in, so that the index alone narrows a search to the candidates a
    reader may read.
    ``editorial.search.index`` writes it; nothing else should.

    On SQLite the index is the FTS5 table ``FTS5_TABLE`` instead (one row per
    signed article, its rowid the signed article's id), made by migration 0018.
    """

    signed_article = models.OneToOneField(
        SignedArticle, primary_key=True, on_delete=models.CASCADE, related_name="search_entry"
    )
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="+")
    issue_order = models.BigIntegerField(help_text="year * 100000 + number: newest is highest")
    document = ArrayField(models.SmallIntegerField())
    names = models.TextField(blank=True, default="")
    spaced = models.BooleanField(
        default=False, help_text="Layout spaces break some run of CJK characters."
    )
    folded = models.BooleanField(
        default=False, help_text="Normalizing changes a letter, digit or space of the text."
    )

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")
        indexes = [
            models.Index(fields=["issue_order", "signed_article"], name="search_entry_order_idx"),
        ]

    def __str__(self) -> str:
        return str(self.signed_article_id)


# SQLite's index: an FTS5 table of the token streams (``editorial.search.text.token_stream``)
# of each signed article's title, subtitle, byline, sources and body, rowid its id.
FTS5_TABLE = "editorial_search_fts5"
FTS5_COLUMNS = ("title", "subtitle", "byline", "sources", "body")


# --- Search synonyms (editorial.search.synonyms) -------------------------------------


class SynonymGroup(models.Model):
    """Terms that mean the same (职代会、职工代表大会): a search for one finds all."""

    terms = models.CharField(
        _("terms"),
        max_length=300,
        help_text=_("Two or more terms that mean the same, separated by 、 or spaces."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("synonym group")
        verbose_name_plural = _("search synonyms")
        ordering = ["terms"]

    def __str__(self) -> str:
        return " ↔ ".join(self.term_list())

    def term_list(self) -> list[str]:
        """The terms, in the order written, each once."""
        found: list[str] = []
        for term in SYNONYM_SEPARATORS.split(self.terms):
            if term and term not in found:
                found.append(term)
        return found


SYNONYM_SEPARATORS = re.compile(r"[\s、，,；;/|↔=]+")
