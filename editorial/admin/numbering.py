"""The 期号 registry's report in the admin: gaps and duplicates per year and series,
each with links to the issues that can fix it (``registry.report``)."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext

from editorial.workflow import numbering as registry


def numbering_view(model_admin, request):
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    groups = registry.report()
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": gettext("Issue numbering: gaps and duplicates"),
        "groups": groups,
        "problems": sum(group.problems for group in groups),
        "can_add": model_admin.has_add_permission(request),
    }
    return TemplateResponse(request, "admin/editorial/issue/numbering.html", context)
