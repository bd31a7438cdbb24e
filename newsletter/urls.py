from django.contrib import admin
from django.urls import include, path

from editorial.admin import signin

urlpatterns = [
    # Before the admin's own: its sign-in page leads officers on to 信息报送.
    path("admin/login/", signin.login),
    path("admin/signed-in/", signin.landing, name="signed_in"),
    path("admin/", admin.site.urls),
    path("submissions/", include("editorial.submissions.urls")),
    path("", include("editorial.reading.urls")),
    # Nothing in MEDIA_ROOT is served directly (attachments, issue files, pictures):
    # each has a view that checks who asks.
]

# Never a traceback: 500, and 503 when the database is unreachable (editorial/errors.py).
handler500 = "editorial.http.errors.server_error"
