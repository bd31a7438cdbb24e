"""The Atom feed and the sitemap: public, published issues only."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from editorial.content.models import Article, Issue
from tests.factories import make_issue

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def issues():
    return {
        "public": make_issue(year=2012, number=8),
        "draft": make_issue(year=2012, number=9, status=Issue.Status.DRAFT),
        "scheduled": make_issue(
            year=2012, number=10, publish_at=timezone.now() + timedelta(days=1)
        ),
        "internal": make_issue(year=2012, number=11, visibility=Issue.Visibility.INTERNAL),
    }


def feed_entries(client):
    response = client.get(reverse("editorial:feed", args=["bulletin"]))
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    return root, root.findall(f"{ATOM}entry")


def sitemap_locations(client, section):
    response = client.get(reverse("editorial:sitemap_section", args=[section]))
    root = ElementTree.fromstring(response.content)
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


class TestFeed:
    def test_it_is_an_atom_feed_of_the_public_issues(self, client, issues):
        root, entries = feed_entries(client)
        assert root.find(f"{ATOM}title").text == "工会工作简报"
        assert [e.find(f"{ATOM}title").text for e in entries] == ["工会工作简报 2012年第8期"]
        link = entries[0].find(f"{ATOM}link").get("href")
        assert link == "http://testserver" + issues["public"].get_absolute_url()

    def test_an_entry_carries_the_table_of_contents_with_absolute_links(self, client, issues):
        _, entries = feed_entries(client)
        summary = entries[0].find(f"{ATOM}summary").text
        article = Article.objects.get(section__issue=issues["public"])
        assert "【工作动态】" in summary
        assert f'href="http://testserver{article.get_absolute_url()}"' in summary

    def test_staff_get_the_public_feed_too(self, client, issues, staff):
        client.force_login(staff)
        _, entries = feed_entries(client)
        assert len(entries) == 1


class TestSitemap:
    def test_the_index_lists_the_sections(self, client, issues):
        response = client.get(reverse("editorial:sitemap"))
        body = response.content.decode()
        for section in ("pages", "issues", "articles"):
            assert reverse("editorial:sitemap_section", args=[section]) in body

    def test_it_lists_public_published_issues_only(self, client, issues):
        assert sitemap_locations(client, "issues") == [
            "http://testserver" + issues["public"].get_absolute_url()
        ]

    def test_it_lists_their_articles_only(self, client, issues):
        article = Article.objects.get(section__issue=issues["public"])
        assert sitemap_locations(client, "articles") == [
            "http://testserver" + article.get_absolute_url()
        ]

    def test_it_lists_the_main_pages(self, client, issues):
        assert "http://testserver/bulletin/issues/" in sitemap_locations(client, "pages")
