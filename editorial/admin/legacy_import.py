"""Admin upload of one legacy file (text or Word): upload, preview the parsed issue,
confirm as a draft.

The same parser, the same size limits and the same write path as ``manage.py
import_legacy``. Between preview and confirmation the file waits in storage under
the editor's id and its SHA-256 (the confirmation names only the hash), is hashed
again when confirmed, and is removed once imported; uploads left unconfirmed are
removed after a day.
"""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from editorial.content.models import Issue
from editorial.legacy.importer import ImportOptions, LegacyImporter, Outcome, sha256_of
from editorial.legacy.messages import describe, reason
from editorial.legacy.parser import MAX_BYTES
from editorial.legacy.word import MAX_WORD_BYTES, size_limit
from editorial.offices import access
from editorial.offices.models import Bulletin

# Where an upload waits for its confirmation, and for how long at most.
PENDING = "legacy-uploads"
PENDING_FOR = timedelta(days=1)


ADD_ISSUE = "editorial.add_issue"


class MetadataForm(forms.Form):
    """The bulletin to import into (those the user may add issues to), and what the
    file may not say: year, number and date (all optional)."""

    bulletin = forms.ModelChoiceField(
        label=_("Bulletin to import into"), queryset=Bulletin.objects.none(), to_field_name="slug"
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1949, max_value=2100)
    number = forms.IntegerField(label=_("Number"), required=False, min_value=1, max_value=999)
    date = forms.DateField(label=_("Date"), required=False, help_text=_("YYYY-MM-DD"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        choices = self.fields["bulletin"]
        choices.queryset = access.bulletins_where(user, ADD_ISSUE)
        bulletins = list(choices.queryset[:2])
        # One bulletin to choose from: it need not be chosen.
        self.only_bulletin = bulletins[0] if len(bulletins) == 1 else None
        if self.only_bulletin is not None:
            choices.empty_label = None
            choices.required = False
            choices.initial = self.only_bulletin.slug

    def clean_bulletin(self):
        return self.cleaned_data.get("bulletin") or self.only_bulletin

    def import_options(self, **extra) -> ImportOptions:
        data = self.cleaned_data
        return ImportOptions(
            bulletin_id=data["bulletin"].pk,
            year=data.get("year"),
            number=data.get("number"),
            date=data.get("date"),
            **extra,
        )


class UploadForm(MetadataForm):
    file = forms.FileField(label=_("Legacy file (.txt, .docx or .doc)"))

    field_order = ["file", "bulletin", "year", "number", "date"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".txt", ".docx", ".doc")):
            raise forms.ValidationError(
                _("Please upload a text file (.txt) or a Word file (.docx or .doc).")
            )
        limit = size_limit(upload.name)
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is too large: the limit is %(size)s KB.")
                % {"size": f"{limit // 1024:,}"}
            )
        return upload


class ConfirmForm(MetadataForm):
    filename = forms.CharField(widget=forms.HiddenInput, max_length=255)
    sha256 = forms.RegexField(widget=forms.HiddenInput, regex=r"^[0-9a-f]{64}$")

    def clean(self):
        cleaned = super().clean()
        data = _pending(self.user, cleaned.get("sha256", ""))
        if data is None or sha256_of(data) != cleaned.get("sha256"):
            raise forms.ValidationError(
                _("The upload does not match the preview; please upload it again.")
            )
        cleaned["data"] = data
        return cleaned


def _pending_name(user, sha256: str) -> str:
    return f"{PENDING}/{user.pk}/{sha256}"


def _keep_until_confirmed(user, data: bytes, sha256: str) -> None:
    folder = f"{PENDING}/{user.pk}"
    if default_storage.exists(folder):
        stale = timezone.now() - PENDING_FOR
        for name in default_storage.listdir(folder)[1]:
            if default_storage.get_modified_time(f"{folder}/{name}") < stale:
                default_storage.delete(f"{folder}/{name}")
    name = _pending_name(user, sha256)
    default_storage.delete(name)
    default_storage.save(name, ContentFile(data))


