"""Signing in and out on the reading site, for everyone: readers and information
officers (who need no staff status) as well as editors.

Django's ``LoginView`` with our landing: an explicit ``next`` is followed (the
internal issue that asked for it, an officer's page); with none, an
information officer lands on 信息报送, everyone else on the reading site.
Sign-in throttling (django-axes) applies as on the admin's page: it guards
``authenticate`` itself. A reader sent here by an internal issue is told why
(``?reason=internal``).
"""

from urllib.parse import urlencode

from django.contrib.auth import views as auth_views
from django.urls import reverse

from editorial.submissions import rules as submissions

INTERNAL = "internal"


def sign_in_url(next_path: str, *, reason: str = "") -> str:
    """The sign-in page, leading back to ``next_path``, saying ``reason`` if given."""
    query = {"next": next_path, **({"reason": reason} if reason else {})}
    return f"{reverse('editorial:sign_in')}?{urlencode(query)}"


class SignInView(auth_views.LoginView):
    template_name = "editorial/sign_in.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return submissions.landing_url(self.request.user)

    def get_context_data(self, **kwargs):
        reason = self.request.GET.get("reason")
        return {**super().get_context_data(**kwargs), "for_internal": reason == INTERNAL}


class SignOutView(auth_views.LogoutView):
    """Signing out is a POST (Django's rule); the page links here, a GET, and this
    page asks to confirm, so that no reading page holds a CSRF token (which would
    change its ETag on every request)."""

    template_name = "editorial/sign_out.html"
    http_method_names = ["get", "post", "options"]
    next_page = "editorial:home"
