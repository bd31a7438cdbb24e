"""What the chief editor signed: one immutable version per sign-off."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from editorial.content.models import Issue


class ImmutableRecord(Exception):
    """A signed version (or another record) cannot be changed or deleted."""


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
    content = models.JSONField(_("content"))
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
