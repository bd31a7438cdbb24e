"""What every editorial admin page shares: the issue an object belongs to, the
mixins that make a change form follow the issue's state, version comparison
and the change-list filters."""

from difflib import SequenceMatcher

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import quote, unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from reversion.errors import RevertError
from reversion.models import Version

from editorial.admin.scope import visible
from editorial.content.models import (
    Article,
    ArticleSource,
    DistributionEntry,
    Issue,
    Section,
    SourceOrganization,
)
from editorial.content.people import person_name
from editorial.offices import access
from editorial.signed.compare import Part
from editorial.submissions import decisions
from editorial.workflow import rules


def issue_of(obj) -> Issue | None:
    """The issue an object belongs to (an issue is its own)."""
    if obj is None:
        return None
    if isinstance(obj, Issue):
        return obj
    if isinstance(obj, Section):
        return obj.issue
    if isinstance(obj, Article):
        return obj.section.issue
    if isinstance(obj, ArticleSource):
        return obj.article.section.issue
    if isinstance(obj, DistributionEntry):
        return obj.issue
    raise TypeError(obj)


def issue_change_url(issue: Issue, anchor: str = "") -> str:
    url = reverse("admin:editorial_issue_change", args=[issue.pk])
    return f"{url}#{anchor}" if anchor else url


# --- Shared behaviour ---------------------------------------------------------


def may_change_issue_of(user, obj) -> bool:
    """The change rule for the issue ``obj`` belongs to (no object: nothing to ask yet)."""
    issue = issue_of(obj)
    return issue is None or rules.may_change_now(user, issue)


