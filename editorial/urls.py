from django.urls import path

from . import views

app_name = "editorial"

urlpatterns = [
    path("", views.home, name="home"),
    path("issues/<int:year>/<int:number>/", views.issue_detail, name="issue_detail"),
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("sources/<int:pk>/", views.source_detail, name="source_detail"),
    path("sections/<str:name>/", views.section_articles, name="section_articles"),
]
