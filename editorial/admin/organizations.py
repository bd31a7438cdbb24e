"""Organizations (来源单位) and recipients (本期印发) in the admin.

An organization's name and aliases, and a recipient's name, are printed by
every issue that credits or lists them: each door that changes them asks the
change rule of every such issue (``rules.issues_naming``), and is read-only to
those who may not change one of them."""

from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from editorial.admin.base import KnownChoicesAutocompleteMixin
from editorial.admin.forms import MergeOrganizationsForm
from editorial.admin.history import ChangeMessageMixin
from editorial.admin.scope import issue_q, visible
from editorial.content.models import (
    ArticleSource,
    OrganizationAlias,
    Recipient,
    SourceOrganization,
)
from editorial.workflow import organizations, rules


def may_change_naming(user, **named) -> bool:
    """Whether ``user`` may change every issue naming these (``rules.issues_naming``)."""
    return rules.may_change_all(user, rules.issues_naming(**named))


class NamingDoor:
    """An admin door onto a name that issues print: changing or deleting it changes
    every issue naming it, so the change rule decides (``may_change_naming``).
    ``named`` is the keyword of ``rules.issues_naming`` the object is passed as."""

    named = "organizations"

    def may_rename(self, request, obj) -> bool:
        return obj is None or may_change_naming(request.user, **{self.named: [obj]})

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.may_rename(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.may_rename(request, obj)


class AliasInline(NamingDoor, admin.TabularInline):
    model = OrganizationAlias
    extra = 1

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self.may_rename(request, obj)


class OrganizationChangeList(ChangeList):
    """Counts each organization's articles for the list only (not for autocomplete)."""

    def get_queryset(self, request, exclude_parameters=None):
        # A correlated count: computed for the rows of the page only (unless sorted by it).
        credits = (
            visible(ArticleSource.objects.all(), request.user, "article__section__issue")
            .filter(organization=OuterRef("pk"))
            .order_by()
            .values("organization")
            .annotate(total=Count("pk"))
            .values("total")
        )
        self.root_queryset = self.root_queryset.annotate(
            article_total=Coalesce(Subquery(credits), 0)
        )
        return super().get_queryset(request, exclude_parameters)


@admin.register(SourceOrganization)
class SourceOrganizationAdmin(
    NamingDoor, KnownChoicesAutocompleteMixin, ChangeMessageMixin, admin.ModelAdmin
):
    list_display = ["name", "short_name", "parent", "alias_names", "article_count"]
    list_select_related = ["parent"]
    search_fields = ["name", "short_name", "aliases__name"]
    autocomplete_fields = ["parent"]
    inlines = [AliasInline]
    actions = ["merge_action"]
    show_full_result_count = False

    ordering = ["name"]

    def get_changelist(self, request, **kwargs):
        return OrganizationChangeList

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("aliases")

    @admin.display(description=_("aliases"))
    def alias_names(self, organization):
        return "、".join(alias.name for alias in organization.aliases.all())

    @admin.display(description=_("number of articles"), ordering="article_total")
    def article_count(self, organization):
        return organization.article_total

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            # The 通报 (editorial.submissions): submissions, adoptions and scores per unit.
            "statistics_url": reverse("admin:editorial_statistics"),
        }
        return super().changelist_view(request, extra_context)

    @admin.action(
        description=_("Merge the selected organizations into one"), permissions=["delete"]
    )
    def merge_action(self, request, queryset):
        if queryset.count() < 2:
            self.message_user(
                request, gettext("Select at least two organizations to merge."), messages.ERROR
            )
            return None
        form = MergeOrganizationsForm(
            request.POST if "apply" in request.POST else None, organizations=queryset
        )
        if form.is_valid():
            target = form.cleaned_data["target"]
            duplicates = list(queryset.exclude(pk=target.pk))
            names = "、".join(duplicate.name for duplicate in duplicates)
            # Moving credits changes the sources of articles: the change rule asks each issue.
            with transaction.atomic():
                # Asked of the crediting issues' rows locked, in the merge's transaction.
                credited = rules.issues_naming(organizations=duplicates)
                refused = rules.refused(request.user, credited)
                if not refused:
                    moved = organizations.merge_into(target, duplicates, actor=request.user)
            if refused:
                self.message_user(
                    request,
                    gettext(
                        "%(names)s are credited in issues only a chief editor can change now: "
                        "%(issues)s"
                    )
                    % {"names": names, "issues": "、".join(str(issue) for issue in refused)},
                    messages.ERROR,
                )
                return None
            self.message_user(
                request,
                gettext(
                    "%(names)s merged into %(target)s: %(count)s article credits moved; "
                    "their names are kept as aliases."
                )
                % {"names": names, "target": target.name, "count": moved},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Merge organizations"),
            "form": form,
            "organizations": queryset,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/editorial/sourceorganization/merge.html", context)


@admin.register(Recipient)
class RecipientAdmin(NamingDoor, ChangeMessageMixin, admin.ModelAdmin):
    """Recipients most used on distribution lists come first (also in the autocomplete)."""

    named = "recipients"

    list_display = ["name", "usage"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                usage_count=Count(
                    "distribution_entries",
                    filter=issue_q(request.user, "distribution_entries__issue"),
                )
            )
            .order_by("-usage_count", "name")
        )

    @admin.display(description=_("issues sent to"), ordering="usage_count")
    def usage(self, recipient):
        return recipient.usage_count
