"""What the chief editor signed: one immutable version per sign-off."""

import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from editorial.content.headlines import one_line
from editorial.content.models import DistributionCategory, Issue


class ImmutableRecord(Exception):
    """A signed version (or another record) cannot be changed or deleted."""


class UnicodeJSONEncoder(json.JSONEncoder):
    """JSON with its text as characters, not ``\\u`` escapes: a signed version of a
    Chinese bulletin is half the bytes to send and for PostgreSQL to parse (an
    imported issue's insert, 0.71 against 0.97 ms, the driver's CPU the same:
    ``bench/import_parts.py``). The value read back is the same."""

    def __init__(self, *args, **kwargs):
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)


class IssueVersionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableRecord(_("A signed version cannot be changed."))

    def delete(self):
        raise ImmutableRecord(_("A signed version cannot be deleted."))

    def latest_per_issue(self):
        """Only the newest version of each issue."""
        newest = IssueVersion.objects.filter(issue=models.OuterRef("issue")).order_by("-sequence")
        return self.filter(sequence=models.Subquery(newest.values("sequence")[:1]))


class IssueVersion(models.Model):
    """The issue exactly as signed off (签发): one immutable row per sign-off.

    ``content`` is the assembled issue — masthead, sections in order, articles,
    table of contents and footer — in the archive's JSON form
    (``editorial.workflow.signoff.assemble``). The reading site shows an issue's newest
    version; the live rows are the editors' working copy. Rows are written once
    and never changed or deleted (save, delete and the queryset refuse).
    """

    issue = models.ForeignKey(
        Issue, verbose_name=_("issue"), on_delete=models.PROTECT, related_name="versions"
    )
    sequence = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"), encoder=UnicodeJSONEncoder)
    # " 12 15 19 ": the articles in ``content``, found with a LIKE on both databases.
    article_ids = models.TextField(editable=False)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed off by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signer_name = models.CharField(_("signer"), max_length=150, blank=True)
    signed_at = models.DateTimeField(_("signed off at"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = IssueVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("signed version")
        verbose_name_plural = _("signed versions")
        ordering = ["issue", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "sequence"], name="issueversion_unique"),
        ]

    def __str__(self) -> str:
        return _("%(issue)s, version %(sequence)s") % {
            "issue": self.issue,
            "sequence": self.sequence,
        }

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRecord(_("A signed version cannot be changed."))
        ids = [a["id"] for section in self.content["sections"] for a in section["articles"]]
        self.article_ids = " " + " ".join(str(pk) for pk in ids) + " "
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecord(_("A signed version cannot be deleted."))


# --- The reader's copy: the newest signed version of each issue, as rows -------------


