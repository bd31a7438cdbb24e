"""People as printed: each account's name as the masthead prints it (签发人 王建国).

The printed name is Django's own ``last_name`` (姓, family name) followed by
``first_name`` (名, given name), with no space (``editorial.content.people.person_name``).
No model of our own: the user page of whoever manages users edits both fields,
and every signed-in member of staff edits their own on "My printed name"
(``my_name_view``, linked from the admin index). ``person_field`` and
``PersonRawIdWidget`` name people so in the admin's lists and forms, where
Django would show an account's login name.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.contrib.auth import get_user_model
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from editorial.content.people import person_name


class PrintedNameForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["last_name", "first_name"]
        labels = {"last_name": _("Family name (姓)"), "first_name": _("Given name (名)")}
        help_texts = {
            "last_name": _("Printed first: 王 of 王建国."),
            "first_name": _("Printed after the family name: 建国 of 王建国."),
        }


def person_field(field: str, description):
    """A ModelAdmin column or read-only field naming the person in ``field`` as
    people are named everywhere (王建国, never a login name): Django would show
    the account's ``__str__``, its login name. Use as
    ``actor_name = person_field("actor", _("by"))``."""

    @admin.display(description=description, ordering=f"{field}__last_name")
    def named(model_admin, obj):
        return person_name(getattr(obj, field), unset="") or "—"

    named.__name__ = f"{field}_name"
    return named


class PersonRawIdWidget(ForeignKeyRawIdWidget):
    """Django's raw-id box for an account, naming the person chosen (王建国) beside
    it rather than the account's login name."""

    def label_and_url_for_value(self, value):
        label, url = super().label_and_url_for_value(value)
        if label:
            key = self.rel.get_related_field().name
            user = self.rel.model._default_manager.filter(**{key: value}).first()
            label = person_name(user) if user is not None else label
        return label, url


def my_name_view(request, model_admin):
    """The signed-in person's printed name, for them to set."""
    form = PrintedNameForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            gettext("Your name is printed as: %(name)s") % {"name": person_name(request.user)},
        )
        return HttpResponseRedirect(reverse("admin:auth_user_my_name"))
    context = {
        **model_admin.admin_site.each_context(request),
        "title": gettext("My printed name"),
        "form": form,
        "printed": person_name(request.user, unset=""),
    }
    return TemplateResponse(request, "admin/editorial/my_name.html", context)