class FollowsIssueStateMixin:
    """An object is changed or deleted only by those who may change its issue."""

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and may_change_issue_of(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and may_change_issue_of(request.user, obj)


class InlineFollowsIssueStateMixin(FollowsIssueStateMixin):
    """Inline rows are open to those who may change the issue their parent belongs to
    (``obj`` is the parent: rows are added to it too)."""

    def has_add_permission(self, request, obj=None):
        allowed = super().has_add_permission(request, obj)
        return allowed and may_change_issue_of(request.user, obj)


class GuardedDeleteMixin:
    """The bulk "delete selected" action refuses what the user may not delete one by one."""

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            actions["delete_selected"] = (
                GuardedDeleteMixin.guarded_delete_selected,
                "delete_selected",
                delete_selected.short_description,
            )
        return actions

    def deletion_refused(self, request, queryset) -> str | None:
        for obj in queryset:
            if not self.has_delete_permission(request, obj):
                return gettext("“%(object)s” cannot be deleted.") % {"object": obj}
        return None

    @staticmethod
    def guarded_delete_selected(modeladmin, request, queryset):
        refusal = modeladmin.deletion_refused(request, queryset)
        if refusal:
            modeladmin.message_user(request, refusal, messages.ERROR)
            return None
        return delete_selected(modeladmin, request, queryset)


class UndoesAdoptionsMixin:
    """Deleting articles, or the sections and issues that hold them, undoes the
    adoptions of the submissions made into them: they go back to the office's
    inbox (``editorial.submissions.decisions.undo_adoptions``), in the same
    transaction as the delete, and the editor is told which. ``articles_lookup``
    finds the articles of the deleted objects."""

    articles_lookup = "pk__in"

    def undo_adoptions(self, request, queryset) -> list:
        articles = Article.objects.filter(**{self.articles_lookup: queryset})
        return decisions.undo_adoptions(articles, request.user)

    def tell_undone(self, request, undone) -> None:
        if undone:
            message = ngettext(
                "%(count)d adopted submission went back to the inbox: %(titles)s",
                "%(count)d adopted submissions went back to the inbox: %(titles)s",
                len(undone),
            ) % {"count": len(undone), "titles": "、".join(f"《{s.title}》" for s in undone)}
            self.message_user(request, message, messages.WARNING)

    def delete_model(self, request, obj):
        with transaction.atomic():
            undone = self.undo_adoptions(request, type(obj)._default_manager.filter(pk=obj.pk))
            super().delete_model(request, obj)
        self.tell_undone(request, undone)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            undone = self.undo_adoptions(request, queryset)
            super().delete_queryset(request, queryset)
        self.tell_undone(request, undone)


def issues_restored_into(revision) -> list[Issue]:
    """Every issue that restoring ``revision`` would write into: the issue each of
    its objects belongs to now, and the one it belonged to when the revision was
    saved (an object restored into another issue is moved there)."""
    found = {}
    for version in revision.version_set.all():
        model = version.content_type.model_class()
        if model not in (Issue, Section, Article, ArticleSource, DistributionEntry):
            continue
        try:
            saved_fields = version.field_dict
        except RevertError:  # unreadable: reversion refuses to restore it
            continue
        concrete = {field.attname for field in model._meta.concrete_fields}
        as_saved = model(
            **{name: value for name, value in saved_fields.items() if name in concrete}
        )
        for obj in (model._default_manager.filter(pk=version.object_id).first(), as_saved):
            try:
                issue = issue_of(obj)
            except ObjectDoesNotExist:  # its parent is gone: the restore fails as a whole
                continue
            if issue is not None:
                found[(issue.pk, issue.status)] = issue
    return list(found.values())


def _may_write_into(user, revision) -> bool:
    """May ``user`` change every issue that restoring ``revision`` writes into?"""
    return all(rules.may_change(user, issue) for issue in issues_restored_into(revision))


class KeepOnRestoreMixin:
    """Restoring an old revision (or recovering a deleted object) brings back
    content, never workflow state or the optimistic-lock version: those keep
    their current values. It is a change of every issue it writes into, so the
    change rule is asked for each of them."""

    restore_keeps: tuple[str, ...] = ()

    def may_restore(self, request, obj, version) -> bool:
        """May the user restore ``version`` of ``obj``? Only where they may change
        the object and every issue the restore writes into."""
        return self.has_change_permission(request, obj) and _may_write_into(
            request.user, version.revision
        )

    def ensure_may_restore(self, request, version_id) -> None:
        version = Version.objects.select_related("revision").filter(pk=version_id).first()
        if version is None:
            raise Http404
        if not _may_write_into(request.user, version.revision):
            raise PermissionDenied

    def revision_view(self, request, object_id, version_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        self.ensure_may_restore(request, version_id)
        current = type(obj)._default_manager.filter(pk=obj.pk).values(*self.restore_keeps)[0]
        request._editorial_keep = (str(obj.pk), current)
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        self.ensure_may_restore(request, version_id)
        return super().recover_view(request, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        request._editorial_recover_list = True
        return super().recoverlist_view(request, extra_context)

    def _reversion_order_version_queryset(self, request, queryset):
        """On the list of deleted objects, only those that would be restored into
        issues of the user's offices."""
        queryset = super()._reversion_order_version_queryset(request, queryset)
        offices = access.member_offices(request.user)
        if not getattr(request, "_editorial_recover_list", False) or offices is None:
            return queryset
        shown = []
        for version in queryset:
            issues = issues_restored_into(version.revision)
            if issues and all(access.office_of(issue) in offices for issue in issues):
                shown.append(version.pk)
        return queryset.filter(pk__in=shown)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        keep = getattr(request, "_editorial_keep", None)
        if obj is not None and keep and keep[0] == str(obj.pk):
            # Called inside the revision view, after the revert: put the kept
            # values back, in the (rolled back unless saved) transaction.
            type(obj)._default_manager.filter(pk=obj.pk).update(**keep[1])
            for field, value in keep[1].items():
                setattr(obj, field, value)
        return obj


def diff_html(old: str, new: str):
    """Character-level differences (right for Chinese), with every piece escaped."""
    pieces = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(escape(old[i1:i2]))
            continue
        if op in ("delete", "replace"):
            pieces.append(format_html("<del>{}</del>", old[i1:i2]))
        if op in ("insert", "replace"):
            pieces.append(format_html("<ins>{}</ins>", new[j1:j2]))
    # Every piece above is escaped (escape / format_html), so the whole is safe.
    return mark_safe("".join(str(piece) for piece in pieces))


class CompareVersionsMixin:
    """Side-by-side comparison of two saved versions, from the history page."""

    object_history_template = "admin/editorial/object_history.html"
    compare_skip = ("id", "version", "created_at", "updated_at")

    def get_urls(self):
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_compare",
            ),
            *super().get_urls(),
        ]

    def may_restore(self, request, obj, version) -> bool:
        return self.has_change_permission(request, obj)

    def history_view(self, request, object_id, extra_context=None):
        # reversion's own list, plus each version's id for the compare form; a
        # version links to its restore page only where the user may restore it.
        obj = self.get_object(request, unquote(object_id))
        versions = self._reversion_order_version_queryset(
            request,
            Version.objects.get_for_object_reference(self.model, unquote(object_id)).select_related(
                "revision__user"
            ),
        )
        versions = list(versions)
        older, newer = self.differing_pair(versions)
        revision_url = f"admin:{self.opts.app_label}_{self.opts.model_name}_revision"
        extra_context = {
            **(extra_context or {}),
            "action_list": [
                {
                    "revision": version.revision,
                    "version_id": version.pk,
                    "url": reverse(revision_url, args=[quote(version.object_id), version.pk])
                    if obj is not None and self.may_restore(request, obj, version)
                    else "",
                    "older": version == older,
                    "newer": version == newer,
                }
                for version in versions
            ],
            "compare_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_compare",
                args=[quote(object_id)],
            ),
        }
        extra_context["may_restore_any"] = any(a["url"] for a in extra_context["action_list"])
        return super().history_view(request, object_id, extra_context)

    # How far back the history page looks for a version that differs from the newest.
    DIFFERING_LOOKBACK = 20

    def differing_pair(self, versions):
        """The two versions the compare form opens on: the newest, and the newest one
        before it that differs in what the comparison shows (not merely a save that
        changed nothing), else the one just before it."""
        if len(versions) < 2:
            return None, None
        by_age = sorted(versions, key=lambda version: version.pk, reverse=True)
        newest = by_age[0]
        shown = self.compared_values(newest)
        for candidate in by_age[1 : 1 + self.DIFFERING_LOOKBACK]:
            if self.compared_values(candidate) != shown:
                return candidate, newest
        return by_age[1], newest

    def compared_values(self, version) -> dict[str, str]:
        """What the comparison shows of a version: each field as described, and the
        extra lines (``related_lines``)."""
        fields = version.field_dict
        values = {
            str(field.verbose_name): self.describe(field, fields.get(field.attname))
            for field in self.model._meta.concrete_fields
            if field.name not in self.compare_skip
        }
        return {**values, **self.related_lines(version)}

    def related_lines(self, version) -> dict[str, str]:
        """Extra lines of a version (e.g. an article's sources); override per model."""
        return {}

    def describe(self, field, value) -> str:
        if value is None or value == "":
            return ""
        if field.is_relation and field.related_model is not None:
            related = field.related_model._default_manager.filter(pk=value).first()
            return str(related) if related is not None else f"#{value}"
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        return str(value)

    def compare_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        versions = Version.objects.get_for_object(obj).select_related("revision__user")
        try:
            older = versions.get(pk=request.GET.get("a"))
            newer = versions.get(pk=request.GET.get("b"))
        except (Version.DoesNotExist, ValueError):
            messages.error(request, gettext("Choose two versions to compare."))
            return HttpResponseRedirect(
                reverse(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_history",
                    args=[quote(obj.pk)],
                )
            )
        if older.revision.date_created > newer.revision.date_created:
            older, newer = newer, older
        rows = []
        old_fields, new_fields = older.field_dict, newer.field_dict
        for field in self.model._meta.concrete_fields:
            if field.name in self.compare_skip:
                continue
            old = self.describe(field, old_fields.get(field.attname))
            new = self.describe(field, new_fields.get(field.attname))
            rows.append((field.verbose_name, old, new))
        old_extra, new_extra = self.related_lines(older), self.related_lines(newer)
        for label in old_extra.keys() | new_extra.keys():
            rows.append((label, old_extra.get(label, ""), new_extra.get(label, "")))
        return comparison_page(
            request,
            self,
            obj,
            parts=[Part(str(obj), rows)],
            labels=(_revision_label(older), _revision_label(newer)),
            back=(
                reverse(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_history",
                    args=[quote(obj.pk)],
                ),
                gettext("History"),
            ),
        )


