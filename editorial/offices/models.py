"""Offices, bulletins and memberships.

An **office** (编辑部, e.g. 苏州市总工会办公室) belongs to a union (a contributing
organization) and may have a parent office, to any depth (常熟 → 苏州 → 江苏).
It publishes one or more **bulletins** (刊物), each with the fields its
masthead and its numbering take. A **membership** makes a user an editor (编辑)
or a chief editor (签发人) of one office; what each role may do is the
permissions of its Django group, and where is the office
(``editorial.offices.access``).
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Office(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    union = models.ForeignKey(
        "editorial.SourceOrganization",
        verbose_name=_("union"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="offices",
        help_text=_("The union this office works for, e.g. 苏州市总工会."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("The office one level up, where this office's items are forwarded."),
    )
    host = models.CharField(
        _("host name"),
        max_length=253,
        blank=True,
        help_text=_("Serve this office's bulletins on their own host name (optional)."),
    )

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["host"], condition=~Q(host=""), name="office_unique_host"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        self.host = self.host.strip().lower()
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("An office cannot be above itself.")})
            ancestor = ancestor.parent

    def ancestors(self) -> list["Office"]:
        """The offices above this one, nearest first."""
        found, office = [], self.parent
        while office is not None and office not in found and office.pk != self.pk:
            found.append(office)
            office = office.parent
        return found


def _site_wide_prefixes() -> set[str]:
    """The first path segments the site's own addresses take (admin, search,
    sitemap.xml ...): a bulletin named like one would be hidden behind it."""
    from django.urls import URLResolver, get_resolver

    prefixes, patterns = set(), list(get_resolver().url_patterns)
    while patterns:
        pattern = patterns.pop()
        route = str(pattern.pattern).lstrip("^")
        if not route and isinstance(pattern, URLResolver):
            patterns.extend(pattern.url_patterns)  # an include at the root
            continue
        first = route.split("/", 1)[0]
        if first and not any(mark in first for mark in "<>()[]?*+\\$"):
            prefixes.add(first)
    return prefixes


def validate_free_address(value: str) -> None:
    if value in _site_wide_prefixes():
        raise ValidationError(
            _("“%(value)s” is an address of the site itself; choose another."),
            params={"value": value},
        )


class Bulletin(models.Model):
    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="bulletins"
    )
    name = models.CharField(
        _("masthead title"), max_length=100, help_text=_("As the masthead prints it: 工会工作简报.")
    )
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    slug = models.SlugField(
        _("address"),
        max_length=40,
        unique=True,
        validators=[validate_free_address],
        help_text=_("The bulletin's part of its pages' addresses (Latin letters, digits, -)."),
    )
    publisher = models.CharField(
        _("publisher"), max_length=100, help_text=_("The masthead's publisher line.")
    )
    internal_by_default = models.BooleanField(
        _("new issues are internal"),
        default=False,
        help_text=_("New issues are internal (units on their distribution list) unless changed."),
    )
    default_distribution = models.TextField(
        _("usual distribution list"),
        blank=True,
        help_text=_("The units a new issue is sent to (本期印发), one per line, in order."),
    )
    cumulative_start = models.PositiveIntegerField(
        _("first cumulative number"),
        null=True,
        blank=True,
        help_text=_(
            "总第N期 of this bulletin's first issue here; later issues continue from the "
            "issue before them by date."
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name

    def distribution_names(self) -> list[str]:
        """The usual distribution list, in order, without blank lines."""
        return [line.strip() for line in self.default_distribution.splitlines() if line.strip()]


class Membership(models.Model):
    class Role(models.TextChoices):
        # The names of the Django groups whose permissions each role holds.
        EDITOR = "编辑", _("Editor")
        CHIEF_EDITOR = "签发人", _("Chief editor")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="office_memberships",
    )
    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = _("office membership")
        verbose_name_plural = _("office memberships")
        ordering = ["office", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "office"], name="membership_one_role_per_office"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office} · {self.get_role_display()}"

    def save(self, *args, **kwargs):
        """Also puts the user in the role's group, so that Django's admin shows them
        what the role may open; where they may act is this office alone."""
        super().save(*args, **kwargs)
        group = Group.objects.filter(name=self.role).first()
        if group is not None:
            self.user.groups.add(group)
