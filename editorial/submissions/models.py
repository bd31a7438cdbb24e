"""The records of information work: officers, submissions with their
attachments and decisions, quotas, higher-level publications, forwardings
(上报) and scoring rules.

A submission's text is kept exactly as the officer sent it; the article made
from it is the office's to edit. The status is data (``Submission.Status``)
and every change of it is a ``Decision`` (and an audit record), written by
``editorial.submissions.decisions``.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from editorial.content.models import Article, SourceOrganization, split_paragraphs
from editorial.content.people import person_name
from editorial.offices.models import Office

OFFICERS = "信息员"


class InformationOfficer(models.Model):
    """A user who submits for one contributing unit (a unit may have several)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="information_officer",
    )
    unit = models.ForeignKey(
        SourceOrganization,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="officers",
    )
    since = models.DateField(_("officer since"), default=timezone.localdate)

    class Meta:
        verbose_name = _("information officer")
        verbose_name_plural = _("information officers")
        ordering = ["unit", "user__username"]

    def __str__(self) -> str:
        return f"{person_name(self.user)} · {self.unit}"


class UnitQuota(models.Model):
    """How many items a unit is asked to submit each month (e.g. two)."""

    unit = models.OneToOneField(
        SourceOrganization, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="quota"
    )
    per_month = models.PositiveSmallIntegerField(_("submissions a month"))

    class Meta:
        verbose_name = _("monthly quota")
        verbose_name_plural = _("monthly quotas")

    def __str__(self) -> str:
        return f"{self.unit} · {self.per_month}"


class SubmissionQuerySet(models.QuerySet):
    def counted(self):
        """Submissions that count as submitted (a withdrawn one does not)."""
        return self.exclude(status=Submission.Status.WITHDRAWN)

    def waiting(self):
        """The office's inbox: new and resubmitted items."""
        return self.filter(status__in=Submission.WAITING)

    def of_offices(self, offices):
        """The submissions sent to one of ``offices`` (ids; None: every office)."""
        return self if offices is None else self.filter(office__in=offices)


class Submission(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        RESUBMITTED = "resubmitted", _("Resubmitted")
        RETURNED = "returned", _("Returned for revision")
        ADOPTED = "adopted", _("Adopted")
        DECLINED = "declined", _("Not adopted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    WAITING = (Status.SUBMITTED, Status.RESUBMITTED)
    # The officer may still edit or withdraw it: the office has not handled it.
    OPEN_TO_OFFICER = (Status.SUBMITTED, Status.RESUBMITTED, Status.RETURNED)

    unit = models.ForeignKey(
        SourceOrganization,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    # The inbox it went to: the office its unit reported to when it was submitted,
    # kept when the unit later reports elsewhere.
    office = models.ForeignKey(
        Office,
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="submissions",
    )
    title = models.CharField(_("title"), max_length=300)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    body = models.TextField(_("body"), help_text=_("Paragraphs separated by a blank line."))
    suggested_kind = models.CharField(
        _("suggested kind"),
        max_length=16,
        choices=Article.Kind.choices,
        default=Article.Kind.ARTICLE,
    )
    authors = models.CharField(
        _("authors"), max_length=200, blank=True, help_text=_("People's names, e.g. 张三 李四")
    )
    contact_phone = models.CharField(_("contact phone"), max_length=40)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Read by the office: cleared when the officer resubmits (one inbox per office).
    seen_at = models.DateTimeField(_("opened by the office"), null=True, blank=True)
    # Set on adoption: the article made from it (one article may hold several
    # merged submissions), the kind it was adopted as and the day, which scoring uses.
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submissions",
    )
    adopted_as = models.CharField(
        _("adopted as"), max_length=16, choices=Article.Kind.choices, blank=True
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions (来稿)")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["unit", "submitted_at"], name="submission_unit_time_idx"),
            models.Index(fields=["status", "submitted_at"], name="submission_status_time_idx"),
            models.Index(fields=["adopted_on"], name="submission_adopted_idx"),
        ]
        permissions = [
            ("submit_submission", _("Can submit information for a unit")),
            ("handle_submission", _("Can adopt, return or decline submissions")),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def paragraphs(self) -> list[str]:
        return split_paragraphs(self.body)

    @property
    def open_to_officer(self) -> bool:
        return self.status in self.OPEN_TO_OFFICER

    @property
    def is_adopted(self) -> bool:
        return self.status == self.Status.ADOPTED


def attachment_path(attachment, filename: str) -> str:
    # Never served from MEDIA_URL: the officer's page streams it after its checks.
    return f"submissions/{timezone.now():%Y/%m}/{filename}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        DOCUMENT = "document", _("Document")

    submission = models.ForeignKey(
        Submission,
        verbose_name=_("submission"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    size = models.PositiveIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["submission", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class Decision(models.Model):
    """One step of a submission: submitted, resubmitted, withdrawn, adopted,
    returned, declined, its adopted article deleted — with its comment, who and
    when."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("Submitted")
        RESUBMIT = "resubmit", _("Resubmitted")
        WITHDRAW = "withdraw", _("Withdrawn")
        ADOPT = "adopt", _("Adopted")
        RETURN = "return", _("Returned for revision")
        DECLINE = "decline", _("Not adopted")
        # The article made from it was deleted: it is back in the office's inbox.
        ARTICLE_DELETED = "article_deleted", _("Adopted article deleted")

    submission = models.ForeignKey(
        Submission,
        verbose_name=_("submission"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    comment = models.TextField(_("comment"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["submission", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.submission}"


class HigherPublication(models.Model):
    """A publication above the office that adopts forwarded items (省总《工会信息》, 全总 …)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("higher-level publication")
        verbose_name_plural = _("higher-level publications")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Forwarding(models.Model):
    """An adopted item forwarded upward (上报), and its adoption there."""

    submission = models.ForeignKey(
        Submission,
        verbose_name=_("submission"),
        on_delete=models.CASCADE,
        related_name="forwardings",
    )
    publication = models.ForeignKey(
        HigherPublication,
        verbose_name=_("publication"),
        on_delete=models.PROTECT,
        related_name="forwardings",
    )
    forwarded_on = models.DateField(_("forwarded on"), default=timezone.localdate)
    adopted_on = models.DateField(_("adopted there on"), null=True, blank=True)
    adopted_as = models.CharField(
        _("adopted there as"), max_length=16, choices=Article.Kind.choices, blank=True
    )

    class Meta:
        verbose_name = _("forwarding (上报)")
        verbose_name_plural = _("forwardings (上报)")
        ordering = ["submission", "forwarded_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "publication"], name="forwarding_unique_publication"
            ),
            models.CheckConstraint(
                condition=models.Q(adopted_on__isnull=True) | ~models.Q(adopted_as=""),
                name="forwarding_adoption_has_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.submission} → {self.publication}"


class ScoringRule(models.Model):
    """Points for one kind of adoption, from a day on: by this bulletin (no
    publication) or by a higher-level publication."""

    publication = models.ForeignKey(
        HigherPublication,
        verbose_name=_("publication"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="scoring_rules",
        help_text=_("Empty: adopted by this bulletin."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Article.Kind.choices)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=1)
    starts_on = models.DateField(_("in force from"))

    class Meta:
        verbose_name = _("scoring rule")
        verbose_name_plural = _("scoring rules")
        ordering = ["publication__position", "kind", "-starts_on"]

    def __str__(self) -> str:
        where = self.publication or _("this bulletin")
        return f"{where} · {self.get_kind_display()} · {self.points} ({self.starts_on})"
