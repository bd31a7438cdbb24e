"""Each bulletin has its own pages (/<bulletin>/…): issues numbered in the
bulletin, archive, sections, articles, feed; its masthead title and publisher
come from the bulletin. The home page lists the bulletins with their latest
issue. An office's own host name serves its bulletins only, and the page
cache and sitemap keep each host's pages apart."""

import pytest

from editorial.content.models import Article, Issue
from tests.factories import default_bulletin
from tests.reading.conftest import CHANGSHU_HOST, titled

pytestmark = pytest.mark.django_db


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def both(changshu):
    """Issue 2012/1 and 2011/5 of 苏州's bulletin, 2012/2 of 常熟's."""
    suzhou = default_bulletin()
    return {
        "suzhou": titled(suzhou, 2012, 1, "苏州的文章"),
        "older": titled(suzhou, 2011, 5, "苏州的旧文章"),
        "changshu": titled(changshu, 2012, 2, "常熟的文章"),
    }


class TestAddresses:
    def test_an_issue_is_at_its_own_bulletins_address_only(self, client, both):
        assert both["changshu"].get_absolute_url() == "/changshu/issues/2012/2/"
        assert both["suzhou"].get_absolute_url() == "/bulletin/issues/2012/1/"
        assert "常熟的文章" in text(client.get("/changshu/issues/2012/2/"))
        assert client.get("/bulletin/issues/2012/2/").status_code == 404
        assert client.get("/changshu/issues/2012/1/").status_code == 404

    def test_the_same_number_in_two_bulletins_is_two_issues(self, client, changshu):
        titled(default_bulletin(), 2012, 1, "苏州的文章")
        titled(changshu, 2012, 1, "常熟的文章")
        page = text(client.get("/changshu/issues/2012/1/"))
        assert "常熟的文章" in page and "苏州的文章" not in page
        page = text(client.get("/bulletin/issues/2012/1/"))
        assert "苏州的文章" in page and "常熟的文章" not in page

    def test_a_bulletin_that_does_not_exist_is_not_found(self, client, both):
        assert client.get("/nowhere/issues/2012/1/").status_code == 404
        assert client.get("/nowhere/").status_code == 404

    def test_an_article_is_at_its_own_bulletin_only(self, client, both):
        article = Article.objects.get(section__issue=both["changshu"])
        assert article.get_absolute_url() == f"/changshu/articles/{article.pk}/"
        assert client.get(article.get_absolute_url()).status_code == 200
        assert client.get(f"/bulletin/articles/{article.pk}/").status_code == 404

    def test_the_files_of_an_issue_are_at_its_bulletin(self, client, both):
        page = text(client.get("/changshu/issues/2012/2/"))
        assert 'href="/changshu/issues/2012/2.pdf"' in page
        assert 'href="/changshu/issues/2012/2.docx"' in page


class TestEachBulletinsPages:
    def test_the_frame_shows_the_bulletins_masthead_title_and_publisher(self, client, both):
        page = text(client.get("/changshu/issues/2012/2/"))
        assert '<a class="site-name" href="/changshu/">常熟工会简报</a>' in page
        assert "常熟市总工会办公室编" in page
        assert 'href="/changshu/feed/"' in page
        page = text(client.get("/bulletin/issues/2012/1/"))
        assert '<a class="site-name" href="/bulletin/">' in page
        assert "常熟工会简报" not in page.split("<main")[0]

    def test_a_renamed_bulletin_shows_its_new_name(self, client, both, changshu, committed):
        text(client.get("/changshu/issues/2012/2/"))
        with committed():
            changshu.name = "常熟工运信息"
            changshu.save()
        page = text(client.get("/changshu/issues/2012/2/"))
        assert '<a class="site-name" href="/changshu/">常熟工运信息</a>' in page

    def test_the_archive_lists_the_bulletins_own_issues(self, client, both):
        issues = client.get("/bulletin/issues/").context["issues"]
        assert [(i.year, i.number) for i in issues] == [(2012, 1), (2011, 5)]
        issues = client.get("/changshu/issues/").context["issues"]
        assert [(i.year, i.number) for i in issues] == [(2012, 2)]
        assert client.get("/changshu/issues/2011/").status_code == 404

    def test_the_neighbours_are_in_the_same_bulletin(self, client, both):
        page = text(client.get("/bulletin/issues/2012/1/"))
        assert 'rel="prev" href="/bulletin/issues/2011/5/"' in page
        page = text(client.get("/changshu/issues/2012/2/"))
        assert 'rel="prev"' not in page

    def test_sections_are_the_bulletins_own(self, client, both):
        listed = client.get("/changshu/sections/工作动态/").context["articles"]
        assert [a.title for a in listed] == ["常熟的文章"]
        sections = client.get("/changshu/sections/").context["sections"]
        assert [s["url"] for s in sections] == [
            "/changshu/sections/%E5%B7%A5%E4%BD%9C%E5%8A%A8%E6%80%81/"
        ]

    def test_the_feed_is_the_bulletins(self, client, both):
        feed = text(client.get("/changshu/feed/"))
        assert "<title>常熟工会简报</title>" in feed
        assert "<name>常熟市总工会办公室编</name>" in feed
        assert "常熟的文章" in feed and "苏州的文章" not in feed
        feed = text(client.get("/bulletin/feed/"))
        assert "常熟的文章" not in feed and "苏州的文章" in feed


