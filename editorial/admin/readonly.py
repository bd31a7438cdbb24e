"""Admin classes for what the system records and nobody edits by hand."""

from django.contrib import admin

from editorial.admin.history import ChangeMessageMixin


class ReadOnlyAdmin(ChangeMessageMixin, admin.ModelAdmin):
    """Listed and viewed, never added or changed in the admin (deleting is allowed)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RecordAdmin(ReadOnlyAdmin):
    """A record of what happened (workflow steps, read receipts): not even deleted."""

    def has_delete_permission(self, request, obj=None):
        return False