def _revision_label(version) -> str:
    when = formats.date_format(timezone.localtime(version.revision.date_created), "DATETIME_FORMAT")
    user = version.revision.user
    return f"{when} {person_name(user)}" if user else when


def comparison_page(request, model_admin, obj, *, parts, labels, back=None):
    """The one compare screen: two versions side by side, part by part (an
    issue's masthead, contents, articles and footer; or one object's fields),
    each changed row with its differences marked. Used for saved revisions
    (django-reversion) and for signed versions alike."""
    for part in parts:
        for row in part.rows:
            row["diff"] = diff_html(row["old"], row["new"]) if row["changed"] else ""
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "original": obj,
        "title": gettext("Compare versions of %(object)s") % {"object": obj},
        "older_label": labels[0],
        "newer_label": labels[1],
        "parts": parts,
        "changed_parts": sum(1 for part in parts if part.changed),
        "back_url": back[0] if back else None,
        "back_label": back[1] if back else None,
    }
    return TemplateResponse(request, "admin/editorial/compare.html", context)


# --- Autocomplete fields ------------------------------------------------------


class _KnownChoicesAutocompleteSelect(AutocompleteSelect):
    """An autocomplete field that, shown again on a refused form, shows only the sent
    values that name a row: Django's asks the database for every value sent, and one
    that is no id at all ("abc") fails that query instead of being left out."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [item for item in value if self._names_a_row(item)], attr)

    def _names_a_row(self, item) -> bool:
        target = self.field.target_field.name
        try:
            return self.choices.queryset.filter(**{target: item}).exists()
        except (ValueError, ValidationError):
            return False


class KnownChoicesAutocompleteMixin:
    """For a model admin or inline: its ``autocomplete_fields`` refuse odd values
    with the form's own error, never a server error."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = _KnownChoicesAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# --- List filters -------------------------------------------------------------