class TestTheHomePage:
    def test_it_lists_each_bulletin_with_its_latest_issue(self, client, both):
        page = text(client.get("/"))
        assert 'href="/bulletin/issues/2012/1/"' in page
        assert 'href="/changshu/issues/2012/2/"' in page
        assert 'href="/bulletin/issues/2011/5/"' not in page
        assert "常熟工会简报" in page

    def test_a_bulletin_with_nothing_the_reader_may_read_is_not_listed(self, client, changshu):
        titled(default_bulletin(), 2012, 1, "苏州的文章")
        titled(changshu, 2012, 2, "常熟的内部文章", visibility=Issue.Visibility.INTERNAL)
        page = text(client.get("/"))
        assert "/changshu/" not in page.split("<main")[1]

    def test_with_one_bulletin_it_shows_the_latest_issue_in_full(self, client):
        titled(default_bulletin(), 2012, 1, "唯一刊物的文章")
        assert "唯一刊物的文章" in text(client.get("/"))
        assert "唯一刊物的文章" in text(client.get("/bulletin/"))


class TestAnOfficesHostName:
    @pytest.fixture(autouse=True)
    def hosts(self, settings):
        settings.ALLOWED_HOSTS = ["testserver", CHANGSHU_HOST]

    def get(self, client, url, host=CHANGSHU_HOST):
        return client.get(url, HTTP_HOST=host)

    def test_its_home_page_shows_its_bulletin_only(self, client, both):
        page = text(self.get(client, "/"))
        assert "常熟的文章" in page  # its one bulletin's latest issue, in full
        assert "/bulletin/" not in page

    def test_another_offices_bulletin_is_not_found_there(self, client, both):
        assert self.get(client, "/bulletin/issues/2012/1/").status_code == 404
        assert self.get(client, "/bulletin/").status_code == 404
        assert self.get(client, "/changshu/issues/2012/2/").status_code == 200

    def test_its_lists_and_sitemap_hold_its_bulletins_only(self, client, both):
        for url in ("/sources/", "/tags/", "/sitemap-pages.xml", "/sitemap-issues.xml"):
            page = text(self.get(client, url))
            assert "/bulletin/" not in page, url
        sitemap = text(self.get(client, "/sitemap-issues.xml"))
        assert f"http://{CHANGSHU_HOST}/changshu/issues/2012/2/" in sitemap
        assert "/bulletin/issues/2012/1/" in text(client.get("/sitemap-issues.xml"))

    def test_the_page_cache_keeps_each_hosts_home_page(self, client, both):
        here = text(self.get(client, "/"))
        elsewhere = text(client.get("/"))
        assert here != elsewhere
        assert text(self.get(client, "/")) == here
        assert text(client.get("/")) == elsewhere
        first = self.get(client, "/")
        assert first["ETag"] != client.get("/")["ETag"]
        revalidated = client.get("/", HTTP_HOST=CHANGSHU_HOST, HTTP_IF_NONE_MATCH=first["ETag"])
        assert revalidated.status_code == 304
