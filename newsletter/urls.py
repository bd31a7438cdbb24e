from django.conf import settings
from django.conf.urls.static import static
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
    # Pictures of articles: served by the web server in production, by Django in DEBUG.
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
]

# Never a traceback: 500, and 503 when the database is unreachable (editorial/errors.py).
handler500 = "editorial.http.errors.server_error"
