"""The officer's form and the office's decision forms."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from editorial.content.models import Article, Issue, Section
from editorial.submissions.models import Submission


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked on its own (``attachments.check_upload``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,.docx,.pdf"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [upload for upload in data if upload]
        return [data] if data else []


class SubmissionForm(forms.ModelForm):
    # The text is kept exactly as submitted: no stripping.
    body = forms.CharField(
        label=_("body"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Paragraphs separated by a blank line."),
    )
    attachments = MultipleFileField(
        label=_("attachments"),
        required=False,
        help_text=_("Photos (JPEG, PNG) and documents (DOCX, PDF)."),
    )

    class Meta:
        model = Submission
        fields = ["title", "subtitle", "body", "suggested_kind", "authors", "contact_phone"]


def sections_of(office) -> QuerySet[Section]:
    """The sections of the issues of ``office``'s bulletins (an id; None: none)."""
    return Section.objects.filter(issue__bulletin__office=office).select_related("issue")


def section_choices(office):
    """Sections of ``office``'s issues still being composed, newest issue first."""
    return (
        sections_of(office)
        .exclude(issue__status=Issue.Status.PUBLISHED)
        .order_by("-issue__year", "-issue__number", "position")
    )


class SectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, section):
        return f"{section.issue} {section}"


class AdoptForm(forms.Form):
    """Adopt into a section of an issue of ``office``, the submissions' office: an
    item is adopted only into its own office's bulletins."""

    section = SectionChoiceField(label=_("issue and section"), queryset=Section.objects.none())
    kind = forms.ChoiceField(label=_("adopt as"), choices=Article.Kind.choices)
    title = forms.CharField(
        label=_("title of the article"),
        required=False,
        max_length=300,
        help_text=_("Empty: the (first) submission's title."),
    )
    comment = forms.CharField(
        label=_("comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, office=None, **kwargs):
        super().__init__(*args, **kwargs)
        # A published issue is offered too when asked for by id: the change rule decides.
        field = self.fields["section"]
        field.queryset = sections_of(office)
        field.widget.choices = [("", "---------")] + [
            (section.pk, field.label_from_instance(section)) for section in section_choices(office)
        ]


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("comment"), widget=forms.Textarea(attrs={"rows": 4}))
