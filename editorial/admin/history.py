"""History entries that name fields in the reader's language.

Django stores an admin change message as JSON with the changed fields' labels
in English, and translates each label with ``gettext`` when the history is
shown (``LogEntry.get_change_message``; django-reversion keeps that text as the
revision's comment). A model field's form label is its verbose name with a
capital first letter ("Title"), which is no msgid of ours ("title" is), so the
history read "已修改 Title". ``ChangeMessageMixin`` records the verbose name
itself, the msgid, for every model field; a form's own label is kept as it is.

``AuditedSavesMixin`` makes each save of an issue, or of anything in it, in the
admin leave its audit entry too (``editorial.workflow.audit``), the one store of
an issue's history; ``IssueHistoryMixin`` makes the issue's "history" page read
that store.
"""

from django.contrib.admin.utils import construct_change_message, quote, unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext, override
from reversion.models import Version

from editorial.content.models import Issue
from editorial.workflow import audit
from editorial.workflow.models import AuditEntry


def _msgid(model, label: str) -> str:
    """The verbose name of ``model``'s field whose form label is ``label``."""
    for field in model._meta.get_fields():
        verbose_name = getattr(field, "verbose_name", None)
        if verbose_name is not None and capfirst(str(verbose_name)) == label:
            return str(verbose_name)
    return label


def field_names_as_msgids(message: list[dict], model, formsets) -> list[dict]:
    """``message`` (as ``construct_change_message`` makes it) with each field label
    replaced by the verbose name it was made from."""
    with override(None):
        inline_models = {
            str(formset.model._meta.verbose_name): formset.model for formset in formsets
        }
        for entry in message:
            changed = entry.get("changed")
            if not changed or "fields" not in changed:
                continue
            owner = inline_models.get(changed.get("name"), model) if "name" in changed else model
            changed["fields"] = [_msgid(owner, label) for label in changed["fields"]]
    return message


class ChangeMessageMixin:
    """For every ModelAdmin: its history names fields in Chinese (see the module)."""

    def construct_change_message(self, request, form, formsets, add=False):
        message = construct_change_message(form, formsets, add)
        return field_names_as_msgids(message, self.model, formsets or [])


def issue_of(obj) -> Issue | None:
    """The issue ``obj`` is, or is in (an article through its section)."""
    if isinstance(obj, Issue):
        return obj
    if getattr(obj, "issue_id", None):
        return obj.issue
    section = getattr(obj, "section", None)
    return section.issue if section is not None else None


class AuditedSavesMixin:
    """An admin save of an issue or of anything in it leaves one audit entry:
    changed (with Django's change message), added or deleted. An issue's own
    creation is recorded by ``workflow.record_created`` as it is saved, and a
    save that recorded an action of its own (a reordering of the distribution
    list or of an article's sources) leaves that one entry alone, to keep one
    entry to one save."""

    def changeform_view(self, request, *args, **kwargs):
        request.audit_entries_before = AuditEntry.objects.aggregate(newest=Max("pk"))["newest"] or 0
        return super().changeform_view(request, *args, **kwargs)

    def _recorded_its_own(self, request, issue) -> bool:
        """Whether this save already recorded an action of its own (a reordering)."""
        return (
            hasattr(request, "audit_entries_before")
            and AuditEntry.objects.filter(issue=issue, pk__gt=request.audit_entries_before).exists()
        )

    def _audit(self, request, obj, action, message=None):
        issue = issue_of(obj)
        if issue is None:
            return
        if action == audit.EDIT and (not message or self._recorded_its_own(request, issue)):
            return  # a save that changed nothing, or only what it recorded itself
        data = {"change_message": message} if message else {}
        audit.record(action, actor=request.user, obj=obj, issue=issue, data=data)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        if not isinstance(obj, Issue):
            self._audit(request, obj, audit.ADD, message)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self._audit(request, obj, audit.EDIT, message)
        return entry

    def log_deletions(self, request, queryset):
        for obj in queryset:
            if not isinstance(obj, Issue):  # an issue's entries go with it
                self._audit(request, obj, audit.DELETE)
        return super().log_deletions(request, queryset)


class IssueHistoryMixin:
    """The issue's "history" page lists its audit entries, newest first, as the
    issue's own page does; an admin save links to its version where the user
    may restore it."""

    issue_history_template = "admin/editorial/issue/history.html"

    def history_view(self, request, object_id, extra_context=None):
        issue = self.get_object(request, unquote(object_id))
        if issue is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, issue):
            raise PermissionDenied
        entries = audit.issue_history(issue)
        self._link_saves_to_versions(request, issue, entries)
        # The saved versions themselves are compared from here (CompareVersionsMixin),
        # opening on the two latest that differ.
        older, newer = self.differing_pair(list(Version.objects.get_for_object(issue)))
        compare_url = ""
        if older is not None:
            compare_url = (
                reverse(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_compare",
                    args=[quote(issue.pk)],
                )
                + f"?a={older.pk}&b={newer.pk}"
            )
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Change history: %s") % issue,
            "subtitle": None,
            "opts": self.opts,
            "object": issue,
            "issue_history": entries,
            "compare_url": compare_url,
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.issue_history_template, context)

    def _link_saves_to_versions(self, request, issue, entries):
        # A save's revision is dated as the save begins, just before its entry:
        # the newest version by the same person dated at or before the entry.
        saves = [
            entry
            for entry in entries
            if entry.action == audit.CREATE
            or (entry.action == audit.EDIT and entry.object_id == str(issue.pk))
        ]
        if not saves:
            return
        versions = list(
            Version.objects.get_for_object(issue)
            .select_related("revision")
            .order_by("revision__date_created", "pk")
        )
        taken = set()
        for entry in sorted(saves, key=lambda e: (e.at, e.pk), reverse=True):
            version = next(
                (
                    v
                    for v in reversed(versions)
                    if v.pk not in taken
                    and v.revision.date_created <= entry.at
                    and v.revision.user_id == entry.actor_id
                ),
                None,
            )
            if version is None:
                continue
            taken.add(version.pk)
            if self.may_restore(request, issue, version):
                entry.restore_url = reverse(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_revision",
                    args=[issue.pk, version.pk],
                )
