"""The office's side of information work in the admin: the inbox (来稿) with its
decisions, forwardings (上报), the statistics page (通报) with its reminder,
and the lists the office keeps — officers, quotas, higher-level publications,
scoring rules.

Unread is per office, not per editor: an item is unread until any editor of
the office opens it (or decides on it), and unread again when resubmitted. The
office shares one inbox and one editor handles an item; marking it for each
editor would leave every other editor a list of items already dealt with.

Each office sees its own: every list, filter, autocomplete, page, decision,
count and spreadsheet here shows the submissions of the offices where the user
holds the permission asked, and the officers and quotas of the units reporting
to them (``editorial.submissions.rules``); another office's item does not exist
for them (the admin says so, as of any row that is not there; its files answer
404). Superusers see every office's.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from editorial.admin.base import KnownChoicesAutocompleteMixin, _KnownChoicesAutocompleteSelect
from editorial.admin.history import ChangeMessageMixin
from editorial.admin.people import PersonRawIdWidget, person_field
from editorial.content.people import person_name
from editorial.content.spreadsheets import content_disposition
from editorial.offices import access
from editorial.offices.models import Office
from editorial.submissions import attachments, decisions, emails, rules, spreadsheets
from editorial.submissions.forms import AdoptForm, CommentForm
from editorial.submissions.models import (
    Attachment,
    Decision,
    Forwarding,
    HigherPublication,
    InformationOfficer,
    ScoringRule,
    Submission,
    UnitQuota,
)
from editorial.submissions.statistics import MONTH, QUARTER, YEAR, Period, circular
from editorial.workflow.transitions import WorkflowPermissionDenied


class InboxFilter(admin.SimpleListFilter):
    """The inbox shows new and resubmitted items unless another status is chosen."""

    title = _("status")
    parameter_name = "status"
    WAITING = "waiting"
    ALL = "all"

    def lookups(self, request, model_admin):
        return [
            (self.WAITING, _("New and resubmitted")),
            *Submission.Status.choices,
            (self.ALL, _("All")),
        ]

    def value(self):
        return super().value() or self.WAITING

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value()
        if value == self.WAITING:
            return queryset.waiting()
        if value in Submission.Status.values:
            return queryset.filter(status=value)
        return queryset


class RecordInline(admin.TabularInline):
    """A submission's records, shown as they were made: nothing added, changed or
    removed here (they are written by ``editorial.submissions.decisions``)."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False


def attachment_url(attachment) -> str:
    return reverse(
        "admin:editorial_submission_attachment", args=[attachment.submission_id, attachment.pk]
    )


class AttachmentInline(RecordInline):
    """The files: each photo seen as a thumbnail, each size in KB or MB."""

    model = Attachment
    fields = ["thumbnail", "download", "kind", "size_shown", "uploaded_at"]

    @admin.display(description=_("preview"))
    def thumbnail(self, attachment):
        if attachment.kind != Attachment.Kind.PHOTO:
            return ""
        return format_html(
            '<a href="{0}"><img src="{0}" alt="{1}" class="ed-thumbnail" loading="lazy"></a>',
            attachment_url(attachment),
            attachment.name,
        )

    @admin.display(description=_("file"))
    def download(self, attachment):
        return format_html('<a href="{}">{}</a>', attachment_url(attachment), attachment.name)

    @admin.display(description=_("size"), ordering="size")
    def size_shown(self, attachment):
        return filesizeformat(attachment.size)


class DecisionInline(RecordInline):
    model = Decision
    fields = ["action", "comment", "actor_name", "at"]
    actor_name = person_field("actor", _("by"))


class ForwardingInline(RecordInline):
    model = Forwarding
    fields = ["publication", "forwarded_on", "adopted_on", "adopted_as"]