def _pending(user, sha256: str) -> bytes | None:
    name = _pending_name(user, sha256)
    if not sha256 or not default_storage.exists(name):
        return None
    with default_storage.open(name) as stored:
        return stored.read()


def import_legacy_view(request, model_admin):
    """Upload → preview (nothing written) → confirm (creates a draft issue)."""
    if not access.bulletins_where(request.user, ADD_ISSUE).exists():
        raise PermissionDenied
    importer = LegacyImporter()
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Issue._meta,
        "title": _("Import a legacy bulletin"),
        "max_text_kilobytes": f"{MAX_BYTES // 1024:,}",
        "max_word_megabytes": f"{MAX_WORD_BYTES // 1024 // 1024:,}",
    }
    if request.method == "POST" and "confirm" in request.POST:
        form = ConfirmForm(request.POST, user=request.user)
        if form.is_valid():
            options = form.import_options(status=Issue.Status.DRAFT, actor=request.user)
            result = importer.import_bytes(
                form.cleaned_data["data"], filename=form.cleaned_data["filename"], options=options
            )
            if result.ok or result.outcome == Outcome.ALREADY_IMPORTED:
                default_storage.delete(_pending_name(request.user, form.cleaned_data["sha256"]))
            if result.outcome == Outcome.ALREADY_IMPORTED:
                messages.warning(
                    request,
                    _("This file was imported already: %(issue)s") % {"issue": result.issue},
                )
                return redirect(_change_url(result.issue))
            if result.ok:
                messages.success(
                    request,
                    _("Imported as a draft: %(issue)s (%(count)d notes)")
                    % {"issue": result.issue, "count": len(result.warnings)},
                )
                return redirect(_change_url(result.issue))
            context.update(result=result, confirm_form=form, **_what_was_read(result))
            return TemplateResponse(request, "admin/editorial/issue/import_legacy.html", context)
        context.update(
            upload_form=UploadForm(user=request.user), confirm_errors=form.non_field_errors()
        )
        return TemplateResponse(request, "admin/editorial/issue/import_legacy.html", context)

    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            data = form.cleaned_data["file"].read()
            filename = form.cleaned_data["file"].name
            options = form.import_options(status=Issue.Status.DRAFT, dry_run=True)
            result = importer.import_bytes(data, filename=filename, options=options)
            if result.parsed is not None:
                _keep_until_confirmed(request.user, data, result.sha256)
            confirm_form = ConfirmForm(
                user=request.user,
                initial={
                    "bulletin": form.cleaned_data["bulletin"].slug,
                    "filename": filename,
                    "sha256": result.sha256,
                    "year": result.parsed.year if result.parsed else form.cleaned_data["year"],
                    "number": result.parsed.number
                    if result.parsed
                    else form.cleaned_data["number"],
                    "date": result.parsed.date if result.parsed else form.cleaned_data["date"],
                },
            )
            context.update(
                result=result,
                confirm_form=confirm_form,
                upload_form=form,
                **_what_was_read(result),
            )
            return TemplateResponse(
                request, "admin/editorial/issue/import_legacy_preview.html", context
            )
    else:
        form = UploadForm(user=request.user)
    context.update(upload_form=form)
    return TemplateResponse(request, "admin/editorial/issue/import_legacy.html", context)


def _what_was_read(result) -> dict:
    """The warnings and the lines not imported, said in the site's language."""
    parsed = result.parsed
    return {
        "error": describe(result.error) if result.error else "",
        "warnings": [describe(warning) for warning in result.warnings],
        "not_imported": [
            (line.text, reason(line.reason)) for line in (parsed.not_imported if parsed else ())
        ],
    }


def _change_url(issue: Issue) -> str:
    return reverse("admin:editorial_issue_change", args=[issue.pk])
