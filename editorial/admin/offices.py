"""Offices (编辑部), their bulletins (刊物) and who works where, in the admin.

Superusers manage them: an office with its bulletins and its members on one
page, each bulletin on its own page too, and a person's offices on the user
page (``editorial.admin.readership``). Everyone else meets offices only
through what they see and may change (``editorial.admin.scope``,
``editorial.workflow.rules``).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from editorial.admin.base import KnownChoicesAutocompleteMixin
from editorial.admin.history import ChangeMessageMixin
from editorial.admin.people import person_field
from editorial.offices.models import Bulletin, Membership, Office


class SuperusersOnlyMixin:
    """Offices, bulletins and memberships are the superusers' to see and manage."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request, *args):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


class BulletinInline(SuperusersOnlyMixin, admin.StackedInline):
    model = Bulletin
    extra = 0
    fields = [
        ("name", "short_name", "slug"),
        "publisher",
        ("internal_by_default", "cumulative_start", "position"),
        "default_distribution",
    ]


class MembershipInline(SuperusersOnlyMixin, KnownChoicesAutocompleteMixin, admin.TabularInline):
    """The office's editors and chief editors (on the office's page)."""

    model = Membership
    extra = 0
    fields = ["user", "role"]
    autocomplete_fields = ["user"]
    verbose_name_plural = _("members (editors and chief editors)")


class UserMembershipInline(SuperusersOnlyMixin, admin.TabularInline):
    """The offices a person works in, with their role in each (on the user page)."""

    model = Membership
    fk_name = "user"
    extra = 0
    fields = ["office", "role"]
    verbose_name_plural = _("offices (where this person edits or signs off)")


@admin.register(Office)
class OfficeAdmin(
    SuperusersOnlyMixin, KnownChoicesAutocompleteMixin, ChangeMessageMixin, admin.ModelAdmin
):
    list_display = ["name", "union", "parent", "host", "bulletin_names", "member_count"]
    list_select_related = ["union", "parent"]
    search_fields = ["name", "host"]
    autocomplete_fields = ["union", "parent"]
    inlines = [BulletinInline, MembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("bulletins", "memberships")

    @admin.display(description=_("bulletins"))
    def bulletin_names(self, office):
        return "、".join(f"《{bulletin.name}》" for bulletin in office.bulletins.all()) or "—"

    @admin.display(description=_("members"))
    def member_count(self, office):
        return len(office.memberships.all())


@admin.register(Bulletin)
class BulletinAdmin(SuperusersOnlyMixin, ChangeMessageMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "short_name",
        "office",
        "slug",
        "publisher",
        "internal_by_default",
        "cumulative_start",
        "position",
    ]
    list_filter = [("office", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["office"]
    search_fields = ["name", "short_name", "slug", "publisher"]
    fields = [
        "office",
        ("name", "short_name", "slug"),
        "publisher",
        ("internal_by_default", "cumulative_start", "position"),
        "default_distribution",
    ]


@admin.register(Membership)
class MembershipAdmin(
    SuperusersOnlyMixin, KnownChoicesAutocompleteMixin, ChangeMessageMixin, admin.ModelAdmin
):
    list_display = ["member_name", "user", "office", "role"]
    list_filter = ["role", ("office", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "office"]
    search_fields = ["user__username", "user__last_name", "user__first_name", "office__name"]
    autocomplete_fields = ["user", "office"]
    member_name = person_field("user", _("name as printed"))
