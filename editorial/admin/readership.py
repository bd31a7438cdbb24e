"""The admin side of readership: each staff account's unit (on the user page) and
the read receipts (a read-only list, and each issue's CSV). Django's user and
group admins are registered here with ours (the unit; history in Chinese).

The per-unit table on the issue page is ``templates/admin/editorial/issue/_receipts.html``
(rows from ``readership.receipt_rows``); this module serves its CSV download.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _

from editorial.admin import people
from editorial.admin.base import KnownChoicesAutocompleteMixin
from editorial.admin.history import ChangeMessageMixin
from editorial.admin.offices import UserMembershipInline
from editorial.admin.readonly import RecordAdmin
from editorial.admin.scope import OfficeScopedMixin, visible
from editorial.content import readership
from editorial.content.models import Issue, ReadReceipt, UnitMembership
from editorial.content.people import person_name
from editorial.content.spreadsheets import content_disposition
from editorial.offices.models import Membership

User = get_user_model()


class UnitMembershipInline(KnownChoicesAutocompleteMixin, admin.StackedInline):
    model = UnitMembership
    can_delete = True
    extra = 0
    max_num = 1
    autocomplete_fields = ["unit"]
    verbose_name_plural = _("unit (internal issues are readable when it is on their list)")


if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(ChangeMessageMixin, UserAdmin):
    """Django's user admin, with the unit each account belongs to."""

    inlines = [*UserAdmin.inlines, UnitMembershipInline, UserMembershipInline]
    list_display = [
        *UserAdmin.list_display,
        "printed_name_column",
        "unit_column",
        "offices_column",
    ]
    # 姓 and 名 as the masthead prints them (editorial/admin/people.py).
    fieldsets = [
        (None, {"fields": ("username", "password")}),
        (
            _("Name as printed"),
            {
                "fields": ("last_name", "first_name", "email"),
                "description": _("Printed family name first, no space: 王建国 is 王 + 建国."),
            },
        ),
        *UserAdmin.fieldsets[2:],
    ]

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "my-name/",
                view(lambda request: people.my_name_view(request, model_admin=self)),
                name="auth_user_my_name",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("name as printed"), ordering="last_name")
    def printed_name_column(self, user):
        return person_name(user, unset="—")

    list_filter = [
        *UserAdmin.list_filter,
        "unit_membership__unit",
        "office_memberships__office",
        "office_memberships__role",
    ]
    list_select_related = ["unit_membership__unit"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "office_memberships",
                    queryset=Membership.objects.select_related("office").order_by("office__name"),
                )
            )
        )

    @admin.display(description=_("offices"))
    def offices_column(self, user):
        """Where the person edits or signs off: 苏州市总工会办公室（签发人）."""
        return (
            "、".join(
                f"{membership.office.name}（{membership.get_role_display()}）"
                for membership in user.office_memberships.all()
            )
            or "—"
        )

    @admin.display(description=_("unit"), ordering="unit_membership__unit__name")
    def unit_column(self, user):
        membership = getattr(user, "unit_membership", None)
        return membership.unit.name if membership is not None else "—"


if admin.site.is_registered(Group):
    admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(ChangeMessageMixin, GroupAdmin):
    """Django's group admin (the roles 编辑 and 签发人), its history in Chinese."""


@admin.register(ReadReceipt)
class ReadReceiptAdmin(OfficeScopedMixin, RecordAdmin):
    """Who has read what: recorded by the reading site, never edited; the
    receipts of the issues of the user's offices."""

    issue_path = "issue"

    list_display = ["issue", "recipient", "read_at", "read_by_name"]
    read_by_name = people.person_field("read_by", _("read by"))
    list_filter = ["issue__year"]
    list_select_related = ["issue", "recipient", "read_by"]
    search_fields = ["recipient__name"]
    date_hierarchy = "read_at"
    show_full_result_count = False

    def get_urls(self):
        return [
            path(
                "issue/<dbint:issue_id>/csv/",
                self.admin_site.admin_view(self.csv_view),
                name="editorial_readreceipt_csv",
            ),
            path(
                "issue/<int:issue_id>/xlsx/",
                self.admin_site.admin_view(self.xlsx_view),
                name="editorial_readreceipt_xlsx",
            ),
            *super().get_urls(),
        ]

    def csv_view(self, request, issue_id):
        """The issue's receipts per unit on its list: 已阅 (when, by whom) or 未阅."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        issue = get_object_or_404(visible(Issue.objects.all(), request.user), pk=issue_id)
        body = readership.receipts_csv(readership.receipt_rows(issue))
        response = HttpResponse("\ufeff" + body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = content_disposition(
            *readership.receipts_file_name(issue, "csv")
        )
        return response

    def xlsx_view(self, request, issue_id):
        """The same receipts as a spreadsheet the office prints as it is."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        issue = get_object_or_404(visible(Issue.objects.all(), request.user), pk=issue_id)
        response = HttpResponse(
            readership.receipts_xlsx(issue, readership.receipt_rows(issue)),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = content_disposition(
            *readership.receipts_file_name(issue, "xlsx")
        )
        return response
