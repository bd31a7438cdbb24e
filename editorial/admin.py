"""The editors' workspace.

The rules (who may take which workflow step, what may still be changed) live
in ``workflow.py``; composing helpers (new issue from the previous one,
ordering) in ``composing.py``; this module turns them into pages, buttons and
messages. Nothing here decides a rule on its own: a refused step comes back as
a ``WorkflowError`` and is shown as an error message.
"""

from difflib import SequenceMatcher

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import quote, unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin
from reversion.models import Version

from . import composing, organizations, registry, stats, workflow
from .admin_readonly import RecordAdmin
from .forms import (
    ArticleForm,
    MergeOrganizationsForm,
    OrderedInlineForm,
    OrderedInlineFormSet,
    SectionFormSet,
    StatisticsForm,
    WorkflowActionForm,
)
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

admin.site.site_header = format_lazy("{} · {}", settings.BULLETIN["TITLE"], _("editorial office"))
admin.site.site_title = format_lazy("{} · {}", settings.BULLETIN["TITLE"], _("editorial office"))
admin.site.index_title = _("Editorial work")


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
    raise TypeError(obj)


def issue_change_url(issue: Issue, anchor: str = "") -> str:
    url = reverse("admin:editorial_issue_change", args=[issue.pk])
    return f"{url}#{anchor}" if anchor else url


# --- Shared behaviour ---------------------------------------------------------


class FollowsIssueStateMixin:
    """Objects of an issue that has left draft are read-only except to chief editors."""

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        issue = issue_of(obj)
        return allowed and (issue is None or workflow.state_allows_editing(request.user, issue))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        issue = issue_of(obj)
        return allowed and (issue is None or workflow.state_allows_editing(request.user, issue))


