"""Signing in. The site has one sign-in page, the admin's (``LOGIN_URL``).

Someone who opens it with no ``next`` is led on to ``landing``, which sends an
information officer to their unit's page, 信息报送 (``/submissions/``), where
their work is, and everyone else to the admin. An explicit ``next`` (the
reading site's links, ``login_required``) is followed as before.
"""

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.urls import reverse

from editorial.submissions import rules as submissions


def login(request):
    """The admin's sign-in page, leading on to ``landing`` when no ``next`` is given."""
    asked = REDIRECT_FIELD_NAME in request.GET or REDIRECT_FIELD_NAME in request.POST
    extra_context = None if asked else {REDIRECT_FIELD_NAME: reverse("signed_in")}
    return admin.site.login(request, extra_context=extra_context)


def landing(request):
    """An officer who does not also handle submissions goes to their unit's page;
    everyone else to the admin (which asks the anonymous to sign in)."""
    user = request.user
    if submissions.officer_of(user) is not None and not submissions.may_handle(user):
        return redirect("submissions:list")
    return redirect("admin:index")
