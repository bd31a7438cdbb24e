from django.urls import path

from editorial.submissions import views

app_name = "submissions"

# <dbint:...>: a number the database can hold (editorial/http/converters.py).
urlpatterns = [
    path("", views.submission_list, name="list"),
    path("new/", views.submission_create, name="create"),
    path("<dbint:pk>/", views.submission_detail, name="detail"),
    path("<dbint:pk>/edit/", views.submission_edit, name="edit"),
    path("<dbint:pk>/withdraw/", views.submission_withdraw, name="withdraw"),
    path(
        "<dbint:pk>/attachments/<dbint:attachment_pk>/",
        views.attachment_download,
        name="attachment",
    ),
]
