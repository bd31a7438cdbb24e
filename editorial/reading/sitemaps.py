"""``/sitemap.xml``: what search engines may index — the reader's copies of public,
live issues and of their articles (``editorial.signed.readers``), each last
modified when it went live or was signed again, whichever came later; the pages
of the sections and of the contributing organizations those articles are in."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from editorial.signed import readers


class IssueSitemap(Sitemap):
    changefreq = "yearly"
    priority = 0.8

    def items(self):
        return readers.as_issues(readers.issues_for(None))

    def lastmod(self, issue):
        return max(issue.publish_at, issue.signed_at)


class ArticleSitemap(Sitemap):
    changefreq = "yearly"
    priority = 0.5
    limit = 5000

    def items(self):
        # One entry per address: an article signed in two issues is listed once.
        return (
            readers.articles_for(None)
            .order_by()
            .values("article_id")
            .annotate(
                newest=Max("issue_order"),
                signed_at=Max("signed_issue__signed_at"),
                publish_at=Max("signed_issue__issue__publish_at"),
            )
            .order_by("-newest", "article_id")
        )

    def location(self, article):
        return reverse("editorial:article_detail", args=[article["article_id"]])

    def lastmod(self, article):
        return max(article["signed_at"], article["publish_at"])


class SectionSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return [name for name, _ in readers.sections_for(None)]

    def location(self, name):
        return reverse("editorial:section_articles", args=[name])


class SourceSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return sorted(readers.organizations_for(None), key=lambda organization: organization.pk)


class PageSitemap(Sitemap):
    changefreq = "weekly"
    priority = 1.0

    def items(self):
        return [
            "editorial:home",
            "editorial:archive",
            "editorial:section_list",
            "editorial:tag_list",
            "editorial:source_list",
        ]

    def location(self, name):
        return reverse(name)


sitemaps = {
    "pages": PageSitemap,
    "issues": IssueSitemap,
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "sources": SourceSitemap,
}
