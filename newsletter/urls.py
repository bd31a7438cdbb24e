from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("submissions/", include("editorial.submissions.urls")),
    path("", include("editorial.reading.urls")),
]

# Never a traceback: 500, and 503 when the database is unreachable (editorial/errors.py).
handler500 = "editorial.http.errors.server_error"