class InlineFollowsIssueStateMixin:
    """Inline rows follow the state of the issue their parent belongs to."""

    def _open(self, request, obj):
        issue = issue_of(obj)
        return issue is None or workflow.state_allows_editing(request.user, issue)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._open(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._open(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._open(request, obj)


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


class KeepOnRestoreMixin:
    """Restoring an old revision brings back content, never workflow state or the
    optimistic-lock version: those keep their current values."""

    restore_keeps: tuple[str, ...] = ()

    def revision_view(self, request, object_id, version_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        current = type(obj)._default_manager.filter(pk=obj.pk).values(*self.restore_keeps)[0]
        request._editorial_keep = (str(obj.pk), current)
        return super().revision_view(request, object_id, version_id, extra_context)

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

    def history_view(self, request, object_id, extra_context=None):
        # reversion's own list, plus each version's id for the compare form.
        versions = self._reversion_order_version_queryset(
            request,
            Version.objects.get_for_object_reference(self.model, unquote(object_id)).select_related(
                "revision__user"
            ),
        )
        revision_url = f"admin:{self.opts.app_label}_{self.opts.model_name}_revision"
        extra_context = {
            **(extra_context or {}),
            "action_list": [
                {
                    "revision": version.revision,
                    "version_id": version.pk,
                    "url": reverse(revision_url, args=[quote(version.object_id), version.pk]),
                }
                for version in versions
            ],
            "compare_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_compare",
                args=[quote(object_id)],
            ),
        }
        return super().history_view(request, object_id, extra_context)

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
            rows.append((field.verbose_name, old, new, old != new, diff_html(old, new)))
        old_extra, new_extra = self.related_lines(older), self.related_lines(newer)
        for label in old_extra.keys() | new_extra.keys():
            old, new = old_extra.get(label, ""), new_extra.get(label, "")
            rows.append((label, old, new, old != new, diff_html(old, new)))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": gettext("Compare versions of %(object)s") % {"object": obj},
            "older": older,
            "newer": newer,
            "rows": rows,
        }
        return TemplateResponse(request, "admin/editorial/compare.html", context)


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
    """Years that have issues (one small query, whatever the number of articles)."""

    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = Issue.objects.order_by("-year").values_list("year", flat=True).distinct()
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(section__issue__year=int(self.value()))
        return None


class SectionNameFilter(admin.SimpleListFilter):
    title = _("section")
    parameter_name = "section_name"

    def lookups(self, request, model_admin):
        names = Section.objects.values_list("name", flat=True).distinct().order_by("name")[:60]
        return [(name, f"【{name}】") for name in names]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(section__name=self.value())
        return None


# --- Issues ---------------------------------------------------------------------


class SectionInline(InlineFollowsIssueStateMixin, admin.TabularInline):
    model = Section
    form = OrderedInlineForm
    formset = SectionFormSet
    extra = 0
    fields = ["order", "name"]
    ordering = ["position"]
    verbose_name_plural = _("sections (articles are arranged below)")

    def get_fields(self, request, obj=None):
        return self.fields if self.has_change_permission(request, obj) else ["position", "name"]


class DistributionInline(InlineFollowsIssueStateMixin, admin.TabularInline):
    model = DistributionEntry
    form = OrderedInlineForm
    formset = OrderedInlineFormSet
    extra = 0
    fields = ["order", "recipient"]
    ordering = ["position"]
    autocomplete_fields = ["recipient"]

    def get_fields(self, request, obj=None):
        return (
            self.fields if self.has_change_permission(request, obj) else ["position", "recipient"]
        )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("recipient")

    def get_extra(self, request, obj=None, **kwargs):
        # A new issue starts with the usual recipients (see IssueAdmin.get_formset_kwargs).
        return len(settings.BULLETIN["DEFAULT_DISTRIBUTION"]) if obj is None else 0


@admin.register(Issue)
class IssueAdmin(KeepOnRestoreMixin, CompareVersionsMixin, GuardedDeleteMixin, VersionAdmin):
    list_display = [
        "__str__",
        "cumulative_number",
        "issue_date",
        "status_column",
        "visibility",
        "publish_at",
        "approved_by",
    ]
    list_filter = ["year", "series", "status", "visibility"]
    list_select_related = ["approved_by"]
    search_fields = ["title", "publisher", "legacy_filename"]
    list_per_page = 50
    show_full_result_count = False
    date_hierarchy = None
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("series", "year", "number", "cumulative_number"),
                    "issue_date",
                    ("title", "publisher"),
                    ("visibility", "print_run"),
                ]
            },
        ),
        (
            _("Workflow"),
            {"fields": [("status", "publish_at"), ("approved_by", "approved_at")]},
        ),
        (
            _("Legacy source"),
            {"classes": ["collapse"], "fields": ["legacy_filename", "legacy_sha256"]},
        ),
    ]
    readonly_fields = [
        "status",
        "publish_at",
        "approved_by",
        "approved_at",
        "legacy_filename",
        "legacy_sha256",
    ]
    inlines = [SectionInline, DistributionInline]
    change_list_template = "admin/editorial/issue/change_list.html"
    restore_keeps = ("status", "publish_at", "approved_by_id", "approved_at")

    class Media:
        css = {"all": ["admin_editorial/editorial.css"]}
        js = ["admin_editorial/contents.js"]

    def related_lines(self, version):
        entries = version.revision.version_set.filter(
            content_type__app_label="editorial", content_type__model="distributionentry"
        )
        listed = sorted(
            (entry.field_dict.get("position", 0), entry.field_dict.get("recipient_id"))
            for entry in entries
        )
        names = dict(
            Recipient.objects.filter(pk__in=[pk for _p, pk in listed]).values_list("pk", "name")
        )
        return {
            gettext("distribution list"): "、".join(names.get(pk, f"#{pk}") for _p, pk in listed)
        }

    @admin.display(description=_("status"), ordering="status")
    def status_column(self, issue):
        label = issue.get_status_display()
        if issue.is_scheduled:
            label = gettext("%(status)s (scheduled)") % {"status": label}
        return format_html('<span class="ed-status ed-status-{}">{}</span>', issue.status, label)

    # Permissions: the issue's state decides, through the workflow module.

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or workflow.state_allows_editing(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is None:
            return allowed
        return (
            allowed
            and obj.status != Issue.Status.PUBLISHED
            and workflow.state_allows_editing(request.user, obj)
        )

    def deletion_refused(self, request, queryset):
        published = [issue for issue in queryset if issue.status == Issue.Status.PUBLISHED]
        if published:
            return gettext(
                "Published issues cannot be deleted; withdraw them first: %(issues)s"
            ) % {"issues": "、".join(str(issue) for issue in published)}
        return super().deletion_refused(request, queryset)

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and obj.status == Issue.Status.PUBLISHED:
            messages.error(
                request, gettext("A published issue cannot be deleted; withdraw it first.")
            )
            return HttpResponseRedirect(issue_change_url(obj))
        return super().delete_view(request, object_id, extra_context)

    # Adding: the next number of the year, today, and the usual recipients.

    def get_changeform_initial_data(self, request):
        today = timezone.localdate()
        series = request.GET.get("series")
        series = series if series in Issue.Series.values else Issue.Series.REGULAR
        return {
            "series": series,
            "year": today.year,
            "number": registry.next_number(today.year, series),
            "cumulative_number": registry.next_cumulative_number(series),
            "issue_date": today,
            **super().get_changeform_initial_data(request),
        }

    def get_readonly_fields(self, request, obj=None):
        # A number is provisional in draft, fixed from the sign-off on (editorial/registry.py).
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and registry.is_fixed(obj):
            return [*fields, *registry.NUMBER_FIELDS]
        return fields

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, DistributionInline) and obj.pk is None and request.method == "GET":
            kwargs["initial"] = [
                {"recipient": recipient.pk, "order": position}
                for position, recipient in enumerate(composing.default_recipients(), 1)
            ]
        return kwargs

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            workflow.record_created(obj, actor=request.user, comment=gettext("Created."))

    # The issue page: workflow, contents and history around the form.

    def change_view(self, request, object_id, form_url="", extra_context=None):
        issue = self.get_object(request, unquote(object_id))
        if issue is not None and self.has_view_or_change_permission(request, issue):
            extra_context = {**(extra_context or {}), **self.issue_page_context(request, issue)}
        return super().change_view(request, object_id, form_url, extra_context)

    def issue_page_context(self, request, issue):
        articles = Article.objects.order_by("position", "pk").prefetch_related(
            Prefetch(
                "source_links",
                queryset=ArticleSource.objects.select_related("organization").order_by("position"),
            )
        )
        sections = issue.sections.order_by("position", "pk").prefetch_related(
            Prefetch("articles", queryset=articles)
        )
        transitions = workflow.available_transitions(issue, request.user)
        return {
            "issue_sections": sections,
            "can_compose": workflow.can_edit(request.user, issue),
            "can_add_article": request.user.has_perm("editorial.add_article")
            and workflow.state_allows_editing(request.user, issue),
            "issue_problems": workflow.problems(issue) if issue.status == workflow.DRAFT else [],
            "workflow_transitions": transitions,
            "workflow_needs_time": any(t.target == Issue.Status.PUBLISHED for t in transitions),
            "workflow_form": WorkflowActionForm(),
            "workflow_history": issue.transitions.select_related("actor").order_by(
                "-created_at", "-pk"
            ),
            "preview_url": issue.get_absolute_url(),
            **admin_signoff.panel_context(request, issue),
        }

    # Extra pages of the issue admin.

    def get_urls(self):
        # Legacy .txt upload: preview, then confirm as a draft (editorial/legacy/admin_views.py).
        from .legacy.admin_views import import_legacy_view

        view = self.admin_site.admin_view
        legacy_view = view(import_legacy_view)
        return [
            path(
                "import-legacy/",
                lambda request: legacy_view(request, model_admin=self),
                name="editorial_issue_import_legacy",
            ),
            path(
                "new-from-previous/",
                view(self.new_from_previous_view),
                name="editorial_issue_new_from_previous",
            ),
            path(
                "<path:object_id>/transition/",
                view(self.transition_view),
                name="editorial_issue_transition",
            ),
            path("<path:object_id>/move/", view(self.move_view), name="editorial_issue_move"),
            path(
                "<path:object_id>/reorder/",
                view(self.reorder_view),
                name="editorial_issue_reorder",
            ),
            # The numbering report, signed versions and the 更正 notice.
            *admin_signoff.issue_urls(self),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "new_from_previous_url": reverse("admin:editorial_issue_new_from_previous"),
            "statistics_url": reverse("admin:editorial_statistics"),
            "numbering_url": reverse("admin:editorial_issue_numbering"),
        }
        return super().changelist_view(request, extra_context)

    def new_from_previous_view(self, request):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:editorial_issue_changelist"))
        if not self.has_add_permission(request):
            raise PermissionDenied
        try:
            issue = composing.new_issue_from_previous(request.user)
        except workflow.WorkflowError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(reverse("admin:editorial_issue_changelist"))
        except IntegrityError:
            messages.error(
                request, gettext("Someone created an issue at the same time; try again.")
            )
            return HttpResponseRedirect(reverse("admin:editorial_issue_changelist"))
        messages.success(
            request,
            gettext("%(issue)s was started from the previous issue: add its articles.")
            % {"issue": issue},
        )
        return HttpResponseRedirect(issue_change_url(issue))

    def _issue_for_post(self, request, object_id):
        """The issue a button on its page posts to: 404 if unknown, 403 if not
        the user's to see, and ``(issue, redirect)`` when the request is not a POST."""
        issue = self.get_object(request, unquote(object_id))
        if issue is None:
            raise Http404
        if not self.has_view_or_change_permission(request, issue):
            raise PermissionDenied
        if request.method != "POST":
            return issue, HttpResponseRedirect(issue_change_url(issue))
        return issue, None

    def transition_view(self, request, object_id):
        issue, not_a_post = self._issue_for_post(request, object_id)
        if not_a_post:
            return not_a_post
        form = WorkflowActionForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return HttpResponseRedirect(issue_change_url(issue, "workflow-panel"))
        try:
            step = workflow.perform(
                issue,
                form.cleaned_data["transition"],
                request.user,
                comment=form.cleaned_data["comment"],
                publish_at=form.cleaned_data["publish_at"],
            )
        except workflow.WorkflowError as error:
            if error.problems:
                messages.error(request, gettext("Not yet: the issue is incomplete."))
                for problem in error.problems:
                    messages.error(request, problem)
            else:
                messages.error(request, error.message)
            return HttpResponseRedirect(issue_change_url(issue, "workflow-panel"))
        messages.success(
            request,
            gettext("%(issue)s: %(from)s → %(to)s.")
            % {
                "issue": issue,
                "from": step.get_from_status_display(),
                "to": step.get_to_status_display(),
            },
        )
        if step.version is not None:
            messages.info(
                request,
                gettext("Signed version %(sequence)s stored: readers see it once published.")
                % {"sequence": step.version.sequence},
            )
        for warning in step.warnings:
            messages.warning(request, warning)
        if issue.is_scheduled:
            messages.info(
                request,
                gettext("It will appear on the site at %(time)s.")
                % {"time": _local(issue.publish_at)},
            )
        return HttpResponseRedirect(issue_change_url(issue))

    def move_view(self, request, object_id):
        """Move a section or an article one place up or down (buttons on the issue page)."""
        issue, not_a_post = self._issue_for_post(request, object_id)
        if not_a_post:
            return not_a_post
        if not workflow.can_edit(request.user, issue):
            messages.error(
                request,
                gettext("%(issue)s is %(status)s: only a chief editor can change it now.")
                % {"issue": issue, "status": issue.get_status_display()},
            )
            return HttpResponseRedirect(issue_change_url(issue, "issue-contents"))
        kind, _sep, rest = request.POST.get("move", "").partition(":")
        pk, _sep, direction = rest.partition(":")
        models_by_kind = {
            "section": Section.objects.filter(issue=issue),
            "article": Article.objects.filter(section__issue=issue),
        }
        if kind not in models_by_kind or direction not in ("up", "down") or not pk.isdigit():
            messages.error(request, gettext("Unknown move."))
            return HttpResponseRedirect(issue_change_url(issue, "issue-contents"))
        obj = get_object_or_404(models_by_kind[kind], pk=int(pk))
        with transaction.atomic():
            composing.move(obj, -1 if direction == "up" else 1)
        return HttpResponseRedirect(issue_change_url(issue, f"{kind}-row-{obj.pk}"))

    def reorder_view(self, request, object_id):
        """Put an issue's sections, or one section's articles, in a new order
        (drag and drop on the issue page). Answers JSON."""
        issue = self.get_object(request, unquote(object_id))
        if issue is None:
            raise Http404
        if request.method != "POST":
            return JsonResponse({"error": gettext("Unknown move.")}, status=405)
        if not workflow.can_edit(request.user, issue):
            message = gettext("%(issue)s is %(status)s: only a chief editor can change it now.") % {
                "issue": issue,
                "status": issue.get_status_display(),
            }
            return JsonResponse({"error": message}, status=403)
        kind = request.POST.get("kind")
        ids = [part for part in request.POST.get("order", "").split(",") if part]
        if kind == "section":
            siblings = Section.objects.filter(issue=issue)
        elif kind == "article" and str(request.POST.get("section", "")).isdigit():
            siblings = Article.objects.filter(
                section__issue=issue, section_id=int(request.POST["section"])
            )
        else:
            return JsonResponse({"error": gettext("Unknown move.")}, status=400)
        by_id = {str(obj.pk): obj for obj in siblings}
        if sorted(ids) != sorted(by_id) or len(ids) != len(set(ids)):
            # The page was out of date (someone added or removed something).
            return JsonResponse(
                {"error": gettext("The contents changed meanwhile; reload the page.")}, status=409
            )
        composing.put_in_order([by_id[pk] for pk in ids], save_fields=[])
        return JsonResponse({"ok": True})


