"""Corrections (更正) in the admin: chief editors attach them to published articles.

Only 签发人 hold ``add_correction`` (migration 0008); who may correct which
article is ``rules.may_correct``, which the form and the permission hooks ask
on the server.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from editorial.admin.history import ChangeMessageMixin
from editorial.admin.people import person_field
from editorial.admin.scope import OfficeScopedMixin
from editorial.workflow import errata, rules
from editorial.workflow.models import Correction


class CorrectionForm(forms.ModelForm):
    # Set per request by the admin (CorrectionAdmin.get_form).
    current_user = None

    class Meta:
        model = Correction
        fields = ["article", "wrong", "right", "corrected_at"]
        widgets = {
            "wrong": forms.Textarea(attrs={"rows": 2}),
            "right": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_article(self):
        article = self.cleaned_data["article"]
        try:
            errata.ensure_may_correct(self.current_user, article)
        except errata.CorrectionRefused as refusal:
            raise forms.ValidationError(refusal.message) from None
        return article


@admin.register(Correction)
class CorrectionAdmin(OfficeScopedMixin, ChangeMessageMixin, admin.ModelAdmin):
    form = CorrectionForm
    issue_path = "article__section__issue"
    list_display = [
        "article",
        "issue_column",
        "wrong",
        "right",
        "corrected_at",
        "corrected_by_name",
    ]
    list_select_related = ["article__section__issue", "corrected_by"]
    readonly_fields = ["corrected_by_name", "noticed_in"]
    corrected_by_name = person_field("corrected_by", _("corrected by"))
    raw_id_fields = ["article"]
    search_fields = ["wrong", "right", "article__title__contains"]
    date_hierarchy = "corrected_at"
    show_full_result_count = False

    @admin.display(description=_("issue"), ordering="article__section__issue")
    def issue_column(self, correction):
        return str(correction.article.section.issue)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (
            obj is None or rules.may_correct(request.user, obj.article.section.issue)
        )

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (
            obj is None or rules.may_correct(request.user, obj.article.section.issue)
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.current_user = request.user
        return form

    def save_model(self, request, obj, form, change):
        if change:
            errata.change(obj, request.user, wrong=obj.wrong, right=obj.right)
        else:
            errata.save_new(obj, request.user)

    def delete_model(self, request, obj):
        errata.delete(obj, request.user)

    def delete_queryset(self, request, queryset):
        for correction in queryset:
            errata.delete(correction, request.user)
