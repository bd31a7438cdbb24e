"""The issue by e-mail: the office's choice for each issue, and one delivery
record per recipient of each signed version mailed."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from editorial.content.models import Issue
from editorial.signed.models import IssueVersion


class IssueMailing(models.Model):
    """How the office sends one issue by e-mail (a row only once it chose)."""

    issue = models.OneToOneField(
        Issue,
        verbose_name=_("issue"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="mailing",
    )
    attach_pdf = models.BooleanField(
        _("attach the PDF"),
        default=False,
        help_text=_("Send the print-ready PDF with the e-mail of this issue."),
    )

    class Meta:
        verbose_name = _("e-mail of the issue")
        verbose_name_plural = _("e-mails of issues")

    def __str__(self) -> str:
        return str(self.issue)


class Delivery(models.Model):
    """The issue, as one signed version, to one address: waiting, being sent, sent,
    or failed with the reason (retried up to ``MAX_ATTEMPTS`` times)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    issue = models.ForeignKey(
        Issue, verbose_name=_("issue"), on_delete=models.CASCADE, related_name="deliveries"
    )
    version = models.ForeignKey(
        IssueVersion,
        verbose_name=_("signed version"),
        on_delete=models.PROTECT,
        related_name="deliveries",
    )
    address = models.EmailField(_("address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    reason = models.TextField(_("reason"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claim = models.CharField(max_length=32, blank=True, editable=False)
    created_at = models.DateTimeField(_("planned at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail delivery")
        verbose_name_plural = _("e-mail deliveries")
        ordering = ["issue", "address"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "address"], name="delivery_once_per_version_and_address"
            ),
        ]
        indexes = [models.Index(fields=["status", "attempts"], name="delivery_due_idx")]

    def __str__(self) -> str:
        return f"{self.issue} → {self.address}"
