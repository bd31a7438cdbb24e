"""``/sitemap.xml``: what search engines may index — the reader's copies of public,
live issues and of their articles (``editorial.signed.readers``), each last
modified when it went live or was signed again, whichever came later; the pages
of the sections and of the contributing organizations those articles are in.

On an office's own host name it lists that office's bulletins only
(``editorial.reading.sites``); the page cache stores it per host."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from editorial.reading import sites
from editorial.signed import readers


class ScopedSitemap(Sitemap):
    """A sitemap of the bulletins of one host name (``bulletins``: a ``readers`` filter)."""

    def __init__(self, scope):
        self.scope = scope
        self.bulletins = scope.ids


class IssueSitemap(ScopedSitemap):
    changefreq = "yearly"
    priority = 0.8

    def items(self):
        return readers.as_issues(readers.issues_for(None, self.bulletins))

    def lastmod(self, issue):
        return max(issue.publish_at, issue.signed_at)


class ArticleSitemap(ScopedSitemap):
    changefreq = "yearly"
    priority = 0.5
    limit = 5000

    def items(self):
        # One entry per address: an article signed in two issues is listed once.
        return (
            readers.articles_for(None, self.bulletins)
            .order_by()
            .values("article_id", "signed_issue__bulletin__slug")
            .annotate(
                newest=Max("issue_order"),
                signed_at=Max("signed_issue__signed_at"),
                publish_at=Max("signed_issue__issue__publish_at"),
            )
            .order_by("-newest", "article_id")
        )

    def location(self, article):
        slug = article["signed_issue__bulletin__slug"]
        return reverse("editorial:article_detail", args=[slug, article["article_id"]])

    def lastmod(self, article):
        return max(article["signed_at"], article["publish_at"])


class SectionSitemap(ScopedSitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return [
            (bulletin.slug, name)
            for bulletin in self.scope.bulletins
            for name, _ in readers.sections_for(None, bulletin.pk)
        ]

    def location(self, item):
        return reverse("editorial:section_articles", args=list(item))


class SourceSitemap(ScopedSitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        found = readers.organizations_for(None, self.bulletins)
        return sorted(found, key=lambda organization: organization.pk)


class PageSitemap(ScopedSitemap):
    changefreq = "weekly"
    priority = 1.0

    def items(self):
        pages = [("editorial:home", [])]
        for bulletin in self.scope.bulletins:
            pages += [
                ("editorial:bulletin_home", [bulletin.slug]),
                ("editorial:archive", [bulletin.slug]),
                ("editorial:section_list", [bulletin.slug]),
            ]
        return [*pages, ("editorial:tag_list", []), ("editorial:source_list", [])]

    def location(self, page):
        name, args = page
        return reverse(name, args=args)


SECTIONS = {
    "pages": PageSitemap,
    "issues": IssueSitemap,
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "sources": SourceSitemap,
}


def sitemaps_for(request) -> dict[str, Sitemap]:
    """The sitemap's sections for the bulletins the request's host name serves."""
    scope = sites.scope(request)
    return {name: section(scope) for name, section in SECTIONS.items()}
