"""The bulletin's content: issues, their sections and articles, the organizations
that contribute them and the units that receive each issue.

These rows are the editors' working copy. Who may read what is decided from
the reader's copy a sign-off writes (``editorial.signed.readers.readable_q``);
reader-facing code never reads these models (an import-linter contract).
"""

import reversion
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from editorial.content.headlines import one_line
from editorial.content.images import path_of
from editorial.content.people import person_name


def _only_bulletin():
    """The installation's one bulletin, or None when there are none or several
    (then an issue names its bulletin)."""
    from django.apps import apps

    bulletins = list(apps.get_model("editorial", "Bulletin").objects.all()[:2])
    return bulletins[0] if len(bulletins) == 1 else None


def default_bulletin():
    """A new issue's bulletin where the installation has only one."""
    only = _only_bulletin()
    return only.pk if only else None


def default_office():
    """A new unit's office (the one it reports to) where the installation has only one."""
    from django.apps import apps

    offices = list(apps.get_model("editorial", "Office").objects.values_list("pk", flat=True)[:2])
    return offices[0] if len(offices) == 1 else None


def default_title() -> str:
    only = _only_bulletin()
    return only.name if only else ""


def default_publisher() -> str:
    only = _only_bulletin()
    return only.publisher if only else ""


# Editors read every issue on the site, internal ones included (superusers hold
# every permission); the reading site also lets them preview unpublished ones.
EDITOR_PERMISSIONS = ("editorial.view_issue", "editorial.change_issue")


def reads_every_issue(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and any(user.has_perm(permission) for permission in EDITOR_PERMISSIONS)
    )


def works_in_office(user) -> bool:
    """Whether ``user`` works in the editorial office (编辑后台): staff who read every
    issue. Readers and information officers do not; the office's links are not
    shown to them, and signing in takes them elsewhere."""
    return bool(user is not None and user.is_staff and reads_every_issue(user))


def live_issue_q(*, prefix: str = "") -> Q:
    """Published, and its publish time has come: on the site for whoever may read it."""
    p = prefix
    return Q(**{f"{p}status": Issue.Status.PUBLISHED, f"{p}publish_at__lte": timezone.now()})


class IssueQuerySet(models.QuerySet):
    def live(self):
        """Published, their publish time come (who may read them: ``signed.readers``)."""
        return self.filter(live_issue_q())

    def with_contents(self, articles):
        """Each issue's sections in order, each with ``articles`` (a queryset of
        articles, ordered), and its distribution list in order (``contents``)."""
        return self.prefetch_related(*contents(articles))

    def next_number(self, bulletin, year: int, series: str = "regular") -> int:
        """The next free number of a bulletin's series within a year: one more than
        the highest (``bulletin``: a bulletin or its id)."""
        highest = self.filter(bulletin=bulletin, series=series, year=year).aggregate(
            models.Max("number")
        )
        return (highest["number__max"] or 0) + 1


