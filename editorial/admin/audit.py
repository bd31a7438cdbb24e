"""The audit log in the admin: every editorial action, read-only.

Entries are written by the actions themselves (``editorial.workflow.audit``);
nobody adds, changes or deletes one here. Each issue's page lists its own.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from editorial.admin.people import person_field
from editorial.admin.readonly import RecordAdmin
from editorial.admin.scope import OfficeScopedMixin
from editorial.workflow import audit
from editorial.workflow.models import AuditEntry


class ActionFilter(admin.SimpleListFilter):
    title = pgettext_lazy("audit", "action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return list(audit.LABELS.items())

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(action=self.value())
        return queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(OfficeScopedMixin, RecordAdmin):
    """Each user sees the entries of their offices' issues; entries of no issue
    (merges of organizations, 信息报送) only a superuser."""

    issue_path = "issue"
    list_display = [
        "at",
        "action_label",
        "actor_name",
        "issue",
        "object_repr",
        "details",
        "comment",
    ]
    list_filter = [ActionFilter]
    list_select_related = ["actor", "issue"]
    search_fields = ["object_repr", "comment", "actor__username"]
    date_hierarchy = "at"
    show_full_result_count = False
    fields = [
        "at",
        "action_label",
        "actor_name",
        "issue",
        "content_type",
        "object_id",
        "object_repr",
        "details",
        "comment",
        "data",
    ]
    readonly_fields = fields
    actor_name = person_field("actor", _("by"))

    @admin.display(description=pgettext_lazy("audit", "action"), ordering="action")
    def action_label(self, entry):
        return audit.label(entry.action)

    @admin.display(description=_("details"))
    def details(self, entry):
        return audit.details(entry) or "—"
