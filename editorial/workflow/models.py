"""The workflow's records: each step an issue took, corrections to published
articles, and who wants to hear of new issues."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from editorial.content.models import Article, Issue
from editorial.content.people import person_name


class IssueTransition(models.Model):
    """One step of an issue through the workflow: who, when, from, to, and why."""

    issue = models.ForeignKey(
        Issue, verbose_name=_("issue"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(
        _("from"), max_length=16, choices=Issue.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=16, choices=Issue.Status.choices)
    # The step taken (editorial.workflow.transitions: submit, return, approve, resign,
    # publish, reschedule, withdraw); an issue's first record says how it came about
    # (create, import, from_previous: editorial.workflow.audit).
    action = models.CharField(_("action"), max_length=16, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow history")
        ordering = ["issue", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display() or '—'} → {self.get_to_status_display()}"


class Correction(models.Model):
    """An erratum (更正) to an article of a published issue, by a chief editor.

    It is shown beside the article and on its issue page; the signed version is
    never changed. ``noticed_in`` is the issue whose 更正 notice lists it.
    """

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.PROTECT, related_name="corrections"
    )
    wrong = models.TextField(_("what was wrong"), help_text=_("As printed, e.g. 二〇〇七年"))
    right = models.TextField(_("what is right"), help_text=_("e.g. 二〇〇八年"))
    corrected_at = models.DateTimeField(_("corrected at"), default=timezone.now)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("corrected by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    noticed_in = models.ForeignKey(
        Issue,
        verbose_name=_("listed in the 更正 notice of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="correction_notices",
    )

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections (更正)")
        ordering = ["corrected_at", "pk"]

    def __str__(self) -> str:
        return _("“%(wrong)s” should read “%(right)s”") % {"wrong": self.wrong, "right": self.right}


# --- Notifications (editorial/workflow/notifications.py) -------------------------------------


class Subscription(models.Model):
    """A staff member who wants an email when a new issue is published."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="issue_subscription",
    )
    created_at = models.DateTimeField(_("subscribed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return person_name(self.user)


class Unsubscribed(models.Model):
    """An address that asked, by the link in an issue's e-mail, for no more issues.

    Subscribing again from the admin index takes it off this list."""

    address = models.EmailField(_("address"), unique=True)
    at = models.DateTimeField(_("unsubscribed at"), default=timezone.now)

    class Meta:
        verbose_name = _("unsubscribed address")
        verbose_name_plural = _("unsubscribed addresses")
        ordering = ["-at"]

    def __str__(self) -> str:
        return self.address


class PublicationNotice(models.Model):
    """The issue's e-mail was planned for its readers: once per issue, whenever it
    went live (``editorial.output.mailing``: one delivery per recipient)."""

    issue = models.OneToOneField(
        Issue,
        verbose_name=_("issue"),
        on_delete=models.CASCADE,
        related_name="publication_notice",
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    # The deliveries planned (before the e-mail of the issue itself: the e-mails sent).
    recipient_count = models.PositiveIntegerField(_("emails sent"), default=0)

    class Meta:
        verbose_name = _("publication notice")
        verbose_name_plural = _("publication notices")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return str(self.issue)


class AuditEntry(models.Model):
    """One editorial action: who did what to which object, when, and why.

    Every workflow step, admin save, reordering, move, organization merge,
    correction and correction notice leaves one (``editorial.workflow.audit.record``);
    they are the one store of an issue's history, which its page and its admin
    history list. Written once, never edited.
    """

    action = models.CharField(_("action"), max_length=32, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    issue = models.ForeignKey(
        Issue,
        verbose_name=_("issue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} · {self.object_repr}"