class Issue(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")

    class Series(models.TextChoices):
        # Numbered separately: 第N期 from 1 each year in each series
        # (editorial/workflow/numbering.py).
        REGULAR = "regular", _("Bulletin")
        SUPPLEMENT = "supplement", _("Supplement (增刊)")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        INTERNAL = "internal", _("Internal (units on its distribution list, and editors)")

    bulletin = models.ForeignKey(
        "editorial.Bulletin",
        verbose_name=_("bulletin"),
        on_delete=models.PROTECT,
        related_name="issues",
        default=default_bulletin,
    )
    series = models.CharField(
        _("series"), max_length=16, choices=Series.choices, default=Series.REGULAR
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("number"), help_text=_("第N期 within the year"))
    cumulative_number = models.PositiveIntegerField(
        _("cumulative number"), null=True, blank=True, help_text=_("总第N期, across years")
    )
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    title = models.CharField(_("masthead title"), max_length=100, default=default_title)
    publisher = models.CharField(_("publisher"), max_length=100, default=default_publisher)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(
        _("publish time"),
        null=True,
        blank=True,
        help_text=_("A published issue becomes visible at this time."),
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    print_run = models.PositiveIntegerField(
        _("print run"), null=True, blank=True, help_text=_("共印N份")
    )
    printed_signer = models.CharField(
        _("signer as printed"),
        max_length=50,
        blank=True,
        help_text=_(
            "签发人 as printed on a back issue's masthead; the masthead shows it instead "
            "of the name of the chief editor who signed it off here."
        ),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed off by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    # Set when the working copy is edited after a sign-off, cleared by the next one: the
    # workflow then offers to sign the changes off (editorial/workflow/changes.py).
    unsigned_changes = models.BooleanField(
        _("changed since signed off"), default=False, editable=False
    )
    legacy_filename = models.CharField(_("legacy file name"), max_length=255, blank=True)
    legacy_sha256 = models.CharField(_("legacy content hash"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = IssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["bulletin", "series", "year", "number"],
                name="issue_unique_bulletin_series_year_number",
            ),
            models.UniqueConstraint(
                fields=["legacy_sha256"],
                condition=~Q(legacy_sha256=""),
                name="issue_unique_legacy_sha256",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(publish_at__isnull=False),
                name="issue_published_has_publish_time",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="issue_number_positive"),
        ]
        indexes = [
            models.Index(fields=["status", "visibility", "publish_at"], name="issue_visible_idx"),
        ]
        # The workflow's steps, granted to the 编辑 / 签发人 groups
        # (editorial/workflow/transitions.py).
        permissions = [
            ("submit_issue", _("Can submit an issue for review")),
            ("return_issue", _("Can return an issue to its editors")),
            ("approve_issue", _("Can sign off an issue")),
            ("publish_issue", _("Can publish or schedule an issue")),
            ("withdraw_issue", _("Can withdraw a published issue")),
            ("edit_published_issue", _("Can edit an issue that is no longer a draft")),
        ]

    def __str__(self) -> str:
        if self.is_supplement:
            label = _("%(title)s %(year)s年增刊第%(number)s期")
        else:
            label = _("%(title)s %(year)s年第%(number)s期")
        return label % {"title": self.title, "year": self.year, "number": self.number}

    def get_absolute_url(self) -> str:
        name = "supplement_detail" if self.is_supplement else "issue_detail"
        return reverse(f"editorial:{name}", args=[self.bulletin.slug, self.year, self.number])

    @property
    def is_supplement(self) -> bool:
        return self.series == self.Series.SUPPLEMENT

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_scheduled(self) -> bool:
        return (
            self.is_published and self.publish_at is not None and self.publish_at > timezone.now()
        )

    def delete(self, *args, **kwargs):
        # Published issues are withdrawn (editorial/workflow/transitions.py), never
        # deleted by a slip.
        if self.status == self.Status.PUBLISHED:
            raise models.ProtectedError(
                _("A published issue cannot be deleted; withdraw it first."), {self}
            )
        return super().delete(*args, **kwargs)


class Orderable(models.Model):
    """A row numbered 1..n among its siblings: the sections of an issue, the
    articles of a section, the sources of an article, the lines of a
    distribution list. ``order_within`` names the parent foreign key; each model
    keeps positions unique within it by a constraint, and
    ``editorial.content.ordering`` renumbers them."""

    order_within = ""
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True

    def siblings(self):
        """This row and the others of its parent."""
        parent = f"{self.order_within}_id"
        return type(self)._default_manager.filter(**{parent: getattr(self, parent)})


class Section(Orderable):
    order_within = "issue"
    issue = models.ForeignKey(
        Issue, verbose_name=_("issue"), on_delete=models.CASCADE, related_name="sections"
    )
    name = models.CharField(_("name"), max_length=50, help_text=_("e.g. 工作动态, 简讯"))

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["issue", "position"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "position"], name="section_unique_position"),
        ]
        indexes = [models.Index(fields=["name"], name="section_name_idx")]

    def __str__(self) -> str:
        return f"【{self.name}】"

    def get_absolute_url(self) -> str:
        """The page listing the section's articles; none ("") for an unnamed section
        (the text before an imported issue's first 【】 heading)."""
        if not self.name:
            return ""
        return reverse("editorial:section_articles", args=[self.issue.bulletin.slug, self.name])


class SourceOrganizationQuerySet(models.QuerySet):
    def resolve(self, name: str):
        """The organization known by this canonical name or alias, or None."""
        name = name.strip()
        return self.filter(Q(name=name) | Q(aliases__name=name)).distinct().order_by("pk").first()

    def resolve_or_create(self, name: str):
        organization = self.resolve(name)
        if organization is None:
            organization = self.create(name=name.strip())
        return organization

    def with_alias_names(self) -> list["SourceOrganization"]:
        """These organizations, each with ``alias_names``, the names of its aliases in
        order: one query (a join), where ``prefetch_related`` takes two."""
        meta = self.model._meta
        names = [field.attname for field in meta.concrete_fields]
        key = names.index(meta.pk.attname)
        found = {}
        rows = self.order_by("pk", "aliases__name").values_list(*names, "aliases__name")
        for *values, alias in rows:
            organization = found.get(values[key])
            if organization is None:
                organization = found[values[key]] = self.model.from_db(self.db, names, values)
                organization.alias_names = []
            if alias is not None:
                organization.alias_names.append(alias)
        return list(found.values())


class SourceOrganization(models.Model):
    """A contributing organization (来源单位), e.g. 市总工会宣教部 or 常熟市总工会."""

    name = models.CharField(_("canonical name"), max_length=100, unique=True)
    short_name = models.CharField(
        _("short name"), max_length=50, blank=True, help_text=_("e.g. 市总宣教部")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    # Information work (editorial.submissions): its officers' items go to this
    # office's inbox. A county federation is itself a unit of the city office.
    reports_to = models.ForeignKey(
        "editorial.Office",
        verbose_name=_("reports to (office)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
        default=default_office,
        help_text=_(
            "The office whose inbox receives this unit's submissions (信息报送), "
            "e.g. 常熟市总工会 reports to 苏州市总工会办公室."
        ),
    )

    objects = SourceOrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("source organization")
        verbose_name_plural = _("source organizations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("editorial:source_detail", args=[self.pk])


class OrganizationAlias(models.Model):
    """Another name the same organization is written as (市总宣教部 = 市总工会宣教部)."""

    organization = models.ForeignKey(
        SourceOrganization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="aliases",
    )
    name = models.CharField(_("alias"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ArticleQuerySet(models.QuerySet):
    def for_listing(self):
        """What a list of articles shows: issue, section and sources, in few queries."""
        return self.select_related("section__issue").prefetch_related(
            models.Prefetch(
                "source_links",
                queryset=ArticleSource.objects.select_related("organization").order_by("position"),
            )
        )


class Article(Orderable):
    order_within = "section"
    # What is printed of an article (and signed off): everything but where it is filed.
    PRINTED_FIELDS = (
        "position",
        "kind",
        "title",
        "subtitle",
        "byline",
        "body",
        "source_text",
        "credit",
    )

    class Kind(models.TextChoices):
        ARTICLE = "article", _("Article")
        BRIEF = "brief", _("Brief (简讯)")

    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="articles"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.ARTICLE)
    title = models.CharField(_("title"), max_length=300)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    byline = models.CharField(_("byline"), max_length=200, blank=True)
    body = models.TextField(
        _("body"), blank=True, help_text=_("Plain text; paragraphs separated by a blank line.")
    )
    sources = models.ManyToManyField(
        SourceOrganization,
        verbose_name=_("sources"),
        through="ArticleSource",
        related_name="articles",
        blank=True,
    )
    source_text = models.CharField(
        _("source as written"), max_length=300, blank=True, help_text=_("e.g. 市总宣教部、研究室")
    )
    credit = models.CharField(
        _("credit"),
        max_length=100,
        blank=True,
        help_text=_("A credit that is not an organization, e.g. 综合来稿"),
    )
    tags = TaggableManager(verbose_name=_("tags"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["section", "position"]
        constraints = [
            models.UniqueConstraint(fields=["section", "position"], name="article_unique_position"),
        ]

    def __str__(self) -> str:
        return one_line(self.title)

    def get_absolute_url(self) -> str:
        bulletin = self.section.issue.bulletin.slug
        return reverse("editorial:article_detail", args=[bulletin, self.pk])

    @property
    def paragraphs(self) -> list[str]:
        return split_paragraphs(self.body)

    @property
    def ordered_sources(self) -> list[SourceOrganization]:
        """Sources in the order written; uses the prefetch from ``for_listing`` when present."""
        return [link.organization for link in self.source_links.all()]


class ArticleImage(models.Model):
    """A picture printed with an article (kept from a Word file), shown under it.

    Its file is stored through Django's storage API under a name made of its
    content's hash (``content.images.store_picture``), so that a signed version
    that names it keeps showing exactly that picture whatever the working copy
    does later.
    """

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="images"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    file = models.FileField(_("picture"), upload_to="article-images/", max_length=200)
    caption = models.CharField(
        _("caption"),
        max_length=300,
        blank=True,
        help_text=_("The caption printed with the picture; also its text for screen readers."),
    )

    class Meta:
        verbose_name = _("picture")
        verbose_name_plural = _("pictures")
        ordering = ["article", "position"]

    def __str__(self) -> str:
        return self.caption or self.file.name

    def get_absolute_url(self) -> str:
        """Where readers get it: through the reading rule of its article's issue."""
        bulletin = self.article.section.issue.bulletin.slug
        return reverse(
            "editorial:article_picture", args=[bulletin, self.article_id, path_of(self.file.name)]
        )

    def as_record(self) -> dict:
        """The picture as a signed version and the archive hold it: by stored name."""
        return {"file": self.file.name, "caption": self.caption}


def split_paragraphs(body: str) -> list[str]:
    """Paragraphs of a body: separated by blank lines; single newlines kept inside."""
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def join_paragraphs(paragraphs: list[str]) -> str:
    return "\n\n".join(p.strip() for p in paragraphs if p.strip())


class ArticleSource(Orderable):
    """An organization credited on an article, in the order written."""

    order_within = "article"
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="source_links")
    organization = models.ForeignKey(
        SourceOrganization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="article_links",
    )

    class Meta:
        verbose_name = _("article source")
        verbose_name_plural = _("article sources")
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "position"], name="articlesource_unique_position"
            ),
            models.UniqueConstraint(
                fields=["article", "organization"], name="articlesource_unique_organization"
            ),
        ]

    def __str__(self) -> str:
        return str(self.organization)


class Recipient(models.Model):
    """A unit that receives the bulletin (本期印发), reused across issues."""

    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DistributionCategory(models.TextChoices):
    """How the 版记 names a unit (GB/T 9704): on the one 本期印发 line, or on a
    row of its own — 报 higher offices, 送 peers, 发 lower units."""

    DISTRIBUTED = "", _("本期印发 (one line)")
    REPORTED = "report", _("报 (higher offices)")
    SENT = "send", _("送 (peers)")
    ISSUED = "issue", _("发 (lower units)")


class DistributionEntry(Orderable):
    """One line of an issue's distribution list, in order. Once any entry is
    报, 送 or 发, the 版记 prints those rows instead of the 本期印发 line (an
    entry left on 本期印发 is then 发)."""

    order_within = "issue"
    issue = models.ForeignKey(
        Issue, verbose_name=_("issue"), on_delete=models.CASCADE, related_name="distribution"
    )
    recipient = models.ForeignKey(
        Recipient,
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        related_name="distribution_entries",
    )
    category = models.CharField(
        _("printed as"),
        max_length=8,
        choices=DistributionCategory.choices,
        default=DistributionCategory.DISTRIBUTED,
        blank=True,
    )

    class Meta:
        verbose_name = _("distribution entry")
        verbose_name_plural = _("distribution list")
        ordering = ["issue", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "position"], name="distribution_unique_position"
            ),
            models.UniqueConstraint(
                fields=["issue", "recipient"], name="distribution_unique_recipient"
            ),
        ]

    def __str__(self) -> str:
        return str(self.recipient)


# --- Readers: staff units and read receipts (editorial/content/readership.py) -------------


class UnitMembership(models.Model):
    """The unit a staff account belongs to: one of the recipients on distribution lists.

    Staff read an internal issue when their unit is on its list as signed
    (``editorial.signed.readers.readable_q``).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="unit_membership",
    )
    unit = models.ForeignKey(
        Recipient, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="members"
    )

    class Meta:
        verbose_name = _("unit membership")
        verbose_name_plural = _("unit memberships")

    def __str__(self) -> str:
        return f"{person_name(self.user)} · {self.unit}"


class ReadReceipt(models.Model):
    """A recipient unit has read an issue (已阅): the first time, and who."""

    issue = models.ForeignKey(
        Issue, verbose_name=_("issue"), on_delete=models.CASCADE, related_name="read_receipts"
    )
    recipient = models.ForeignKey(
        Recipient, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="read_receipts"
    )
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("read by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    read_at = models.DateTimeField(_("read at"), default=timezone.now)

    class Meta:
        verbose_name = _("read receipt")
        verbose_name_plural = _("read receipts")
        ordering = ["issue", "read_at"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "recipient"], name="readreceipt_unique_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.issue} · {self.recipient}"


# Revisions (django-reversion): every save made in the admin keeps a version
# that can be compared and restored. An issue's revision carries its
# distribution list; an article's, its sources. Sections are not followed, so
# restoring an issue never deletes the sections (and articles) added since.
reversion.register(Issue, follow=("distribution",))
reversion.register(DistributionEntry)
reversion.register(Section)
reversion.register(Article, follow=("source_links",))
reversion.register(ArticleSource)


def contents(articles) -> list[models.Prefetch]:
    """Prefetches of what an issue holds: its sections in order, each with
    ``articles`` (a queryset of articles, ordered), and its distribution list in
    order with the recipients. For ``prefetch_related`` and
    ``prefetch_related_objects``; see ``IssueQuerySet.with_contents``."""
    return [
        models.Prefetch(
            "sections",
            queryset=Section.objects.order_by("position").prefetch_related(
                models.Prefetch("articles", queryset=articles)
            ),
        ),
        models.Prefetch(
            "distribution",
            queryset=DistributionEntry.objects.select_related("recipient").order_by("position"),
        ),
    ]
