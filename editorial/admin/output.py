"""The issue's files and e-mail on its admin page: the signed PDF and Word file
(the readers' addresses); an editor's preview PDF of the working copy — a
draft as it would print — rendered on request, never kept and never cached;
the office's choice to attach the PDF to the issue's e-mail (an inline of the
issue form, open to whoever may change the issue); and the deliveries of the
e-mail, one per recipient, sent or failed with the reason.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers

from editorial.admin.base import may_change_issue_of
from editorial.content.models import Issue
from editorial.output import files
from editorial.output.models import Delivery, IssueMailing


class MailingInline(admin.StackedInline):
    """The e-mail's option, part of the issue: who may change the issue sets it."""

    model = IssueMailing
    fields = ["attach_pdf"]
    extra = 1
    max_num = 1
    can_delete = False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("editorial.view_issue") or self.has_change_permission(
            request, obj
        )

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("editorial.change_issue") and may_change_issue_of(
            request.user, obj
        )

    def has_add_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


def issue_urls(model_admin) -> list:
    view = model_admin.admin_site.admin_view
    return [
        path(
            "<path:object_id>/preview.pdf",
            view(lambda request, object_id: preview_pdf_view(model_admin, request, object_id)),
            name="editorial_issue_preview_pdf",
        ),
    ]


def preview_pdf_view(model_admin, request, object_id):
    """The working copy as PDF, for whoever may see the issue in the admin."""
    issue = model_admin.get_object(request, unquote(object_id))
    if issue is None:
        raise Http404
    if not model_admin.has_view_or_change_permission(request, issue):
        raise PermissionDenied
    preview = files.draft_pdf(issue)
    try:
        content = preview.content()
    except files.RenderUnavailable as unavailable:
        return files.unavailable(request, unavailable)
    response = HttpResponse(content, content_type=preview.content_type)
    response["Content-Disposition"] = preview.disposition
    response["X-Robots-Tag"] = "noindex"
    add_never_cache_headers(response)
    return response


def panel_context(issue: Issue) -> dict:
    """The links of the issue page's files panel."""
    prefix = "supplement" if issue.is_supplement else "issue"
    signed = issue.versions.exists()
    address = [issue.bulletin.slug, issue.year, issue.number]
    deliveries = list(issue.deliveries.order_by("status", "address"))
    return {
        "render_problems": files.render_problems(issue),
        "deliveries": deliveries,
        "deliveries_sent": sum(d.status == Delivery.Status.SENT for d in deliveries),
        "preview_pdf_url": reverse("admin:editorial_issue_preview_pdf", args=[issue.pk]),
        "signed_pdf_url": (reverse(f"editorial:{prefix}_pdf", args=address) if signed else ""),
        "signed_docx_url": (reverse(f"editorial:{prefix}_docx", args=address) if signed else ""),
    }