@admin.register(Submission)
class SubmissionAdmin(ChangeMessageMixin, admin.ModelAdmin):
    list_display = [
        "unread",
        "title",
        "unit",
        "suggested_kind",
        "status",
        "submitted_at",
        "submitted_by_name",
        "adopted_into",
    ]
    list_display_links = ["title"]
    list_filter = [
        InboxFilter,
        "suggested_kind",
        ("unit", admin.RelatedOnlyFieldListFilter),
        ("office", admin.RelatedOnlyFieldListFilter),
        "submitted_at",
    ]
    list_select_related = ["unit", "submitted_by", "article__section__issue"]
    search_fields = ["title"]
    ordering = ["-submitted_at", "-pk"]
    show_full_result_count = False
    list_per_page = 50
    actions = [
        "adopt_action",
        "merge_action",
        "return_action",
        "decline_action",
        "mark_read_action",
    ]
    fields = [
        "title",
        "subtitle",
        "body",
        "suggested_kind",
        "authors",
        "unit",
        "office",
        "submitted_by_name",
        "contact_phone",
        "status",
        "submitted_at",
        "article",
        "adopted_as",
        "adopted_on",
    ]
    readonly_fields = fields
    inlines = [AttachmentInline, DecisionInline, ForwardingInline]
    submitted_by_name = person_field("submitted_by", _("submitted by"))

    # The text is the officer's: the office reads it here and edits the article made from it.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_handle_permission(self, request):
        return rules.may_handle(request.user)

    def get_queryset(self, request):
        return rules.in_offices(
            super().get_queryset(request), rules.offices_where(request.user), through="office"
        )

    @admin.display(description=_("unread"), boolean=False)
    def unread(self, submission):
        if submission.seen_at is None:
            return format_html('<strong class="unread" title="{}">●</strong>', gettext("Unread"))
        return ""

    @admin.display(description=_("adopted into"))
    def adopted_into(self, submission):
        if submission.article is None:
            return ""
        url = reverse("admin:editorial_article_change", args=[submission.article_id])
        return format_html('<a href="{}">{}</a>', url, submission.article.section.issue)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Opening an item writes nothing: the office marks it read (an action, a
        # POST) or decides on it.
        submission = self.get_object(request, unquote(object_id))
        extra_context = {
            **(extra_context or {}),
            "forward_url": reverse("admin:editorial_forwarding_add") + f"?submission={object_id}",
            **self._decision_forms(request, submission),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def _decision_forms(self, request, submission) -> dict:
        """The decisions on a waiting submission, as forms on its page: each posts to
        the list's action of the same name (``adopt_action`` and the rest), which
        takes it through ``editorial.submissions.decisions``. It is adopted into
        its own office's issues, alone or merged with others of its inbox."""
        if (
            submission is None
            or submission.status not in Submission.WAITING
            or not rules.may_handle(request.user, submission.office_id)
        ):
            return {}
        others = (
            Submission.objects.waiting()
            .filter(office=submission.office_id)
            .exclude(pk=submission.pk)
            .select_related("unit")
            .order_by("-submitted_at", "-pk")[:50]
        )
        office = rules.adoption_office(request.user, [submission])
        return {
            "decisions_url": reverse("admin:editorial_submission_changelist")
            + f"?{InboxFilter.parameter_name}={InboxFilter.ALL}",
            "adopt_form": AdoptForm(
                initial={"kind": submission.suggested_kind}, auto_id="adopt-%s", office=office
            ),
            "merge_form": AdoptForm(initial={"kind": "brief"}, auto_id="merge-%s", office=office),
            "merge_candidates": others,
            "return_form": CommentForm(auto_id="return-%s"),
            "decline_form": CommentForm(auto_id="decline-%s"),
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }

    def get_urls(self):
        site = self.admin_site
        return [
            path(
                "statistics/",
                site.admin_view(self.statistics_view),
                name="editorial_statistics",
            ),
            path(
                "statistics/remind/",
                site.admin_view(require_POST(self.remind_view)),
                name="editorial_statistics_remind",
            ),
            path(
                "<dbint:pk>/attachments/<dbint:attachment_pk>/",
                site.admin_view(self.attachment_view),
                name="editorial_submission_attachment",
            ),
            path(
                "units/autocomplete/",
                site.admin_view(self.units_autocomplete_view),
                name="editorial_units_autocomplete",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "statistics_url": reverse("admin:editorial_statistics"),
        }
        return super().changelist_view(request, extra_context)

    def attachment_view(self, request, pk, attachment_pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        attachment = get_object_or_404(
            Attachment,
            submission__in=self.get_queryset(request),
            submission_id=pk,
            pk=attachment_pk,
        )
        return attachments.serve(attachment)

    def units_autocomplete_view(self, request):
        return UnitsOfMyOfficesAutocomplete.as_view(admin_site=self.admin_site)(request)

    # --- Decisions ------------------------------------------------------------------

    def _decision_page(self, request, queryset, *, action, title, form, intro=""):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "intro": intro,
            "form": form,
            "submissions": queryset,
            "action": action,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/editorial/submission/decide.html", context)

    def _adopt(self, request, queryset, *, merged: bool):
        submissions = list(queryset.select_related("unit").order_by("submitted_at", "pk"))
        if not merged and len(submissions) != 1:
            self.message_user(
                request,
                gettext("Select one submission to adopt; to merge several, use 合并采用."),
                messages.ERROR,
            )
            return None
        if merged and len(submissions) < 2:
            self.message_user(
                request, gettext("Select at least two submissions to merge."), messages.ERROR
            )
            return None
        if len({submission.office_id for submission in submissions}) > 1:
            self.message_user(
                request,
                gettext("Select submissions of one office: each is adopted into its own."),
                messages.ERROR,
            )
            return None
        initial = {"kind": first_kind(submissions, merged)}
        form = AdoptForm(
            request.POST if "apply" in request.POST else None,
            initial=initial,
            office=rules.adoption_office(request.user, submissions),
        )
        if form.is_valid():
            data = form.cleaned_data
            try:
                article = decisions.adopt(
                    submissions,
                    section=data["section"],
                    kind=data["kind"],
                    title=data["title"],
                    comment=data["comment"],
                    user=request.user,
                )
            except (WorkflowPermissionDenied, PermissionDenied, ValidationError) as refusal:
                self.message_user(request, _reason(refusal), messages.ERROR)
                return None
            self.message_user(
                request,
                gettext("Adopted into %(issue)s as “%(title)s”: edit the article as any other.")
                % {"issue": article.section.issue, "title": article.title},
                messages.SUCCESS,
            )
            pictures = article.images.count()
            photos = Attachment.objects.filter(
                submission__in=submissions, kind=Attachment.Kind.PHOTO
            ).count()
            if photos > pictures:
                self.message_user(
                    request,
                    gettext(
                        "%(count)s photos failed the checks and were not brought into the "
                        "article; they remain on the submission's page."
                    )
                    % {"count": photos - pictures},
                    messages.WARNING,
                )
            if pictures:
                self.message_user(
                    request,
                    gettext(
                        "The submission's photos (%(count)s) are the article's pictures: "
                        "delete any you do not want below."
                    )
                    % {"count": pictures},
                    messages.INFO,
                )
            return redirect("admin:editorial_article_change", article.pk)
        return self._decision_page(
            request,
            submissions,
            action="merge_action" if merged else "adopt_action",
            title=gettext("Merge and adopt") if merged else gettext("Adopt"),
            form=form,
        )

    @admin.action(description=_("采用: adopt into an issue"), permissions=["handle"])
    def adopt_action(self, request, queryset):
        return self._adopt(request, queryset, merged=False)

    @admin.action(
        description=_("合并采用: merge into one article or 简讯 roundup"), permissions=["handle"]
    )
    def merge_action(self, request, queryset):
        return self._adopt(request, queryset, merged=True)

    def _comment_decision(self, request, queryset, *, decide, action, title, done):
        form = CommentForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            count = 0
            for submission in queryset.select_related("unit"):
                try:
                    decide(submission, request.user, form.cleaned_data["comment"])
                except (PermissionDenied, ValidationError) as refusal:
                    self.message_user(request, _reason(refusal), messages.ERROR)
                    continue
                count += 1
            if count:
                self.message_user(request, done % {"count": count}, messages.SUCCESS)
            return None
        return self._decision_page(request, queryset, action=action, title=title, form=form)

    @admin.action(description=_("退回修改: return for revision"), permissions=["handle"])
    def return_action(self, request, queryset):
        return self._comment_decision(
            request,
            queryset,
            decide=lambda submission, user, comment: decisions.return_for_revision(
                submission, user, comment=comment
            ),
            action="return_action",
            title=gettext("Return for revision"),
            done=gettext("%(count)s returned for revision."),
        )

    @admin.action(description=_("不采用: do not adopt"), permissions=["handle"])
    def decline_action(self, request, queryset):
        return self._comment_decision(
            request,
            queryset,
            decide=lambda submission, user, comment: decisions.decline(
                submission, user, reason=comment
            ),
            action="decline_action",
            title=gettext("Do not adopt"),
            done=gettext("%(count)s not adopted."),
        )

    @admin.action(description=_("Mark as read"), permissions=["handle"])
    def mark_read_action(self, request, queryset):
        handled = queryset.of_offices(rules.offices_where(request.user, rules.HANDLE))
        marked = handled.filter(seen_at__isnull=True).update(seen_at=timezone.now())
        self.message_user(request, gettext("%(count)s marked as read.") % {"count": marked})

    # --- The 通报 -------------------------------------------------------------------

    def statistics_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        mine = rules.offices_where(request.user)
        form = PeriodForm(request.GET if "kind" in request.GET else None, offices=mine)
        valid = form.is_valid()
        period = form.period() if valid else PeriodForm.default()
        offices = form.scope(mine) if valid else mine
        if not form.is_bound:
            form = PeriodForm(
                initial={"kind": period.kind, "year": period.year, "number": period.number},
                offices=mine,
            )
        report = circular(period, offices=offices)
        output = request.GET.get("format")
        if output == "csv":
            response = HttpResponse(
                "\ufeff" + spreadsheets.to_csv(report), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = content_disposition(
                spreadsheets.file_name(report, "csv"), spreadsheets.ascii_file_name(report, "csv")
            )
            return response
        if output == "xlsx":
            response = HttpResponse(
                spreadsheets.to_xlsx(report),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = content_disposition(
                spreadsheets.file_name(report, "xlsx"), spreadsheets.ascii_file_name(report, "xlsx")
            )
            return response
        query = request.GET.copy()
        query.pop("format", None)
        query.update({"kind": period.kind, "year": period.year, "number": period.number})
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Information work circular (通报)"),
            "form": form,
            "report": report,
            "totals": report.totals,
            "query": query.urlencode(),
            "may_remind": self.has_handle_permission(request),
            "office": form["office"].value() or "",
        }
        template = "statistics_print.html" if output == "print" else "statistics.html"
        return TemplateResponse(request, f"admin/editorial/submission/{template}", context)

    def remind_view(self, request):
        """催报: e-mail the officers of the units that submitted nothing in the period."""
        if not self.has_handle_permission(request):
            raise PermissionDenied
        mine = rules.offices_where(request.user, rules.HANDLE)
        form = PeriodForm(request.POST, offices=mine)
        if not form.is_valid():
            raise BadRequest("no period (or office) to remind of")
        period = form.period()
        silent = circular(period, offices=form.scope(mine)).silent
        chosen = SilentUnitsForm(request.POST, silent=silent)
        if not chosen.is_valid():
            raise BadRequest("units to remind that are not silent in the period")
        sent = emails.remind(chosen.units(), period.label)
        self.message_user(
            request,
            gettext("Reminders sent to the officers of %(count)s units.") % {"count": sent},
            messages.SUCCESS,
        )
        return redirect(
            reverse("admin:editorial_statistics")
            + f"?kind={period.kind}&year={period.year}&number={period.number}"
        )


def first_kind(submissions, merged: bool) -> str:
    """The kind first offered: the suggestion of a single item; a merge of 简讯 makes a roundup."""
    kinds = {submission.suggested_kind for submission in submissions}
    return kinds.pop() if len(kinds) == 1 else "brief" if merged else "article"


def _reason(refusal) -> str:
    if isinstance(refusal, ValidationError):
        return " ".join(refusal.messages)
    return str(refusal) or gettext("You are not allowed to do this.")


class PeriodForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("period"),
        choices=[(MONTH, _("Month")), (QUARTER, _("Quarter")), (YEAR, _("Year"))],
    )
    year = forms.IntegerField(label=_("year"), min_value=1990, max_value=2100)
    number = forms.IntegerField(
        label=_("month or quarter"), min_value=1, max_value=12, required=False, initial=1
    )
    # One of the user's offices (``offices``: ids, None: every office); shown only
    # to those who work in several. Empty: all of them.
    office = forms.ModelChoiceField(
        label=_("office"),
        queryset=Office.objects.none(),
        required=False,
        empty_label=_("All my offices"),
    )

    def __init__(self, *args, offices=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["office"]
        field.queryset = (
            Office.objects.all() if offices is None else Office.objects.filter(pk__in=offices)
        )
        if len(field.queryset[:2]) < 2:
            field.widget = forms.HiddenInput()

    def scope(self, offices):
        """The offices the circular is of: the one chosen, else all of ``offices``."""
        chosen = self.cleaned_data.get("office")
        return offices if chosen is None else {chosen.pk}

    def clean(self):
        data = super().clean()
        kind, number = data.get("kind"), data.get("number") or 1
        if kind == QUARTER and number > 4:
            raise ValidationError(_("A quarter is 1 to 4."))
        data["number"] = number
        return data

    def period(self) -> Period:
        data = self.cleaned_data
        return Period(data["kind"], data["year"], 1 if data["kind"] == YEAR else data["number"])

    @staticmethod
    def default() -> Period:
        today = timezone.localdate()
        return Period(MONTH, today.year, today.month)


class SilentUnitsForm(forms.Form):
    """Which of a period's silent units to remind (催报): those chosen, else all of them."""

    unit = forms.TypedMultipleChoiceField(coerce=int, required=False)

    def __init__(self, data, *, silent):
        super().__init__(data)
        self.silent = silent
        self.fields["unit"].choices = [(unit.pk, unit.name) for unit in silent]

    def units(self):
        chosen = set(self.cleaned_data["unit"])
        return [unit for unit in self.silent if not chosen or unit.pk in chosen]


# --- Each office's own lists ------------------------------------------------------


def _permission(opts, action: str) -> str:
    return f"{opts.app_label}.{action}_{opts.model_name}"


class UnitsOfMyOfficesAutocomplete(AutocompleteJsonView):
    """Django's autocomplete of units for a list an office keeps (officers, quotas):
    only the units reporting to the offices where the user changes that list."""

    def get_queryset(self):
        permission = _permission(self.source_field.model._meta, "change")
        return rules.in_offices(
            super().get_queryset(),
            rules.offices_where(self.request.user, permission),
            through="reports_to",
        )


class UnitsOfMyOfficesSelect(_KnownChoicesAutocompleteSelect):
    url_name = "%s:editorial_units_autocomplete"


class ScopedRawIdWidget(ForeignKeyRawIdWidget):
    """Django's raw-id box, naming the chosen row only when it is one of ``queryset``
    (another office's item is not named to a user who may not see it)."""

    def __init__(self, rel, admin_site, *, queryset, **kwargs):
        super().__init__(rel, admin_site, **kwargs)
        self.queryset = queryset

    def label_and_url_for_value(self, value):
        try:
            known = self.queryset.filter(pk=value).exists()
        except (ValueError, TypeError, ValidationError):
            known = False
        return super().label_and_url_for_value(value) if known else ("", "")


class UnitsOfMyOfficesMixin:
    """A list of rows each of one unit (officers, quotas), kept by the office the
    unit reports to: a user sees the rows of the offices where they hold its
    view permission, and chooses, changes and deletes those of the offices where
    they hold the change and delete ones."""

    def get_queryset(self, request):
        return rules.in_offices(
            super().get_queryset(request),
            rules.offices_where(request.user, _permission(self.opts, "view")),
            through="unit__reports_to",
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = rules.units(request.user, _permission(self.opts, "change"))
            kwargs["widget"] = UnitsOfMyOfficesSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _in_office(self, request, obj, action: str) -> bool:
        return obj is None or access.allowed(
            request.user, _permission(self.opts, action), obj.unit.reports_to_id
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._in_office(
            request, obj, "change"
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._in_office(
            request, obj, "delete"
        )


@admin.register(Forwarding)
class ForwardingAdmin(ChangeMessageMixin, admin.ModelAdmin):
    """上报: an adopted item forwarded to a higher-level publication, and adopted there."""

    list_display = ["submission", "unit", "publication", "forwarded_on", "adopted_on", "adopted_as"]
    list_select_related = ["submission__unit", "publication"]
    list_filter = ["publication", "adopted_on"]
    raw_id_fields = ["submission"]
    show_full_result_count = False

    @admin.display(description=_("unit"))
    def unit(self, forwarding):
        return forwarding.submission.unit

    def get_changeform_initial_data(self, request):
        return {
            **super().get_changeform_initial_data(request),
            "forwarded_on": timezone.localdate(),
        }

    def get_queryset(self, request):
        return rules.in_offices(
            super().get_queryset(request),
            rules.offices_where(request.user, _permission(self.opts, "view")),
            through="submission__office",
        )

    def _handles(self, request, obj) -> bool:
        if obj is None:
            return rules.may_handle(request.user)
        return rules.may_handle(request.user, obj.submission.office_id)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and rules.may_handle(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._handles(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "submission":
            # Adopted items of the offices where the user forwards them.
            adopted = rules.inbox(request.user, rules.HANDLE).filter(
                status=Submission.Status.ADOPTED
            )
            kwargs["queryset"] = adopted
            kwargs["widget"] = ScopedRawIdWidget(
                db_field.remote_field, self.admin_site, queryset=adopted
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # Through the write path, so each step is audited.
        changed = set(form.changed_data)
        if not change:
            forwarding = decisions.forward(
                obj.submission, obj.publication, request.user, on=obj.forwarded_on
            )
        else:
            forwarding = Forwarding.objects.get(pk=obj.pk)
            if changed & {"submission", "publication", "forwarded_on"}:
                forwarding = decisions.amend_forwarding(
                    forwarding,
                    request.user,
                    submission=obj.submission,
                    publication=obj.publication,
                    on=obj.forwarded_on,
                )
        if (obj.adopted_on or change) and changed & {"adopted_on", "adopted_as"}:
            forwarding = decisions.adopted_upward(
                forwarding,
                request.user,
                on=obj.adopted_on,
                kind=obj.adopted_as or ("article" if obj.adopted_on else ""),
            )
        obj.pk = forwarding.pk

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._handles(request, obj)

    def delete_model(self, request, obj):
        decisions.delete_forwarding(obj, request.user)

    def delete_queryset(self, request, queryset):
        for forwarding in queryset.select_related("submission__unit", "publication"):
            decisions.delete_forwarding(forwarding, request.user)


@admin.register(InformationOfficer)
class InformationOfficerAdmin(
    UnitsOfMyOfficesMixin, KnownChoicesAutocompleteMixin, ChangeMessageMixin, admin.ModelAdmin
):
    list_display = ["full_name", "unit", "since"]
    list_select_related = ["user", "unit"]
    list_filter = [("unit", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["user__username", "user__last_name", "user__first_name", "unit__name"]
    autocomplete_fields = ["unit"]
    raw_id_fields = ["user"]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            # Read only: the person by name, not the account by its login name.
            return ["full_name" if field == "user" else field for field in fields]
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["widget"] = PersonRawIdWidget(db_field.remote_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("name"))
    def full_name(self, officer):
        return person_name(officer.user)


@admin.register(UnitQuota)
class UnitQuotaAdmin(
    UnitsOfMyOfficesMixin, KnownChoicesAutocompleteMixin, ChangeMessageMixin, admin.ModelAdmin
):
    list_display = ["unit", "per_month"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]


@admin.register(HigherPublication)
class HigherPublicationAdmin(ChangeMessageMixin, admin.ModelAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]


@admin.register(ScoringRule)
class ScoringRuleAdmin(ChangeMessageMixin, admin.ModelAdmin):
    list_display = ["where", "kind", "points", "starts_on"]
    list_select_related = ["publication"]
    list_filter = ["publication", "kind"]
    date_hierarchy = "starts_on"

    @admin.display(description=_("adopted by"), ordering="publication")
    def where(self, rule):
        return rule.publication or gettext("this bulletin")
