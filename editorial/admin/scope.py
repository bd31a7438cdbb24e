"""Who sees which issues in the admin: the office dimension of every list.

An editor or chief editor works in one or more offices
(``editorial.offices.access.member_offices``); in the admin they see the issues
of those offices' bulletins, and what is in them (sections, articles,
corrections, workflow steps, audit entries, read receipts), and nothing of any
other office's: not in lists, filters, autocompletes, exports or counts. A
superuser sees everything. What a user may *change* is the change rule
(``editorial.workflow.rules``), which asks the office too; this module only
decides what is shown.

A model admin is scoped with ``OfficeScopedMixin`` and the path from its model
to the issue (``issue_path``). An object outside the user's offices does not
exist for them: its pages answer 404, as a page of no object does.
"""

from django.contrib import messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext

from editorial.offices import access


def issue_q(user, issue_path: str = "") -> Q | None:
    """The rows whose issue (reached through ``issue_path``, "" for issues
    themselves) is of a bulletin of an office ``user`` works in; None: every
    row (a superuser)."""
    offices = access.member_offices(user)
    if offices is None:
        return None
    prefix = f"{issue_path}__" if issue_path else ""
    return Q(**{f"{prefix}bulletin__office__in": offices})


def visible(queryset: QuerySet, user, issue_path: str = "") -> QuerySet:
    """``queryset`` narrowed to the rows of issues ``user`` may see in the admin."""
    condition = issue_q(user, issue_path)
    return queryset if condition is None else queryset.filter(condition)


# The path from each model that is part of an issue to the issue.
ISSUE_PATHS = {
    "editorial.Issue": "",
    "editorial.Section": "issue",
    "editorial.Article": "section__issue",
}


class OfficeScopedMixin:
    """A model admin that lists, filters, counts, completes and opens only the
    rows of issues of the user's offices. ``issue_path`` leads from the model to
    its issue ("" for issues). A row of no issue (an audit entry of a merge) is
    shown to superusers only."""

    issue_path = ""

    def get_queryset(self, request):
        return visible(super().get_queryset(request), request.user, self.issue_path)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """An issue, section or article is chosen among the user's offices' only."""
        path = ISSUE_PATHS.get(db_field.related_model._meta.label)
        if path is not None and "queryset" not in kwargs:
            related = db_field.related_model._default_manager.all()
            kwargs["queryset"] = visible(related, request.user, path)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def response_action(self, request, queryset):
        """A bulk action on rows the user cannot see is refused as a whole, where
        Django would run it on the rest (none, when all were another office's)."""
        selected = set(request.POST.getlist(helpers.ACTION_CHECKBOX_NAME))
        if selected and request.POST.get("select_across") != "1":
            try:
                shown = queryset.filter(pk__in=selected).count()
            except (ValidationError, ValueError, OverflowError):
                shown = len(selected)  # odd values: Django's own answer stands
            if shown < len(selected):
                self.message_user(
                    request,
                    gettext("Not every selected item is yours to see: nothing was changed."),
                    messages.ERROR,
                )
                return None
        return super().response_action(request, queryset)

    def get_object(self, request, object_id, from_field=None):
        """Another office's object answers 404 on every page that opens one
        (Django's change, delete and history pages and ours), where Django would
        redirect as for a deleted object; an unknown id is left to Django, and
        to a user who may see none of these objects Django answers 403 as ever."""
        obj = super().get_object(request, object_id, from_field)
        if obj is None and self._exists_elsewhere(object_id, from_field):
            if not self.has_view_or_change_permission(request):
                raise PermissionDenied
            raise Http404
        return obj

    def _exists_elsewhere(self, object_id, from_field) -> bool:
        field = self.opts.pk if from_field is None else self.opts.get_field(from_field)
        try:
            value = field.to_python(object_id)
            return self.model._default_manager.filter(**{field.attname: value}).exists()
        except (ValidationError, ValueError, OverflowError):  # an odd value names no row
            return False
