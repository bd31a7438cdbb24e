from django.urls import path

from editorial.submissions import views

app_name = "submissions"

urlpatterns = [
    path("", views.submission_list, name="list"),
    path("new/", views.submission_create, name="create"),
    path("<int:pk>/", views.submission_detail, name="detail"),
    path("<int:pk>/edit/", views.submission_edit, name="edit"),
    path("<int:pk>/withdraw/", views.submission_withdraw, name="withdraw"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment",
    ),
]