class InputFilter(admin.SimpleListFilter):
    """A filter typed as text, for lists too long to show as links (organizations, tags)."""

    template = "admin/editorial/input_filter.html"

    def __init__(self, request, params, model, model_admin):
        self.request = request
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return ()

    def has_output(self):
        return True

    def choices(self, changelist):
        keep = [
            (key, value)
            for key, values in self.request.GET.lists()
            if key not in (self.parameter_name, "p")
            for value in values
        ]
        yield {
            "value": self.value() or "",
            "parameter_name": self.parameter_name,
            "keep": keep,
            "clear_url": changelist.get_query_string(remove=[self.parameter_name]),
        }


class OrganizationFilter(InputFilter):
    title = _("source organization")
    parameter_name = "source"

    def queryset(self, request, queryset):
        name = (self.value() or "").strip()
        if not name:
            return None
        organization = SourceOrganization.objects.resolve(name)
        if organization is not None:
            organizations_wanted = SourceOrganization.objects.filter(pk=organization.pk)
        else:
            organizations_wanted = SourceOrganization.objects.filter(name__icontains=name)
        return queryset.filter(
            pk__in=ArticleSource.objects.filter(organization__in=organizations_wanted).values(
                "article_id"
            )
        )


class TagFilter(InputFilter):
    title = _("tag")
    parameter_name = "tag"

    def queryset(self, request, queryset):
        name = (self.value() or "").strip()
        if not name:
            return None
        return queryset.filter(tags__name=name)


class IssueYearFilter(admin.SimpleListFilter):
    """Years that have issues of the user's offices (one small query, whatever the
    number of articles)."""

    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        issues = visible(Issue.objects.all(), request.user)
        years = issues.order_by("-year").values_list("year", flat=True).distinct()
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(section__issue__year=int(self.value()))
        return None


class SectionNameFilter(admin.SimpleListFilter):
    title = _("section")
    parameter_name = "section_name"

    def lookups(self, request, model_admin):
        sections = visible(Section.objects.all(), request.user, "issue")
        names = sections.values_list("name", flat=True).distinct().order_by("name")[:60]
        return [(name, f"【{name}】") for name in names]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(section__name=self.value())
        return None


# --- Issues ---------------------------------------------------------------------


def local_time(value):
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
