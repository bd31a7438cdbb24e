"""Articles in the admin: the article form with its sources, and sections."""

from dataclasses import dataclass

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminFileWidget
from django.db import models
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from editorial.admin.base import (
    CompareVersionsMixin,
    FollowsIssueStateMixin,
    GuardedDeleteMixin,
    InlineFollowsIssueStateMixin,
    IssueYearFilter,
    KeepOnRestoreMixin,
    OrganizationFilter,
    SectionNameFilter,
    TagFilter,
    UndoesAdoptionsMixin,
    issue_change_url,
)
from editorial.admin.forms import (
    ArticleForm,
    ArticlePictureForm,
    SectionForm,
    SectionHintForm,
)
from editorial.admin.history import AuditedSavesMixin, ChangeMessageMixin
from editorial.admin.scope import OfficeScopedMixin, visible
from editorial.content import attribution
from editorial.content.headlines import one_line
from editorial.content.models import (
    Article,
    ArticleImage,
    ArticleSource,
    Section,
    SourceOrganization,
)
from editorial.workflow import composing

# --- Articles ---------------------------------------------------------------------


@dataclass
class _LinkedPicture:
    name: str
    url: str

    def __str__(self) -> str:
        return self.name


class PictureInput(AdminFileWidget):
    """Links the current picture to its reading address: nothing in storage is
    served directly (``editorial.reading.views.article_picture``)."""

    def format_value(self, value):
        picture = getattr(value, "instance", None)
        if value and picture is not None and picture.article_id:
            return _LinkedPicture(value.name, picture.get_absolute_url())
        return super().format_value(value)


class ArticleImageInline(InlineFollowsIssueStateMixin, admin.TabularInline):
    """The pictures shown under the article (kept from a Word file, or added here)."""

    model = ArticleImage
    form = ArticlePictureForm
    formfield_overrides = {models.FileField: {"widget": PictureInput}}
    extra = 0
    fields = ["position", "file", "caption"]
    ordering = ["position"]
    verbose_name_plural = _("pictures (shown under the article, in this order)")


def section_from(value, user) -> Section | None:
    """The section named by a ``?section=<id>`` parameter, if it is one of an
    issue of ``user``'s offices."""
    hint = SectionHintForm({"section": value})
    section = hint.cleaned_data["section"] if hint.is_valid() else None
    if section is None:
        return None
    return visible(Section.objects.filter(pk=section.pk), user, "issue").first()


@admin.register(Article)
class ArticleAdmin(
    OfficeScopedMixin,
    AuditedSavesMixin,
    ChangeMessageMixin,
    UndoesAdoptionsMixin,
    KeepOnRestoreMixin,
    CompareVersionsMixin,
    GuardedDeleteMixin,
    FollowsIssueStateMixin,
    VersionAdmin,
):
    issue_path = "section__issue"
    form = ArticleForm
    list_display = ["title_column", "issue_column", "section_column", "kind", "sources_column"]
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
            {"fields": ["sources_written", "source_text", "credit", "tags"]},
        ),
    ]
    inlines = [ArticleImageInline]
    restore_keeps = ("version",)
    compare_skip = ("id", "version", "created_at", "updated_at", "position")

    class Media:
        css = {"all": ["admin_editorial/editorial.css"]}
        js = ["admin_editorial/sources.js"]

    @admin.display(description=_("title"), ordering="title")
    def title_column(self, article):
        return one_line(article.title)

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
        shown_instead = {"loaded_version": None, "sources_written": "sources_column"}
        return [
            (
                name,
                {
                    **options,
                    "fields": [
                        shown_instead.get(f, f)
                        for f in options["fields"]
                        if shown_instead.get(f, f) is not None
                    ],
                },
            )
            for name, options in self.fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            return [*fields, "sources_column"]
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.current_user = request.user
        form.section_hint = request.GET.get("section")
        return form

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        section = section_from(initial.get("section"), request.user)
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
        resolved = form.resolved_sources
        ordered, created = resolved.organizations()
        current = {
            link.organization_id: link for link in ArticleSource.objects.filter(article=article)
        }
        if set(current) == {organization.pk for organization in ordered}:
            # The same sources in another order: a reordering, recorded as one.
            composing.put_in_order([current[o.pk] for o in ordered], actor=request.user)
        else:
            attribution.link(article, ordered)
        # The sources as now linked, not as loaded with the article.
        getattr(article, "_prefetched_objects_cache", {}).pop("source_links", None)
        if not form.attribution_overridden():
            derived = resolved.printed
            if derived != article.source_text:
                article.source_text = derived
                article.save(update_fields=["source_text"])
        self._say_which_sources(request, resolved.found, created, article)

    def _say_which_sources(self, request, linked, created, article):
        if linked:
            messages.info(
                request,
                gettext("Linked to: %(names)s.") % {"names": "、".join(o.name for o in linked)},
            )
        if created:
            messages.info(
                request,
                gettext("New organizations created: %(names)s.")
                % {"names": "、".join(o.name for o in created)},
            )
        printed = attribution.printed(article)
        if printed:
            messages.info(request, gettext("Printed as: %(text)s") % {"text": printed})

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
        section = section_from(request.GET.get("section"), request.user)
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
class SectionAdmin(
    OfficeScopedMixin,
    AuditedSavesMixin,
    ChangeMessageMixin,
    UndoesAdoptionsMixin,
    GuardedDeleteMixin,
    FollowsIssueStateMixin,
    admin.ModelAdmin,
):
    """Sections are composed on their issue's page; this list is for looking things up.

    A section stays in the issue it was added to, in its place: moving it would
    change two issues at once, and the order is set on the issue's page."""

    form = SectionForm
    list_display = ["__str__", "issue", "position"]
    list_select_related = ["issue"]
    search_fields = ["name"]
    raw_id_fields = ["issue"]
    show_full_result_count = False
    articles_lookup = "section__in"
    issue_path = "issue"

    def has_module_permission(self, request):
        return False

    def get_fields(self, request, obj=None):
        return ["issue", "name"] if obj is None else ["issue", "name", "position"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["issue", "position"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.current_user = request.user
        return form

    def save_model(self, request, obj, form, change):
        if not change:
            obj.position = composing.next_position(Section, issue=obj.issue)
        super().save_model(request, obj, form, change)


# --- Organizations, recipients, history ----------------------------------------
