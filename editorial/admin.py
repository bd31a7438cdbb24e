"""The editors' workspace. The workflow rules themselves live in ``workflow.py``."""

from django.contrib import admin

from .models import (
    Article,
    ArticleSource,
    DistributionEntry,
    Issue,
    IssueTransition,
    OrganizationAlias,
    Recipient,
    Section,
    SourceOrganization,
)


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["position", "name"]
    ordering = ["position"]


class DistributionInline(admin.TabularInline):
    model = DistributionEntry
    extra = 0
    fields = ["position", "recipient"]
    ordering = ["position"]
    autocomplete_fields = ["recipient"]


class TransitionInline(admin.TabularInline):
    model = IssueTransition
    extra = 0
    fields = ["created_at", "actor", "from_status", "to_status", "comment"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["__str__", "issue_date", "status", "visibility", "publish_at"]
    list_filter = ["year", "status", "visibility"]
    search_fields = ["title", "legacy_filename"]
    readonly_fields = ["approved_by", "approved_at", "legacy_filename", "legacy_sha256"]
    inlines = [SectionInline, DistributionInline, TransitionInline]
    show_full_result_count = False

    def get_urls(self):
        # Legacy .txt upload: preview, then confirm as a draft (editorial/legacy/admin_views.py).
        from django.urls import path

        from .legacy.admin_views import import_legacy_view

        view = self.admin_site.admin_view(import_legacy_view)
        return [
            path(
                "import-legacy/",
                lambda request: view(request, model_admin=self),
                name="editorial_issue_import_legacy",
            ),
            *super().get_urls(),
        ]


class ArticleSourceInline(admin.TabularInline):
    model = ArticleSource
    extra = 0
    autocomplete_fields = ["organization"]
    ordering = ["position"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "section", "kind", "position"]
    list_filter = ["kind", "section__issue__year"]
    list_select_related = ["section__issue"]
    search_fields = ["title", "subtitle"]
    inlines = [ArticleSourceInline]
    raw_id_fields = ["section"]
    show_full_result_count = False


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "issue", "position"]
    list_select_related = ["issue"]
    search_fields = ["name"]
    raw_id_fields = ["issue"]


class AliasInline(admin.TabularInline):
    model = OrganizationAlias
    extra = 1


@admin.register(SourceOrganization)
class SourceOrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "parent"]
    list_select_related = ["parent"]
    search_fields = ["name", "short_name", "aliases__name"]
    autocomplete_fields = ["parent"]
    inlines = [AliasInline]


@admin.register(Recipient)
class RecipientAdmin(admin.ModelAdmin):
    search_fields = ["name"]
