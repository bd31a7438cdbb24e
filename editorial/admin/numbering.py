"""The 期号 registry's report in the admin: per bulletin the user works on, the
gaps and duplicates per year and series, each with links to the issues that can
fix it (``registry.report``)."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext

from editorial.offices import access
from editorial.offices.models import Bulletin
from editorial.workflow import numbering as registry

VIEW_ISSUES = "editorial.view_issue"


@dataclass
class BulletinReport:
    bulletin: Bulletin
    groups: list

    @property
    def problems(self) -> int:
        return sum(group.problems for group in self.groups)


def numbering_view(model_admin, request):
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    reports = [
        BulletinReport(bulletin, registry.report(bulletin))
        for bulletin in access.bulletins_where(request.user, VIEW_ISSUES)
    ]
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": gettext("Issue numbering: gaps and duplicates"),
        "reports": reports,
        "problems": sum(report.problems for report in reports),
        "can_add": model_admin.has_add_permission(request),
    }
    return TemplateResponse(request, "admin/editorial/issue/numbering.html", context)
