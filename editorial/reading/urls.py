from django.contrib.sitemaps import views as sitemap_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from editorial.output import views as output_views
from editorial.reading import signin, views
from editorial.reading.caching import reading_page
from editorial.reading.feeds import IssueFeed
from editorial.reading.sitemaps import sitemaps_for

app_name = "editorial"


@reading_page(depends_on=("site",))
def sitemap_index(request):
    return sitemap_views.index(
        request, sitemaps_for(request), sitemap_url_name="editorial:sitemap_section"
    )


@reading_page(depends_on=("site",))
def sitemap_section(request, section):
    return sitemap_views.sitemap(request, sitemaps_for(request), section=section)


class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico wherever a page names no icon (feeds, files)."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("editorial/favicon.ico")


# <dbint:...>: a number the database can hold (editorial/http/converters.py); an
# address with any other is not found.
#
# Each bulletin's pages are under its slug (``Bulletin.slug``): /<bulletin>/issues/2012/8/.
# Contributors and tags span the bulletins, like search and the sitemap; the
# home page lists the bulletins (``views.home``).
in_bulletin = [
    path("", views.bulletin_home, name="bulletin_home"),
    path("issues/", views.archive, name="archive"),
    path("issues/<dbint:year>/", views.archive_year, name="archive_year"),
    path("issues/<dbint:year>/<dbint:number>/", views.issue_detail, name="issue_detail"),
    path(
        "issues/<dbint:year>/supplement/<dbint:number>/",
        views.issue_detail,
        {"series": "supplement"},
        name="supplement_detail",
    ),
    path(
        "issues/<dbint:year>/<dbint:number>.pdf",
        views.issue_file,
        {"kind": "pdf"},
        name="issue_pdf",
    ),
    path(
        "issues/<dbint:year>/<dbint:number>.docx",
        views.issue_file,
        {"kind": "docx"},
        name="issue_docx",
    ),
    path(
        "issues/<dbint:year>/supplement/<dbint:number>.pdf",
        views.issue_file,
        {"kind": "pdf", "series": "supplement"},
        name="supplement_pdf",
    ),
    path(
        "issues/<dbint:year>/supplement/<dbint:number>.docx",
        views.issue_file,
        {"kind": "docx", "series": "supplement"},
        name="supplement_docx",
    ),
    path("articles/<dbint:pk>/", views.article_detail, name="article_detail"),
    path("articles/<dbint:pk>/pictures/<path:path>", views.article_picture, name="article_picture"),
    path("sections/", views.section_list, name="section_list"),
    # Section names are Chinese; a section name may even hold a "/".
    path("sections/<path:name>/", views.section_articles, name="section_articles"),
    path("search/", views.search, name="bulletin_search"),
    path("feed/", reading_page(depends_on=("site",))(IssueFeed()), name="feed"),
]


def moved(old_route: str, name: str):
    """An address of before bulletins were data: a permanent redirect to the page
    ``name`` of the migrated bulletin, with the same arguments (``views.moved``)."""
    return path(old_route, views.moved, {"to": name})


# Every address the site had when it served one bulletin still answers: with a
# permanent redirect to the same page of the migrated bulletin (slug "bulletin").
moved_addresses = [
    moved("issues/", "archive"),
    moved("issues/<dbint:year>/", "archive_year"),
    moved("issues/<dbint:year>/<dbint:number>/", "issue_detail"),
    moved("issues/<dbint:year>/supplement/<dbint:number>/", "supplement_detail"),
    moved("issues/<dbint:year>/<dbint:number>.pdf", "issue_pdf"),
    moved("issues/<dbint:year>/<dbint:number>.docx", "issue_docx"),
    moved("issues/<dbint:year>/supplement/<dbint:number>.pdf", "supplement_pdf"),
    moved("issues/<dbint:year>/supplement/<dbint:number>.docx", "supplement_docx"),
    moved("articles/<dbint:pk>/", "article_detail"),
    moved("articles/<dbint:pk>/pictures/<path:path>", "article_picture"),
    moved("sections/", "section_list"),
    moved("sections/<path:name>/", "section_articles"),
    moved("feed/", "feed"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", signin.SignInView.as_view(), name="sign_in"),
    path("sign-out/", signin.SignOutView.as_view(), name="sign_out"),
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
    path("sources/", views.source_list, name="source_list"),
    path("sources/<dbint:pk>/", views.source_detail, name="source_detail"),
    path("tags/", views.tag_list, name="tag_list"),
    # Tag slugs are Chinese.
    path("tags/<str:slug>/", views.tag_articles, name="tag_articles"),
    path("search/", views.search, name="search"),
    path("mail/unsubscribe/<str:token>/", output_views.unsubscribe, name="unsubscribe"),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<section>.xml", sitemap_section, name="sitemap_section"),
    *moved_addresses,
    # Last: a bulletin's slug never shadows an address above.
    path("<slug:bulletin>/", include(in_bulletin)),
]
