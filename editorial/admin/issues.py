"""The editors' workspace.

The rules live in ``editorial.workflow``: who may take which workflow step in
``transitions``, who may change an issue (the change rule) in ``rules``;
composing helpers (new issue from the previous one, ordering) in
``composing``; this module turns them into pages, buttons and messages.
Nothing here decides a rule on its own: a refused step comes back as a
``WorkflowError`` and is shown as an error message.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from editorial.admin import output as admin_output
from editorial.admin import signoff as admin_signoff
from editorial.admin.base import (
    CompareVersionsMixin,
    GuardedDeleteMixin,
    InlineFollowsIssueStateMixin,
    KeepOnRestoreMixin,
    KnownChoicesAutocompleteMixin,
    UndoesAdoptionsMixin,
    issue_change_url,
    local_time,
    may_change_issue_of,
)
from editorial.admin.forms import (
    MoveForm,
    OrderedInlineForm,
    OrderedInlineFormSet,
    ReorderForm,
    SectionFormSet,
    WorkflowActionForm,
)
from editorial.admin.history import AuditedSavesMixin, ChangeMessageMixin, IssueHistoryMixin
from editorial.admin.people import person_field
from editorial.admin.readonly import RecordAdmin
from editorial.admin.scope import OfficeScopedMixin
from editorial.content.models import (
    Article,
    ArticleSource,
    DistributionEntry,
    Issue,
    Recipient,
    Section,
)
from editorial.content.people import person_name
from editorial.offices import access
from editorial.offices.models import Bulletin
from editorial.workflow import audit, composing, rules
from editorial.workflow import numbering as registry
from editorial.workflow import transitions as workflow
from editorial.workflow.models import IssueTransition

# One installation serves several offices and bulletins: the header names none of them.
admin.site.site_header = format_lazy("{} · {}", _("Union work bulletins"), _("editorial office"))
admin.site.site_title = format_lazy("{} · {}", _("Union work bulletins"), _("editorial office"))
admin.site.index_title = _("Editorial work")


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


class DistributionInline(
    KnownChoicesAutocompleteMixin, InlineFollowsIssueStateMixin, admin.TabularInline
):
    model = DistributionEntry
    form = OrderedInlineForm
    formset = OrderedInlineFormSet
    extra = 0
    fields = ["order", "recipient", "category"]
    ordering = ["position"]
    autocomplete_fields = ["recipient"]

    def get_fields(self, request, obj=None):
        return (
            self.fields
            if self.has_change_permission(request, obj)
            else ["position", "recipient", "category"]
        )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("recipient")

    def get_extra(self, request, obj=None, **kwargs):
        # A new issue starts with its bulletin's usual recipients (see
        # IssueAdmin.get_formset_kwargs).
        if obj is not None:
            return 0
        bulletin = bulletin_for_new_issue(request)
        return len(bulletin.distribution_names()) if bulletin is not None else 0


ADD_ISSUE = "editorial.add_issue"


def bulletins_for_new_issue(request):
    """The bulletins ``request.user`` may add an issue to: those of the offices
    where their role holds ``add_issue``."""
    return access.bulletins_where(request.user, ADD_ISSUE)


def bulletin_for_new_issue(request) -> Bulletin | None:
    """The bulletin a new issue's form opens on: the one named by ``?bulletin=``
    (or posted) if the user may add to it, else the first they may add to."""
    choices = bulletins_for_new_issue(request)
    wanted = request.POST.get("bulletin") or request.GET.get("bulletin")
    if wanted and str(wanted).isdigit():
        chosen = choices.filter(pk=int(wanted)).first()
        if chosen is not None:
            return chosen
    return choices.first()


@admin.register(Issue)
class IssueAdmin(
    OfficeScopedMixin,
    IssueHistoryMixin,
    AuditedSavesMixin,
    ChangeMessageMixin,
    UndoesAdoptionsMixin,
    KeepOnRestoreMixin,
    KnownChoicesAutocompleteMixin,
    CompareVersionsMixin,
    GuardedDeleteMixin,
    VersionAdmin,
):
    list_display = [
        "__str__",
        "cumulative_number",
        "issue_date",
        "status_column",
        "visibility",
        "publish_at",
        "signer_column",
    ]
    list_filter = [
        ("bulletin", admin.RelatedOnlyFieldListFilter),
        "year",
        "series",
        "status",
        "visibility",
    ]
    list_select_related = ["approved_by", "bulletin"]
    search_fields = ["title", "publisher", "legacy_filename"]
    list_per_page = 50
    show_full_result_count = False
    date_hierarchy = None
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "bulletin",
                    ("series", "year", "number", "cumulative_number"),
                    "issue_date",
                    ("title", "publisher"),
                    ("visibility", "print_run"),
                    "printed_signer",
                ]
            },
        ),
        (
            _("Workflow"),
            {"fields": [("status", "publish_at"), ("signer_column", "approved_at")]},
        ),
        (
            _("Legacy source"),
            {"classes": ["collapse"], "fields": ["legacy_filename", "legacy_sha256"]},
        ),
    ]
    readonly_fields = [
        "status",
        "publish_at",
        "signer_column",
        "approved_at",
        "legacy_filename",
        "legacy_sha256",
    ]
    inlines = [SectionInline, DistributionInline, admin_output.MailingInline]
    actions = ["fill_cumulative_numbers"]
    change_list_template = "admin/editorial/issue/change_list.html"
    restore_keeps = ("status", "publish_at", "approved_by_id", "approved_at")
    articles_lookup = "section__issue__in"

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

    @admin.display(description=_("signed off by"), ordering="approved_by__last_name")
    def signer_column(self, issue):
        """The signer's printed name (王建国), leading to the issue's signed versions,
        which whoever sees the issue may open; not to the account, which only
        whoever manages users may."""
        if issue.approved_by is None:
            return "—"
        name = person_name(issue.approved_by)
        return format_html('<a href="{}">{}</a>', issue_change_url(issue, "signed-versions"), name)

    @admin.display(description=_("status"), ordering="status")
    def status_column(self, issue):
        label = issue.get_status_display()
        if issue.is_scheduled:
            label = gettext("%(status)s (scheduled)") % {"status": label}
        return format_html('<span class="ed-status ed-status-{}">{}</span>', issue.status, label)

    @admin.action(description=_("Fill in 总第N期 where it can be derived"))
    def fill_cumulative_numbers(self, request, queryset):
        """For back issues imported without 总第N期: count it from an issue of the
        same year that has one (``numbering.derive_cumulative_numbers``), sign the
        filled-in number off where the user may and the issue has no other
        unsigned changes, and say which issues could not be numbered and why."""
        issues = list(queryset.order_by("year", "number"))
        refused = [issue for issue in issues if not rules.may_change(request.user, issue)]
        derived, underivable = registry.derive_cumulative_numbers(
            [issue for issue in issues if issue not in refused]
        )
        filled, awaiting = [], []
        for issue, number in derived.items():
            had_changes = issue.unsigned_changes
            registry.fill_cumulative_number(issue, number, actor=request.user)
            filled.append(f"{issue}：{gettext('cumulative No. %(number)s') % {'number': number}}")
            if issue.status in registry.SIGNED and not had_changes:
                try:
                    workflow.resign(issue, request.user, comment=gettext("总第N期 filled in."))
                except workflow.WorkflowError:
                    awaiting.append(issue)
        if filled:
            messages.success(
                request, gettext("Filled in: %(issues)s") % {"issues": "；".join(filled)}
            )
        if awaiting:
            messages.warning(
                request,
                gettext("Readers see it once the changes are signed off: %(issues)s")
                % {"issues": "、".join(str(issue) for issue in awaiting)},
            )
        if underivable:
            messages.warning(
                request,
                gettext(
                    "Cannot be derived (no issue of the same year with a 总第N期 to count "
                    "from without a gap, or the number is taken): %(issues)s"
                )
                % {"issues": "、".join(str(issue) for issue in underivable)},
            )
        if refused:
            messages.error(
                request,
                gettext("Not yours to change: %(issues)s")
                % {"issues": "、".join(str(issue) for issue in refused)},
            )
        if not (filled or underivable or refused):
            messages.info(request, gettext("Every selected issue has its 总第N期."))

    # Permissions: the change rule decides (editorial.workflow.rules).

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and may_change_issue_of(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is None:
            return allowed
        return allowed and rules.may_delete(request.user, obj)

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

    # Adding: to a bulletin of the user's offices, with its previous issue's
    # masthead, publisher and visibility (the bulletin's own for its first), its
    # usual recipients, the bulletin's next number, and today.

    def has_add_permission(self, request):
        return super().has_add_permission(request) and bulletins_for_new_issue(request).exists()

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if request.user.is_superuser:
            return [("bulletin__office", admin.RelatedOnlyFieldListFilter), *filters]
        return filters

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "bulletin":
            choices = bulletins_for_new_issue(request)
            kwargs["queryset"] = choices
            if len(choices) == 1:
                kwargs["widget"] = forms.HiddenInput
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        today = timezone.localdate()
        series = request.GET.get("series")
        series = series if series in Issue.Series.values else Issue.Series.REGULAR
        bulletin = bulletin_for_new_issue(request)
        if bulletin is None:
            return super().get_changeform_initial_data(request)
        # The previous issue's masthead, or the bulletin's (one rule: composing).
        masthead = composing.masthead_defaults(bulletin, composing.latest_issue(bulletin))
        return {
            "series": series,
            "year": today.year,
            "number": registry.next_number(bulletin, today.year, series),
            "cumulative_number": registry.next_cumulative_number(bulletin, series),
            "issue_date": today,
            "print_run": composing.previous_print_run(bulletin),
            "bulletin": bulletin.pk,
            **masthead,
            **super().get_changeform_initial_data(request),
        }

    def get_readonly_fields(self, request, obj=None):
        # A number is provisional in draft, fixed from the sign-off on
        # (editorial/workflow/numbering.py); an issue stays in its bulletin.
        fields = super().get_readonly_fields(request, obj)
        if obj is None:
            return fields
        if registry.is_fixed(obj):
            return [*fields, "bulletin", *registry.NUMBER_FIELDS]
        return [*fields, "bulletin"]

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, DistributionInline) and obj.pk is None and request.method == "GET":
            bulletin = bulletin_for_new_issue(request)
            usual = composing.default_recipients(bulletin) if bulletin is not None else []
            kwargs["initial"] = [
                {"recipient": recipient.pk, "order": position}
                for position, recipient in enumerate(usual, 1)
            ]
        return kwargs

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            workflow.record_created(obj, actor=request.user, comment=gettext("Created."))

    def save_formset(self, request, form, formset, change):
        formset.actor = request.user  # who reordered the sections or the distribution list
        super().save_formset(request, form, formset, change)

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
            "can_compose": rules.may_change(request.user, issue),
            "can_add_article": request.user.has_perm("editorial.add_article")
            and rules.may_change(request.user, issue),
            "issue_problems": workflow.problems(issue) if issue.status == workflow.DRAFT else [],
            "empty_sections": composing.empty_sections(issue)
            if issue.status == workflow.DRAFT
            else [],
            "workflow_transitions": transitions,
            "workflow_needs_time": any(t.target == Issue.Status.PUBLISHED for t in transitions),
            "workflow_form": WorkflowActionForm(),
            "pending_return": workflow.pending_return(issue),
            "issue_history": audit.issue_history(issue),
            "preview_url": issue.get_absolute_url(),
            **admin_signoff.panel_context(request, issue),
            **admin_output.panel_context(issue),
        }

    # Extra pages of the issue admin.

    def get_urls(self):
        # Legacy .txt upload: preview, then confirm as a draft (editorial/admin/legacy_import.py).
        from editorial.admin.legacy_import import import_legacy_view

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
                "<path:object_id>/remove-empty-sections/",
                view(self.remove_empty_sections_view),
                name="editorial_issue_remove_empty_sections",
            ),
            path(
                "<path:object_id>/reorder/",
                view(self.reorder_view),
                name="editorial_issue_reorder",
            ),
            # The numbering report, signed versions and the 更正 notice.
            *admin_signoff.issue_urls(self),
            # The preview PDF of the working copy.
            *admin_output.issue_urls(self),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "new_from_previous_url": reverse("admin:editorial_issue_new_from_previous"),
            "statistics_url": reverse("admin:editorial_statistics"),
            "numbering_url": reverse("admin:editorial_issue_numbering"),
            # Several bulletins: a new issue is started in the one chosen.
            "new_issue_bulletins": list(bulletins_for_new_issue(request)),
        }
        return super().changelist_view(request, extra_context)

    def new_from_previous_view(self, request):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:editorial_issue_changelist"))
        if not self.has_add_permission(request):
            raise PermissionDenied
        try:
            issue = composing.new_issue_from_previous(
                request.user, bulletin=bulletin_for_new_issue(request)
            )
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
                % {"time": local_time(issue.publish_at)},
            )
        return HttpResponseRedirect(issue_change_url(issue))

    def move_view(self, request, object_id):
        """Move a section or an article one place up or down (buttons on the issue page)."""
        issue, not_a_post = self._issue_for_post(request, object_id)
        if not_a_post:
            return not_a_post
        try:
            rules.ensure_may_change(request.user, issue)
        except workflow.WorkflowPermissionDenied as refusal:
            messages.error(request, refusal.message)
            return HttpResponseRedirect(issue_change_url(issue, "issue-contents"))
        form = MoveForm(request.POST)
        if not form.is_valid():
            messages.error(request, gettext("Unknown move."))
            return HttpResponseRedirect(issue_change_url(issue, "issue-contents"))
        kind, pk, places = form.step()
        models_by_kind = {
            "section": Section.objects.filter(issue=issue),
            "article": Article.objects.filter(section__issue=issue),
        }
        obj = get_object_or_404(models_by_kind[kind], pk=pk)
        composing.move(obj, places, actor=request.user)
        return HttpResponseRedirect(issue_change_url(issue, f"{kind}-row-{obj.pk}"))

    def remove_empty_sections_view(self, request, object_id):
        """Delete the sections that hold no article (the button under the
        pre-submission check), as the change rule allows."""
        issue, not_a_post = self._issue_for_post(request, object_id)
        if not_a_post:
            return not_a_post
        try:
            names = composing.remove_empty_sections(issue, actor=request.user)
        except workflow.WorkflowPermissionDenied as refusal:
            messages.error(request, refusal.message)
            return HttpResponseRedirect(issue_change_url(issue, "workflow-panel"))
        if names:
            messages.success(
                request,
                gettext("Empty sections removed: %(sections)s")
                % {"sections": "、".join(f"【{name}】" for name in names)},
            )
        return HttpResponseRedirect(issue_change_url(issue, "workflow-panel"))

    def reorder_view(self, request, object_id):
        """Put an issue's sections, or one section's articles, in a new order
        (drag and drop on the issue page). Answers JSON."""
        issue = self.get_object(request, unquote(object_id))
        if issue is None:
            raise Http404
        if request.method != "POST":
            return JsonResponse({"error": gettext("Unknown move.")}, status=405)
        try:
            rules.ensure_may_change(request.user, issue)
        except workflow.WorkflowPermissionDenied as refusal:
            return JsonResponse({"error": str(refusal.message)}, status=403)
        form = ReorderForm(request.POST)
        if not form.is_valid():
            return JsonResponse({"error": gettext("Unknown move.")}, status=400)
        ids = form.ids()
        if form.cleaned_data["kind"] == "section":
            siblings = Section.objects.filter(issue=issue)
        else:
            siblings = Article.objects.filter(
                section__issue=issue, section_id=form.cleaned_data["section"]
            )
        by_id = {str(obj.pk): obj for obj in siblings}
        if sorted(ids) != sorted(by_id) or len(ids) != len(set(ids)):
            # The page was out of date (someone added or removed something).
            return JsonResponse(
                {"error": gettext("The contents changed meanwhile; reload the page.")}, status=409
            )
        composing.put_in_order([by_id[pk] for pk in ids], actor=request.user, save_fields=[])
        return JsonResponse({"ok": True})


@admin.register(IssueTransition)
class IssueTransitionAdmin(OfficeScopedMixin, RecordAdmin):
    """The workflow record of the issues of the user's offices: read-only."""

    issue_path = "issue"

    list_display = ["created_at", "issue", "from_status", "to_status", "actor_name", "comment"]
    list_filter = ["to_status", "from_status"]
    list_select_related = ["issue", "actor"]
    search_fields = ["comment", "actor__username"]
    show_full_result_count = False
    # The step is shown by its name ("Submitted for review"), not its code ("submit").
    exclude = ["action", "actor"]
    readonly_fields = ["step", "actor_name"]
    actor_name = person_field("actor", _("by"))

    @admin.display(description=pgettext_lazy("audit", "action"))
    def step(self, transition):
        return audit.label(transition.action) if transition.action else "—"
