"""Signing in from the editorial office (编辑后台). The admin's sign-in page serves
staff; the reading site has its own, for everyone (``editorial.reading.signin``,
``LOGIN_URL``), which this page points readers and officers to.

Someone who signs in here with no ``next`` is led on to ``landing``: an
information officer to their unit's page, 信息报送 (``/submissions/``), where
their work is; a reader, who has nothing to do in the office, to the reading
site; the editors to the admin. An explicit ``next`` is followed as before.
"""

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.urls import reverse

from editorial.content.models import works_in_office
from editorial.submissions.rules import landing_url


def login(request):
    """The admin's sign-in page, leading on to ``landing`` when no ``next`` is given."""
    asked = REDIRECT_FIELD_NAME in request.GET or REDIRECT_FIELD_NAME in request.POST
    extra_context = {"reading_sign_in": reverse("editorial:sign_in")}
    if not asked:
        extra_context[REDIRECT_FIELD_NAME] = reverse("signed_in")
    return admin.site.login(request, extra_context=extra_context)


def landing(request):
    """The editors to the admin (which asks the anonymous to sign in); officers and
    readers where the reading site's sign-in takes them."""
    user = request.user
    if not user.is_authenticated or works_in_office(user):
        return redirect("admin:index")
    return redirect(landing_url(user))
