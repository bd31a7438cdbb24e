"""``/sitemap.xml``: what search engines may index — public, published pages only."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from editorial.content.models import Article, Issue


class IssueSitemap(Sitemap):
    changefreq = "yearly"
    priority = 0.8

    def items(self):
        return Issue.objects.published().only("series", "year", "number", "updated_at")

    def lastmod(self, issue):
        return issue.updated_at


class ArticleSitemap(Sitemap):
    changefreq = "yearly"
    priority = 0.5
    limit = 5000

    def items(self):
        return (
            Article.objects.visible_to(None)
            .only("pk", "updated_at")
            .order_by("-section__issue__year", "-section__issue__number", "pk")
        )

    def lastmod(self, article):
        return article.updated_at


class PageSitemap(Sitemap):
    changefreq = "weekly"
    priority = 1.0

    def items(self):
        return ["editorial:home", "editorial:archive", "editorial:source_list"]

    def location(self, name):
        return reverse(name)


sitemaps = {"pages": PageSitemap, "issues": IssueSitemap, "articles": ArticleSitemap}