def _local(value):
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


# --- Articles ---------------------------------------------------------------------


class ArticleSourceInline(InlineFollowsIssueStateMixin, admin.TabularInline):
    model = ArticleSource
    form = OrderedInlineForm
    formset = OrderedInlineFormSet
    extra = 0
    fields = ["order", "organization"]
    autocomplete_fields = ["organization"]
    ordering = ["position"]
    verbose_name_plural = _("sources (choose from the organizations, or type new ones above)")

    def get_fields(self, request, obj=None):
        if self.has_change_permission(request, obj):
            return self.fields
        return ["position", "organization"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization")


def section_from(value) -> Section | None:
    """The section named by a ``?section=<id>`` parameter, if it is one."""
    if not str(value or "").isdigit():
        return None
    return Section.objects.select_related("issue").filter(pk=int(value)).first()


@admin.register(Article)
class ArticleAdmin(
    KeepOnRestoreMixin,
    CompareVersionsMixin,
    GuardedDeleteMixin,
    FollowsIssueStateMixin,
    VersionAdmin,
):
    form = ArticleForm
    list_display = ["title", "issue_column", "section_column", "kind", "sources_column"]
    list_filter = [
        IssueYearFilter,
        "section__issue__status",
        SectionNameFilter,
        "kind",
        OrganizationFilter,
        TagFilter,
    ]
    list_select_related = ["section__issue"]
    # LIKE rather than ILIKE: Chinese text has no case, and it is several times faster.
    search_fields = ["title__contains", "subtitle__contains", "byline__contains"]
    search_help_text = _("Searches titles, subtitles and bylines.")
    ordering = ["-pk"]
    list_per_page = 50
    show_full_result_count = False
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "loaded_version",
                    ("section", "kind"),
                    "title",
                    "subtitle",
                    "byline",
                    "body",
                ]
            },
        ),
        (
            _("Sources, credit and tags"),
            {"fields": ["new_sources", "source_text", "credit", "tags"]},
        ),
    ]
    inlines = [ArticleSourceInline]
    restore_keeps = ("version",)
    compare_skip = ("id", "version", "created_at", "updated_at", "position")

    class Media:
        css = {"all": ["admin_editorial/editorial.css"]}

    @admin.display(description=_("issue"), ordering="section__issue")
    def issue_column(self, article):
        return str(article.section.issue)

    @admin.display(description=_("section"), ordering="section__name")
    def section_column(self, article):
        return f"【{article.section.name}】"

    @admin.display(description=_("sources"))
    def sources_column(self, article):
        return "、".join(link.organization.name for link in article.source_links.all())

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "source_links",
                    queryset=ArticleSource.objects.select_related("organization").order_by(
                        "position"
                    ),
                )
            )
        )

    def get_fieldsets(self, request, obj=None):
        if obj is None or self.has_change_permission(request, obj):
            return self.fieldsets
        hidden = {"loaded_version", "new_sources"}
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in hidden]})
            for name, options in self.fieldsets
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.current_user = request.user
        form.section_hint = request.GET.get("section")
        return form

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        section = section_from(initial.get("section"))
        if section is not None and "简讯" in section.name:
            initial.setdefault("kind", Article.Kind.BRIEF)
        return initial

    def save_model(self, request, obj, form, change):
        if not change or "section" in form.changed_data:
            obj.position = composing.next_position(Article, section=obj.section)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        names = form.cleaned_data.get("new_sources") or []
        for name in names:
            organization = SourceOrganization.objects.resolve_or_create(name)
            if not article.source_links.filter(organization=organization).exists():
                ArticleSource.objects.create(
                    article=article,
                    organization=organization,
                    position=composing.next_position(ArticleSource, article=article),
                )
        if not article.source_text:
            credited = [
                link.organization.name
                for link in article.source_links.select_related("organization").order_by("position")
            ]
            if credited:
                article.source_text = "、".join(credited)
                article.save(update_fields=["source_text"])

    def _back_to_issue(self, request, obj, response):
        plain_save = not any(
            key in request.POST for key in ("_continue", "_addanother", "_saveasnew", "_popup")
        )
        if plain_save and response.status_code == 302:
            return HttpResponseRedirect(
                issue_change_url(obj.section.issue, f"article-row-{obj.pk}")
            )
        return response

    def response_add(self, request, obj, post_url_continue=None):
        return self._back_to_issue(
            request, obj, super().response_add(request, obj, post_url_continue)
        )

    def response_change(self, request, obj):
        return self._back_to_issue(request, obj, super().response_change(request, obj))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is not None:
            extra_context = {**(extra_context or {}), "issue": article.section.issue}
        return super().change_view(request, object_id, form_url, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        section = section_from(request.GET.get("section"))
        if section is not None:
            extra_context = {**(extra_context or {}), "issue": section.issue}
        return super().add_view(request, form_url, extra_context)

    def related_lines(self, version):
        links = version.revision.version_set.filter(
            content_type__app_label="editorial", content_type__model="articlesource"
        )
        credited = sorted(
            (link.field_dict.get("position", 0), link.field_dict.get("organization_id"))
            for link in links
            if link.field_dict.get("article_id") == version.object.pk
            or str(link.field_dict.get("article_id")) == version.object_id
        )
        names = dict(
            SourceOrganization.objects.filter(
                pk__in=[pk for _position, pk in credited]
            ).values_list("pk", "name")
        )
        return {gettext("sources"): "、".join(names.get(pk, f"#{pk}") for _p, pk in credited)}


@admin.register(Section)
class SectionAdmin(GuardedDeleteMixin, FollowsIssueStateMixin, admin.ModelAdmin):
    """Sections are composed on their issue's page; this list is for looking things up."""

    list_display = ["__str__", "issue", "position"]
    list_select_related = ["issue"]
    search_fields = ["name"]
    raw_id_fields = ["issue"]
    show_full_result_count = False

    def has_module_permission(self, request):
        return False


# --- Organizations, recipients, history ----------------------------------------


class AliasInline(admin.TabularInline):
    model = OrganizationAlias
    extra = 1


class OrganizationChangeList(ChangeList):
    """Counts each organization's articles for the list only (not for autocomplete)."""

    def get_queryset(self, request, exclude_parameters=None):
        # A correlated count: computed for the rows of the page only (unless sorted by it).
        credits = (
            ArticleSource.objects.filter(organization=OuterRef("pk"))
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
class SourceOrganizationAdmin(admin.ModelAdmin):
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

    @admin.display(description=_("articles"), ordering="article_total")
    def article_count(self, organization):
        return organization.article_total

    def get_urls(self):
        return [
            path(
                "statistics/",
                self.admin_site.admin_view(self.statistics_view),
                name="editorial_statistics",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
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
            moved = organizations.merge_into(target, duplicates)
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

    def statistics_view(self, request):
        if not request.user.has_perm("editorial.view_sourceorganization"):
            raise PermissionDenied
        years = list(
            Issue.objects.filter(status=Issue.Status.PUBLISHED)
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )
        years = years or [timezone.localdate().year]
        data = request.GET if "year" in request.GET else {"year": years[0]}
        form = StatisticsForm(data, years=years)
        rows = []
        if form.is_valid():
            year, quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]
            rows = stats.contributions(request.user, year=year, quarter=quarter)
            if request.GET.get("format") == "csv":
                filename = f"contributions-{year}" + (f"-q{quarter}" if quarter else "") + ".csv"
                response = HttpResponse(
                    "\ufeff" + stats.to_csv(rows), content_type="text/csv; charset=utf-8"
                )
                response["Content-Disposition"] = f'attachment; filename="{filename}"'
                return response
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Contribution statistics"),
            "form": form,
            "rows": rows,
            "totals": {
                "articles": sum(row.articles for row in rows),
                "briefs": sum(row.briefs for row in rows),
                "total": sum(row.total for row in rows),
            },
            "csv_query": request.GET.urlencode() or f"year={data['year']}",
        }
        return TemplateResponse(request, "admin/editorial/statistics.html", context)


@admin.register(Recipient)
class RecipientAdmin(admin.ModelAdmin):
    """Recipients most used on distribution lists come first (also in the autocomplete)."""

    list_display = ["name", "usage"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(usage_count=Count("distribution_entries"))
            .order_by("-usage_count", "name")
        )

    @admin.display(description=_("issues sent to"), ordering="usage_count")
    def usage(self, recipient):
        return recipient.usage_count


# Readers (units, receipts), notifications (subscriptions) and search synonyms.
from . import admin_notifications, admin_readership, admin_synonyms  # noqa: E402, F401


@admin.register(IssueTransition)
class IssueTransitionAdmin(RecordAdmin):
    """The workflow record of all issues: read-only."""

    list_display = ["created_at", "issue", "from_status", "to_status", "actor", "comment"]
    list_filter = ["to_status", "from_status"]
    list_select_related = ["issue", "actor"]
    search_fields = ["comment", "actor__username"]
    show_full_result_count = False


# Signed versions, the numbering report and corrections (更正).
from . import admin_errata, admin_signoff  # noqa: E402, F401
