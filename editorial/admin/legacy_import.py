"""Admin upload of one legacy file (text or Word): upload, preview the parsed issue,
confirm as a draft.

The same parser and the same write path as ``manage.py import_legacy``. Between
preview and confirmation the file travels back in the form (base64 in a hidden
field) and is hashed again on confirmation: no server-side temporary state.
"""

from __future__ import annotations

import base64
import binascii

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from editorial.content.models import Issue
from editorial.legacy.importer import ImportOptions, LegacyImporter, Outcome, sha256_of
from editorial.legacy.messages import describe, reason
from editorial.legacy.parser import MAX_BYTES


class MetadataForm(forms.Form):
    """What the file may not say: year, number and date (all optional)."""

    year = forms.IntegerField(label=_("Year"), required=False, min_value=1949, max_value=2100)
    number = forms.IntegerField(label=_("Number"), required=False, min_value=1, max_value=999)
    date = forms.DateField(label=_("Date"), required=False, help_text=_("YYYY-MM-DD"))

    def import_options(self, **extra) -> ImportOptions:
        data = self.cleaned_data
        return ImportOptions(
            year=data.get("year"), number=data.get("number"), date=data.get("date"), **extra
        )


class UploadForm(MetadataForm):
    file = forms.FileField(label=_("Legacy file (.txt, .docx or .doc)"))

    field_order = ["file", "year", "number", "date"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".txt", ".docx", ".doc")):
            raise forms.ValidationError(
                _("Please upload a text file (.txt) or a Word file (.docx or .doc).")
            )
        limit = upload_limit()
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is too large: the limit is %(size)s KB.")
                % {"size": f"{limit // 1024:,}"}
            )
        return upload


def upload_limit() -> int:
    """The largest file that can make the round trip: the confirmation re-posts it in
    base64 (4/3 of its size), which must fit Django's DATA_UPLOAD_MAX_MEMORY_SIZE.
    With the project's settings that is the command's limit for a text file,
    ``MAX_BYTES`` (a test holds it so)."""
    form_limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if form_limit is None:
        return MAX_BYTES
    return min(MAX_BYTES, (form_limit - 64 * 1024) * 3 // 4)


class ConfirmForm(MetadataForm):
    content = forms.CharField(widget=forms.HiddenInput)
    filename = forms.CharField(widget=forms.HiddenInput, max_length=255)
    sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def clean(self):
        cleaned = super().clean()
        try:
            data = base64.b64decode(cleaned.get("content", ""), validate=True)
        except (binascii.Error, ValueError):
            raise forms.ValidationError(
                _("The upload is damaged; please upload it again.")
            ) from None
        if sha256_of(data) != cleaned.get("sha256"):
            raise forms.ValidationError(
                _("The upload does not match the preview; please upload it again.")
            )
        cleaned["data"] = data
        return cleaned


def import_legacy_view(request, model_admin):
    """Upload → preview (nothing written) → confirm (creates a draft issue)."""
    if not request.user.has_perm("editorial.add_issue"):
        raise PermissionDenied
    importer = LegacyImporter()
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Issue._meta,
        "title": _("Import a legacy bulletin"),
        "max_kilobytes": f"{upload_limit() // 1024:,}",
    }
    if request.method == "POST" and "confirm" in request.POST:
        form = ConfirmForm(request.POST)
        if form.is_valid():
            options = form.import_options(status=Issue.Status.DRAFT, actor=request.user)
            result = importer.import_bytes(
                form.cleaned_data["data"], filename=form.cleaned_data["filename"], options=options
            )
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
        context.update(upload_form=UploadForm(), confirm_errors=form.non_field_errors())
        return TemplateResponse(request, "admin/editorial/issue/import_legacy.html", context)

    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data["file"].read()
            filename = form.cleaned_data["file"].name
            options = form.import_options(status=Issue.Status.DRAFT, dry_run=True)
            result = importer.import_bytes(data, filename=filename, options=options)
            confirm_form = ConfirmForm(
                initial={
                    "content": base64.b64encode(data).decode("ascii"),
                    "filename": filename,
                    "sha256": result.sha256,
                    "year": result.parsed.year if result.parsed else form.cleaned_data["year"],
                    "number": result.parsed.number
                    if result.parsed
                    else form.cleaned_data["number"],
                    "date": result.parsed.date if result.parsed else form.cleaned_data["date"],
                }
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
        form = UploadForm()
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
