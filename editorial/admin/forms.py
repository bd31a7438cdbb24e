"""Forms of the editors' workspace (the admin)."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from editorial.admin.scope import visible
from editorial.content import attribution, headlines
from editorial.content.models import (
    Article,
    ArticleImage,
    Issue,
    OrganizationAlias,
    Section,
    SourceOrganization,
)
from editorial.submissions.attachments import check_upload
from editorial.submissions.models import Attachment
from editorial.workflow import composing, locking, rules
from editorial.workflow import transitions as workflow


class ArticlePictureForm(forms.ModelForm):
    """A picture an editor adds under an article: checked as an officer's photo is
    (``check_upload``: content and name, pixels before decoding), and stored
    under its name cut to a safe length."""

    class Meta:
        model = ArticleImage
        fields = ["position", "file", "caption"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not isinstance(upload, UploadedFile):  # the picture already stored
            return upload
        checked = check_upload(upload)
        if checked.kind != Attachment.Kind.PHOTO:
            raise ValidationError(
                _("%(name)s is not a JPEG or PNG picture.") % {"name": checked.name},
                code="not_a_picture",
            )
        upload.name = checked.stored_name
        return upload


class OrderedInlineForm(forms.ModelForm):
    """A row of an ordered list (sections, recipients, sources): its place is
    the "order" number, and a row left without one goes to the end."""

    order = forms.IntegerField(
        label=_("Order"),
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs={"class": "vIntegerField ed-order", "min": 1}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["order"].initial = self.instance.position

    def has_changed(self):
        # A prefilled new row (e.g. the usual recipients) is saved as it stands.
        if self.instance.pk is None and self.initial:
            return True
        return super().has_changed()


class OrderedInlineFormSet(forms.BaseInlineFormSet):
    """Saves its rows in the order of their "order" numbers, renumbered 1..n.

    A new order is recorded in the audit log as ``actor``'s (the admin sets it).
    """

    actor = None

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        instances = super().save(commit=False)
        for obj in self.deleted_objects:
            obj.delete()
        rows = []
        for index, form in enumerate(self.forms):
            if self.can_delete and self._should_delete_form(form):
                continue
            if form.instance.pk is None and not form.has_changed():
                continue
            order = form.cleaned_data.get("order")
            rows.append((order if order is not None else float("inf"), index, form.instance))
        rows.sort(key=lambda row: row[:2])
        composing.put_in_order([obj for *_, obj in rows], actor=self.actor)
        self.save_m2m()
        return instances


class SectionFormSet(OrderedInlineFormSet):
    """An issue's sections; one that still holds articles is not deleted by a tick."""

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            section = form.instance
            if section.pk and section.articles.exists():
                raise ValidationError(
                    _(
                        "【%(section)s】 still holds articles: move or delete them "
                        "before deleting the section."
                    )
                    % {"section": section.name}
                )


class SectionForm(forms.ModelForm):
    """A section added outside its issue's page: only to an issue the user may change."""

    # Set per request by the admin (SectionAdmin.get_form).
    current_user = None

    class Meta:
        model = Section
        fields = ["issue", "name"]

    def clean_issue(self):
        issue = self.cleaned_data["issue"]
        if not rules.may_change(self.current_user, issue):
            raise ValidationError(
                _("%(issue)s is %(status)s: only a chief editor can add to it now.")
                % {"issue": issue, "status": issue.get_status_display()}
            )
        return issue


class SectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, section):
        return f"{section.issue} 【{section.name}】"