class SignedIssue(models.Model):
    """An issue as its newest signed version has it: the masthead and counts that
    lists, the archive and the feed show, and who may read it — its visibility
    and its 本期印发 list (``distribution``) as signed. Rewritten at every
    sign-off (``editorial.signed.publish``), never edited; the live ``Issue`` row
    keeps only the workflow state (status, publish time) readers are filtered
    by. Reader-facing code reads these rows, never the working copy.
    """

    issue = models.OneToOneField(
        Issue,
        verbose_name=_("issue"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="signed",
    )
    version = models.ForeignKey(
        IssueVersion, verbose_name=_("signed version"), on_delete=models.PROTECT, related_name="+"
    )
    bulletin = models.ForeignKey(
        "editorial.Bulletin",
        verbose_name=_("bulletin"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    series = models.CharField(_("series"), max_length=16)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("number"))
    cumulative_number = models.PositiveIntegerField(_("cumulative number"), null=True)
    issue_date = models.DateField(_("issue date"), null=True)
    title = models.CharField(_("masthead title"), max_length=100)
    publisher = models.CharField(_("publisher"), max_length=100)
    print_run = models.PositiveIntegerField(_("print run"), null=True)
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Issue.Visibility.choices, default="public"
    )
    printed_signer = models.CharField(_("signer as printed"), max_length=50, blank=True)
    signer_name = models.CharField(_("signer"), max_length=150, blank=True)
    signed_at = models.DateTimeField(_("signed off at"))
    article_count = models.PositiveIntegerField(_("number of articles"), default=0)
    # year * 100000 + number: newest is highest (as in the search index).
    issue_order = models.BigIntegerField(editable=False)

    class Meta:
        verbose_name = _("reader's copy of an issue")
        verbose_name_plural = _("readers' copies of issues")
        ordering = ["-issue_order"]

    def __str__(self) -> str:
        return str(self.issue_id)


class SignedArticle(models.Model):
    """One article of a ``SignedIssue``, exactly as signed, with the section it
    was printed in. ``article_id`` is the working copy's article id, which the
    reader's URL (``/articles/<id>/``) carries; the working copy may since have
    changed, moved or deleted that article."""

    signed_issue = models.ForeignKey(
        SignedIssue, verbose_name=_("issue"), on_delete=models.CASCADE, related_name="articles"
    )
    article_id = models.PositiveBigIntegerField(_("article"))
    section_id = models.PositiveBigIntegerField(_("section"), null=True)
    section_name = models.CharField(_("section"), max_length=50, blank=True)
    section_position = models.PositiveSmallIntegerField(_("section position"))
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=16)
    title = models.CharField(_("title"), max_length=300)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    byline = models.CharField(_("byline"), max_length=200, blank=True)
    body = models.TextField(_("body"), blank=True)
    source_text = models.CharField(_("source as written"), max_length=300, blank=True)
    credit = models.CharField(_("credit"), max_length=100, blank=True)
    # The pictures signed with it, as the version holds them: [{"file", "caption"}].
    images = models.JSONField(_("pictures"), default=list, blank=True)
    issue_order = models.BigIntegerField(editable=False)

    class Meta:
        verbose_name = _("reader's copy of an article")
        verbose_name_plural = _("readers' copies of articles")
        ordering = ["-issue_order", "section_position", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["signed_issue", "article_id"], name="signedarticle_unique_article"
            ),
        ]
        indexes = [
            models.Index(fields=["article_id"], name="signedarticle_article_idx"),
            models.Index(fields=["section_name"], name="signedarticle_section_idx"),
            models.Index(fields=["issue_order", "id"], name="signedarticle_order_idx"),
        ]

    def __str__(self) -> str:
        return one_line(self.title)


class SignedArticleSource(models.Model):
    """An organization credited on a ``SignedArticle``, in the order signed."""

    article = models.ForeignKey(
        SignedArticle, verbose_name=_("article"), on_delete=models.CASCADE, related_name="sources"
    )
    # The organization's id as signed, for its page's address: no constraint and
    # no cascade, so that deleting or merging the organization writes nothing here.
    organization = models.ForeignKey(
        "editorial.SourceOrganization",
        verbose_name=_("organization"),
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="signed_links",
    )
    name = models.CharField(_("name as signed"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("source of a reader's copy")
        verbose_name_plural = _("sources of readers' copies")
        ordering = ["article", "position"]

    def __str__(self) -> str:
        return self.name


class SignedArticleTag(models.Model):
    """A tag of a ``SignedArticle``, by its name and address as signed: a tag
    renamed, merged or deleted in the working copy leaves these rows alone."""

    article = models.ForeignKey(
        SignedArticle, verbose_name=_("article"), on_delete=models.CASCADE, related_name="tags"
    )
    name = models.CharField(_("name as signed"), max_length=100)
    slug = models.CharField(_("address as signed"), max_length=100, db_index=True)

    class Meta:
        verbose_name = _("tag of a reader's copy")
        verbose_name_plural = _("tags of readers' copies")
        ordering = ["article", "name"]

    def __str__(self) -> str:
        return self.name


class SignedDistributionEntry(models.Model):
    """One line of an issue's 本期印发 list as signed: who may read an internal
    issue, who is asked for a read receipt and who is mailed it. ``recipient``
    is the unit's id (no constraint: renaming or deleting a unit writes nothing
    here); ``name`` is the line as printed."""

    signed_issue = models.ForeignKey(
        SignedIssue,
        verbose_name=_("issue"),
        on_delete=models.CASCADE,
        related_name="distribution",
    )
    recipient = models.ForeignKey(
        "editorial.Recipient",
        verbose_name=_("recipient"),
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    name = models.CharField(_("name as signed"), max_length=200)
    category = models.CharField(
        _("printed as"),
        max_length=8,
        choices=DistributionCategory.choices,
        default=DistributionCategory.DISTRIBUTED,
        blank=True,
    )
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("distribution entry of a reader's copy")
        verbose_name_plural = _("distribution lists of readers' copies")
        ordering = ["signed_issue", "position"]

    def __str__(self) -> str:
        return self.name
