"""The admin side of search synonyms: the table editors keep (editorial/search/synonyms.py)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from editorial.admin.history import ChangeMessageMixin
from editorial.search import synonyms
from editorial.search.models import SynonymGroup


class SynonymGroupForm(forms.ModelForm):
    class Meta:
        model = SynonymGroup
        fields = ["terms"]
        widgets = {"terms": forms.TextInput(attrs={"size": 60})}

    def clean_terms(self):
        try:
            terms = synonyms.clean_terms(self.cleaned_data["terms"], exclude_pk=self.instance.pk)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        return "、".join(terms)


@admin.register(SynonymGroup)
class SynonymGroupAdmin(ChangeMessageMixin, admin.ModelAdmin):
    """One row per group of terms that mean the same; a search for one finds all."""

    form = SynonymGroupForm
    list_display = ["__str__", "updated_at"]
    search_fields = ["terms"]
    ordering = ["terms"]
    search_help_text = _("Finds the groups that contain what you type.")