class OrganizationNamesInput(forms.TextInput):
    """A line of organization names, each completed from the organizations' names,
    short names and aliases (a ``<datalist>``; ``sources.js`` completes the name
    being typed after a 、)."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = {**(attrs or {})}
        list_id = f"{attrs.get('id') or 'id_' + name}-names"
        attrs["list"] = list_id
        names = set(SourceOrganization.objects.values_list("name", flat=True))
        names |= set(
            SourceOrganization.objects.exclude(short_name="").values_list("short_name", flat=True)
        )
        names |= set(OrganizationAlias.objects.values_list("name", flat=True))
        options = format_html_join(
            "", '<option value="{}"></option>', ((name,) for name in sorted(names))
        )
        return format_html(
            '{}<datalist id="{}" class="ed-organization-names">{}</datalist>',
            super().render(name, value, attrs, renderer),
            list_id,
            options,
        )


class ArticleForm(forms.ModelForm):
    """An article as editors write it. It carries the version it was loaded
    at, so that a save over someone else's newer save is refused.

    Its sources are one line of names in the order written; the printed
    attribution (``source_text``) follows them unless the editor wrote it
    otherwise (``editorial.content.attribution``)."""

    loaded_version = forms.IntegerField(
        label=_("version loaded"), widget=forms.HiddenInput, required=False
    )
    sources_written = forms.CharField(
        label=_("Sources"),
        required=False,
        max_length=500,
        widget=OrganizationNamesInput(
            attrs={"class": "vLargeTextField ed-sources-input", "autocomplete": "off"}
        ),
        help_text=_(
            "The contributing organizations in the order written, separated by 、, "
            "e.g. 市总生活部、女工部. Each name is matched to an organization by its name, "
            "short name or an alias; a new name creates the organization."
        ),
    )

    # Set per request by the admin (ArticleAdmin.get_form).
    current_user = None
    section_hint = None

    class Meta:
        model = Article
        fields = [
            "section",
            "kind",
            "title",
            "subtitle",
            "byline",
            "body",
            "source_text",
            "credit",
            "tags",
        ]
        field_classes = {"section": SectionChoiceField}
        widgets = {
            "body": forms.Textarea(attrs={"rows": 18, "cols": 90, "class": "ed-body"}),
            # Two rows: a long headline may be broken where print should break it.
            "title": forms.Textarea(attrs={"class": "vLargeTextField ed-title", "rows": 2}),
            "subtitle": forms.TextInput(attrs={"class": "vLargeTextField"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "section" in self.fields:
            self.fields["section"].queryset = self._section_choices()
        if self.instance.pk and "loaded_version" in self.fields:
            self.fields["loaded_version"].initial = self.instance.version
        if "title" in self.fields:
            self.fields["title"].help_text = _(
                "Press Enter where a long headline should break in print; pages, the PDF, "
                "the Word file and the e-mail break it there, and one-line places join it up."
            )
        if "tags" in self.fields:
            self.fields["tags"].help_text = _(
                "Separate tags with commas (，or ,), 、 or ；, e.g. 女职工，巾帼建功."
            )
        if "source_text" in self.fields:
            self.fields["source_text"].label = _("Printed attribution")
            self.fields["source_text"].help_text = _(
                "As print writes it, without the parentheses. Left as it is, it follows "
                "the sources; whatever you write instead is printed."
            )
        linked = []
        if self.instance.pk:
            linked = [
                link.organization
                for link in self.instance.source_links.select_related("organization")
                .prefetch_related("organization__aliases")
                .order_by("position")
            ]
        # What the attribution read when it followed these sources (older saves
        # wrote the names in full).
        self.derived_before = {
            attribution.derived_attribution(linked),
            "、".join(o.name for o in linked),
        }
        if "sources_written" in self.fields:
            self.fields["sources_written"].initial = "、".join(o.name for o in linked)

    def _section_choices(self):
        # Only sections of issues of the user's offices (none without a user).
        sections = visible(
            Section.objects.select_related("issue"), self.current_user, "issue"
        ).order_by("-issue__year", "-issue__number", "position")
        if self.instance.pk:
            return sections.filter(issue_id=self.instance.section.issue_id)
        if str(self.section_hint or "").isdigit():
            hinted = Section.objects.filter(pk=int(self.section_hint)).values("issue_id")
            if hinted.exists():
                return sections.filter(issue_id__in=hinted)
        # Issues still being composed; a published one is reached from its own page.
        return sections.exclude(issue__status=Issue.Status.PUBLISHED)

    def clean_title(self):
        """One ``\n`` per break the editor placed; no empty lines or edge spaces."""
        return headlines.normalized(self.cleaned_data["title"])

    def clean_section(self):
        section = self.cleaned_data["section"]
        issue = self.instance.section.issue if self.instance.pk else section.issue
        if not rules.may_move(self.current_user, issue, section.issue):
            raise ValidationError(
                _("%(issue)s is %(status)s: only a chief editor can add to it now.")
                % {"issue": section.issue, "status": section.issue.get_status_display()}
            )
        return section

    def clean_sources_written(self):
        self.resolved_sources = attribution.resolve(self.cleaned_data.get("sources_written", ""))
        unknown = self.resolved_sources.unknown
        may_create = self.current_user is None or self.current_user.has_perm(
            "editorial.add_sourceorganization"
        )
        if unknown and not may_create:
            raise ValidationError(
                _("Unknown organizations (ask a chief editor to add them): %(names)s")
                % {"names": "、".join(unknown)}
            )
        return self.cleaned_data.get("sources_written", "")

    def attribution_overridden(self) -> bool:
        """Did the editor write the printed attribution, rather than leave it to follow
        the sources? (Empty, or as derived from the sources before: it follows.)"""
        written = (self.cleaned_data.get("source_text") or "").strip()
        return bool(written) and written not in self.derived_before

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            locking.check_not_stale(self.instance, cleaned.get("loaded_version"))
        return cleaned

    def save(self, commit=True):
        if self.instance.pk:
            locking.bump(self.instance, self.cleaned_data["loaded_version"])
        return super().save(commit)


class WorkflowActionForm(forms.Form):
    """One step of the workflow, taken from the issue's page."""

    transition = forms.ChoiceField(
        choices=[(t.name, t.label) for t in workflow.TRANSITIONS.values()]
    )
    comment = forms.CharField(
        label=_("Comment or reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Required when returning or withdrawing an issue."),
    )
    publish_at = forms.DateTimeField(
        label=_("Publish time"),
        required=False,
        help_text=_("Leave empty to publish now; a later time schedules the issue."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class MergeOrganizationsForm(forms.Form):
    target = forms.ModelChoiceField(
        label=_("Keep this organization"),
        queryset=SourceOrganization.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = organizations


class MoveForm(forms.Form):
    """One arrow on the issue page: ``move=<section|article>:<id>:<up|down>``."""

    move = forms.RegexField(r"\A(section|article):[0-9]{1,18}:(up|down)\Z")

    def step(self) -> tuple[str, int, int]:
        """What moves (its kind and id), and by how many places."""
        kind, pk, direction = self.cleaned_data["move"].split(":")
        return kind, int(pk), -1 if direction == "up" else 1


class ReorderForm(forms.Form):
    """A new order from the issue page's drag and drop: of the sections, or of one
    section's articles (``order``: their ids, comma-separated)."""

    kind = forms.ChoiceField(choices=[("section", "section"), ("article", "article")])
    section = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    order = forms.CharField(required=False)

    def clean(self):
        data = super().clean()
        if data.get("kind") == "article" and data.get("section") is None:
            raise ValidationError("articles are ordered within a section")
        return data

    def ids(self) -> list[str]:
        return [part for part in self.cleaned_data["order"].split(",") if part]


class SectionHintForm(forms.Form):
    """``?section=<id>``: the section a new article is added to, if it names one."""

    section = forms.ModelChoiceField(Section.objects.select_related("issue"), required=False)
